import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';

const PROBLEM_TYPE = 'application/problem+json';
const PROBE_RECORD = '{"name":"alive","value":"ok"}';

describe('consistency token (Ledger-Block / Ledger-Min-Block)', () => {
    let gateway: TestGateway;

    beforeAll(async () => {
        gateway = await startTestGateway({ consistency: { maxWaitMs: 50, pollMs: 10 } });
    });

    afterAll(async () => {
        await gateway.close();
    });

    beforeEach(() => {
        gateway.ledger.on('Probe:Get', () => PROBE_RECORD);
        gateway.ledger.on('Probe:Put', () => PROBE_RECORD);
        gateway.ledger.evaluated.length = 0;
        gateway.ledger.endorsed.length = 0;
    });

    async function read(minBlock?: string) {
        const headers = await gateway.auth();
        return gateway.app.inject({
            method: 'GET',
            url: '/v1/probes/alive',
            headers: minBlock === undefined ? headers : { ...headers, 'ledger-min-block': minBlock },
        });
    }

    async function write(minBlock?: string) {
        const headers = await gateway.auth();
        return gateway.app.inject({
            method: 'PUT',
            url: '/v1/probes/alive',
            headers: minBlock === undefined ? headers : { ...headers, 'ledger-min-block': minBlock },
            payload: { value: 'ok' },
        });
    }

    it('answers a write with its block number in the body and in the Ledger-Block header', async () => {
        const response = await write();
        expect(response.statusCode).toBe(200);
        const { blockNumber } = response.json<{ blockNumber: number }>();
        expect(blockNumber).toBe(Number(gateway.ledger.blockHeight));
        expect(response.headers['ledger-block']).toBe(String(blockNumber));
    });

    it('runs a read naming a block this gateway saw committed without asking the peer for its height', async () => {
        const block = (await write()).headers['ledger-block'] as string;
        const readsBefore = gateway.ledger.heightReads;
        const response = await read(block);
        expect(response.statusCode).toBe(200);
        expect(response.body).toBe(PROBE_RECORD);
        expect(gateway.ledger.heightReads).toBe(readsBefore);
    });

    it('holds a read until the peer commits the named block', async () => {
        const next = gateway.ledger.blockHeight + 1n;
        const readsBefore = gateway.ledger.heightReads;
        const pending = read(next.toString());
        while (gateway.ledger.heightReads === readsBefore) {
            await new Promise((resolve) => setImmediate(resolve));
        }
        expect(gateway.ledger.evaluated).toHaveLength(0);
        // Another organisation's write lands in the next block.
        gateway.ledger.emit('probe.put', { name: 'alive' });
        const response = await pending;
        expect(response.statusCode).toBe(200);
        expect(gateway.ledger.evaluated).toHaveLength(1);
    });

    it('answers 503 LEDGER_MIN_BLOCK_NOT_REACHED with Retry-After when the block does not come in time', async () => {
        const ahead = (gateway.ledger.blockHeight + 5n).toString();
        for (const response of [await read(ahead), await write(ahead)]) {
            expect(response.statusCode).toBe(503);
            expect(response.headers['content-type']).toContain(PROBLEM_TYPE);
            expect(response.headers['retry-after']).toBe('1');
            expect(response.json()).toMatchObject({
                code: 'LEDGER_MIN_BLOCK_NOT_REACHED',
                minBlock: ahead,
                committedBlock: gateway.ledger.blockHeight.toString(),
            });
        }
        expect(gateway.ledger.evaluated).toHaveLength(0);
        expect(gateway.ledger.endorsed).toHaveLength(0);
    });

    it.each(['abc', '-1', '1.5', '0x10', '1e3', ' 7', '9223372036854775808', '123456789012345678901', '', '٣'])(
        'refuses Ledger-Min-Block %j with 400 LEDGER_MIN_BLOCK_INVALID and touches no ledger',
        async (value) => {
            for (const response of [await read(value), await write(value)]) {
                expect(response.statusCode).toBe(400);
                expect(response.headers['content-type']).toContain(PROBLEM_TYPE);
                expect(response.json()).toMatchObject({ code: 'LEDGER_MIN_BLOCK_INVALID' });
            }
            expect(gateway.ledger.evaluated).toHaveLength(0);
            expect(gateway.ledger.endorsed).toHaveLength(0);
        },
    );

    it('documents Ledger-Min-Block as a header parameter of every ledger route in the OpenAPI document', async () => {
        const document = (await gateway.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<{
            paths: Record<
                string,
                Record<string, { description?: string; parameters?: { in: string; name: string }[] }>
            >;
        }>();
        const ledgerOperations = Object.values(document.paths)
            .flatMap((operations) => Object.values(operations))
            .filter((operation) => operation.description?.includes('Chaincode: `'));
        expect(ledgerOperations.length).toBeGreaterThan(20);
        for (const operation of ledgerOperations) {
            expect(operation.parameters).toContainEqual(
                expect.objectContaining({ in: 'header', name: 'ledger-min-block' }),
            );
        }
    });

    it('accepts the largest block number as well-formed', async () => {
        const response = await read('9223372036854775807');
        expect(response.json()).toMatchObject({ code: 'LEDGER_MIN_BLOCK_NOT_REACHED' });
    });
});
