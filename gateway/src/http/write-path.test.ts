import { type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TransactionCall } from '../fabric/ledger-client.js';
import { writeOperations, type OpenApiDocument, type WriteRequest } from '../testing/openapi-write-requests.js';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { startTestTsa, type TestTsa } from '../testing/test-tsa.js';
import { recordedReceipt } from '../testing/recorded-receipts.js';

/**
 * Every operation that writes to the ledger goes through the shared write path (`idempotent-submit.ts`): its answer
 * names the transaction in `x-transaction-id`, and an `Idempotency-Key` makes a repeat replay the first answer
 * without writing again. The operations come from the OpenAPI document, so a new write route that bypasses the
 * shared path fails here without anyone listing it.
 */

/** POST operations that verify or report without writing to the ledger. */
const NOT_LEDGER_WRITES = new Set(['verifyDocument', 'reconcileConsentUses']);

let gateway: TestGateway;
let tsa: TestTsa;
let operations: WriteRequest[] = [];

/** `Anchor:Seal` answers from the root and size it is given, as the route reads the batch it sealed. */
function sealAnswer(call: TransactionCall): string {
    const { root, size } = JSON.parse(call.args[0]!) as { root: string; size: number };
    return JSON.stringify({ created: true, batch: { anchorId: root, root, size, leaves: 'OFF_LEDGER', txId: 'seal' } });
}

async function send(operation: WriteRequest, key: string): Promise<LightMyRequestResponse> {
    return gateway.app.inject({
        method: operation.method,
        url: operation.url,
        headers: { ...(await gateway.auth({ roles: ['submitter', 'admin'] })), 'idempotency-key': key },
        ...(operation.body === undefined ? {} : { payload: operation.body as object }),
    });
}

beforeAll(async () => {
    // Every write here runs while the gateway's TSA is down: time-stamping never fails a write.
    tsa = await startTestTsa();
    tsa.available = false;
    gateway = await startTestGateway({}, { tsa: tsa.client });
    gateway.ledger.anyBlock = Buffer.from(recordedReceipt('direct').block.bytes, 'base64');
    gateway.ledger.on('Anchor:Seal', sealAnswer);
    // A deal's private writes are endorsed by its parties, which the route reads from the deal first.
    gateway.ledger.on('AbsDeal:GetDeal', () => JSON.stringify({ issuerMspId: 'BankMSP', investors: ['InvestorMSP'] }));
    const document = (await gateway.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<OpenApiDocument>();
    operations = writeOperations(document).map((operation) => operation.valid);
});

afterAll(async () => {
    await gateway.close();
});

describe('every write route takes the shared write path', () => {
    it('finds the ledger-route writes and the sealed batch in the OpenAPI document', () => {
        expect(operations.map((operation) => operation.operationId)).toEqual(
            expect.arrayContaining(['putProbe', 'registerEvidence', 'createAnchor', 'sealBatch', 'fileCase']),
        );
    });

    it('answers with x-transaction-id and replays the first answer for the same Idempotency-Key', async () => {
        const defects: string[] = [];
        for (const operation of operations.filter((candidate) => !NOT_LEDGER_WRITES.has(candidate.operationId))) {
            const name = `${operation.method} ${operation.url} (${operation.operationId})`;
            const key = `write-path-${operation.operationId}`;
            const before = gateway.ledger.endorsed.length;
            const first = await send(operation, key);
            const endorsed = gateway.ledger.endorsed.length - before;
            const second = await send(operation, key);
            if (first.statusCode !== 200 || endorsed !== 1) {
                defects.push(`${name}: the sample request answered ${first.statusCode} after ${endorsed} endorsements`);
                continue;
            }
            const txId = first.json<{ txId?: unknown }>().txId;
            if (typeof txId !== 'string' || first.headers['x-transaction-id'] !== txId) {
                defects.push(
                    `${name}: x-transaction-id ${String(first.headers['x-transaction-id'])}, txId ${String(txId)}`,
                );
            }
            if (second.headers['idempotent-replayed'] !== 'true' || second.body !== first.body) {
                defects.push(`${name}: the repeat under the same key was not the replayed first answer`);
            }
            if (second.headers['x-transaction-id'] !== first.headers['x-transaction-id']) {
                defects.push(`${name}: the replay lost x-transaction-id`);
            }
            if (gateway.ledger.endorsed.length - before !== 1) {
                defects.push(`${name}: the repeat under the same key wrote again`);
            }
        }
        expect(defects).toEqual([]);
    });
});

describe('a time-stamping authority that cannot be reached', () => {
    it('was asked to date the blocks of the writes above, each of which answered as usual', async () => {
        // The blocks are dated in the background; give that work (file I/O included) up to ten seconds.
        for (let turn = 0; turn < 2_000 && tsa.attempts === 0; turn++) {
            await new Promise((resolve) => setTimeout(resolve, 5));
        }
        expect(tsa.attempts).toBeGreaterThan(0);
        expect(tsa.requests).toBe(0);
    });
});
