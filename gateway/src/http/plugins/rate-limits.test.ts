import { Readable } from 'node:stream';
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

    it('refuses a sealed upload over the budget before reading its body (at most what the stream buffers ahead)', async () => {
        const gateway = await startTestGateway({ limits: { maxEventLoopDelayMs: 0, writeRateLimitMax: 1 } });
        try {
            const headers = await gateway.auth();
            const first = await gateway.app.inject({
                method: 'PUT',
                url: '/v1/probes/alive',
                headers,
                payload: { value: 'yes' },
            });
            const body = JSON.stringify({ fingerprints: Array.from({ length: 2_000 }, () => 'ab'.repeat(32)) });
            let pulled = 0;
            const chunks = function* (): Generator<Buffer> {
                for (let offset = 0; offset < body.length; offset += 1_000) {
                    const chunk = Buffer.from(body.slice(offset, offset + 1_000));
                    pulled += chunk.length;
                    yield chunk;
                }
            };
            const sealed = await gateway.app.inject({
                method: 'POST',
                url: '/v1/anchors/sealed',
                headers: { ...headers, 'content-type': 'application/json', 'content-length': String(body.length) },
                payload: Readable.from(chunks(), { objectMode: false, highWaterMark: 1 }),
            });

            expect(first.statusCode).toBe(200);
            expect(sealed.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED', budget: 'write' });
            expect(pulled).toBeLessThan(body.length);
            expect(gateway.ledger.endorsed).toHaveLength(1);
        } finally {
            await gateway.close();
        }
    });
});
