import { describe, expect, it } from 'vitest';
import { startTestGateway } from '../../testing/test-gateway.js';

describe('the per-subject write budget', () => {
    it('is checked before the body is read: an over-budget write is refused 429 whatever its body', async () => {
        const gateway = await startTestGateway({
            limits: { maxEventLoopDelayMs: 0, writeRateLimitMax: 1, bodyLimitBytes: 1_024 },
        });
        try {
            const headers = { ...(await gateway.auth()), 'content-type': 'application/json' };
            const put = (payload: string) =>
                gateway.app.inject({ method: 'PUT', url: '/v1/probes/alive', headers, payload });
            const first = await put(JSON.stringify({ value: 'yes' }));
            const malformed = await put('{"value":');
            const oversized = await put(JSON.stringify({ value: 'x'.repeat(4_096) }));

            expect(first.statusCode).toBe(200);
            expect([malformed.statusCode, oversized.statusCode]).toEqual([429, 429]);
            expect(oversized.json()).toMatchObject({ code: 'RATE_LIMITED', budget: 'write', limit: 1 });
        } finally {
            await gateway.close();
        }
    });
});
