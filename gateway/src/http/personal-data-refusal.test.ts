import { PII_SAMPLES, PII_SHAPED_VALUES } from '@lendledger/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOperations, type WriteOperation, type WriteRequest } from '../testing/openapi-write-requests.js';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';

/**
 * Every string a write route takes — path parameters and every string field of its body, nested ones included —
 * refuses personal-data-shaped values with 400 before anything reaches the ledger. The routes and fields come from
 * the OpenAPI document, so a new route or field is covered without anyone listing it here. A body property the
 * document does not declare, added to any object of a body, is refused the same way: write bodies are closed.
 */

let gateway: TestGateway;
let operations: WriteOperation[] = [];

function ledgerCalls(): number {
    return gateway.ledger.endorsed.length + gateway.ledger.evaluated.length + gateway.ledger.submitted.length;
}

async function send(request: WriteRequest) {
    return gateway.app.inject({
        method: request.method,
        url: request.url,
        headers: await gateway.auth({ roles: ['submitter', 'admin'] }),
        ...(request.body === undefined ? {} : { payload: request.body as object }),
    });
}

/** Whether a request was refused as the rule demands: 400 problem+json, and nothing reached the ledger. */
async function refusedWithoutLedger(request: WriteRequest): Promise<{ refused: boolean; status: number }> {
    const calls = ledgerCalls();
    const response = await send(request);
    const refused =
        response.statusCode === 400 &&
        String(response.headers['content-type']).startsWith('application/problem+json') &&
        ledgerCalls() === calls;
    return { refused, status: response.statusCode };
}

/** What went wrong with one operation: the valid request missed the ledger, or an altered one was not refused. */
async function problemsOf(operation: WriteOperation): Promise<string[]> {
    // The unaltered request must reach the ledger, or the refusals below would prove nothing.
    const before = ledgerCalls();
    const valid = await send(operation.valid);
    if (ledgerCalls() === before) {
        return [`${operation.operationId}: the valid request answered ${valid.statusCode} ${valid.body}`];
    }
    const problems: string[] = [];
    for (const request of PII_SHAPED_VALUES.flatMap((value) => operation.withEachString(value))) {
        const { refused, status } = await refusedWithoutLedger(request);
        if (!refused) {
            problems.push(`${operation.operationId} ${request.where}: ${status}`);
        }
    }
    return problems;
}

beforeAll(async () => {
    gateway = await startTestGateway();
    const document = await gateway.app.inject({ method: 'GET', url: '/v1/openapi.json' });
    operations = writeOperations(document.json());
});

afterAll(async () => {
    await gateway.close();
});

describe('write routes refuse personal data', () => {
    it('finds the write routes in the OpenAPI document', () => {
        expect(operations.map((operation) => operation.operationId)).toEqual(
            expect.arrayContaining(['putProbe', 'registerEvidence', 'createAbsDeal', 'recordConsent', 'fileCase']),
        );
    });

    it('answers 400 problem+json and calls no ledger for a personal-data-shaped value in any string', async () => {
        const problems: string[] = [];
        for (const operation of operations) {
            problems.push(...(await problemsOf(operation)));
        }
        expect(problems).toEqual([]);
        const altered = operations.reduce((sum, operation) => sum + operation.withEachString('x').length, 0);
        expect(altered * PII_SHAPED_VALUES.length).toBeGreaterThan(500);
        // About two thousand requests through the whole app: slower than one default test budget on a busy machine.
    }, 60_000);

    it('answers 400 problem+json and calls no ledger for a property no write body declares, in any object', async () => {
        const problems: string[] = [];
        let sent = 0;
        for (const operation of operations) {
            const key = `${PII_SAMPLES.chineseName}${PII_SAMPLES.mobile}`;
            for (const request of operation.withExtraKey(key, PII_SAMPLES.residentId)) {
                const { refused, status } = await refusedWithoutLedger(request);
                sent += 1;
                if (!refused) {
                    problems.push(`${operation.operationId} ${request.where}: ${status}`);
                }
            }
        }
        expect(problems).toEqual([]);
        expect(sent).toBeGreaterThan(operations.length);
    }, 60_000);
});
