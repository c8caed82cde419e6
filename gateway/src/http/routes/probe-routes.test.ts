import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';

describe('probe routes', () => {
    let gateway: TestGateway;

    beforeEach(async () => {
        gateway = await startTestGateway();
    });

    afterEach(async () => {
        await gateway.close();
    });

    it('submits Probe:Put with two string arguments and wraps the answer with the transaction', async () => {
        gateway.ledger.on('Probe:Put', (call) => JSON.stringify({ name: call.args[0], value: call.args[1] }));
        const response = await gateway.app.inject({
            method: 'PUT',
            url: '/v1/probes/alive',
            headers: await gateway.auth(),
            payload: { value: 'yes' },
        });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({ blockNumber: 11, result: { name: 'alive', value: 'yes' }, txId: 'tx0001' });
        expect(gateway.ledger.endorsed[0]).toMatchObject({
            identity: 'User1',
            name: 'Probe:Put',
            args: ['alive', 'yes'],
        });
    });

    it('evaluates Probe:Get and returns the chaincode answer unchanged', async () => {
        gateway.ledger.on('Probe:Get', () => '{"name":"alive","value":"yes"}');
        const response = await gateway.app.inject({
            method: 'GET',
            url: '/v1/probes/alive',
            headers: await gateway.auth(),
        });
        expect(response.statusCode).toBe(200);
        expect(response.body).toBe('{"name":"alive","value":"yes"}');
        expect(gateway.ledger.evaluated[0]).toMatchObject({ name: 'Probe:Get', args: ['alive'] });
    });
});
