import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';

describe('graceful shutdown', () => {
    let gateway: TestGateway | undefined;
    let release: () => void = () => undefined;

    afterEach(async () => {
        release();
        await gateway?.close().catch(() => undefined);
    });

    it('lets an in-flight write finish before the app closes, and refuses new work meanwhile', async () => {
        gateway = await startTestGateway();
        const { app, ledger } = gateway;
        release = ledger.hold();
        ledger.on('Probe:Put', (call) => JSON.stringify({ name: call.args[0], value: call.args[1] }));
        const address = await app.listen({ host: '127.0.0.1', port: 0 });
        const headers = { ...(await gateway.auth()), 'content-type': 'application/json' };

        const inFlight = fetch(`${address}/v1/probes/draining`, {
            method: 'PUT',
            headers,
            body: JSON.stringify({ value: 'kept' }),
        });
        await ledger.endorsements(1);
        let closed = false;
        const closing = app.close().then(() => (closed = true));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(closed).toBe(false);

        // The listener is closed: a new connection is refused while the running request goes on.
        await expect(fetch(`${address}/healthz`, { headers: { connection: 'close' } })).rejects.toThrow();

        release();
        const response = await inFlight;
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ result: { name: 'draining', value: 'kept' } });
        await closing;
        expect(closed).toBe(true);
        expect(ledger.closed).toBe(true);
    });
});
