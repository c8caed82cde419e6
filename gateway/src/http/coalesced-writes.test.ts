import { canonicalJson } from '@lendledger/domain';
import { type LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type TransactionCall } from '../fabric/ledger-client.js';
import { rejection, type FakeLedger } from '../testing/fake-ledger.js';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';

/**
 * Concurrent single registrations (`POST /v1/evidence`) coalesced into `Evidence:RegisterBatch` transactions
 * (`coalesce.windowMs` > 0), over a fake evidence chaincode that chains records per loan and refuses like the real
 * one: a batch's refusal names its first bad item by field path and writes nothing.
 */

interface Registration {
    readonly fingerprint: string;
    readonly salted: boolean;
    readonly evidenceType: string;
    readonly stage: string;
    readonly loanRef: string;
}

/** Evidence types the fake chaincode refuses: naming the item, or naming none (as a refusal of the caller would). */
const REFUSED = 'REFUSED_TYPE';
const REFUSED_UNNAMED = 'REFUSED_UNNAMED';

/** Registers records in order; a refusal (of any item) writes nothing, as a refused endorsement does. */
function installEvidenceChaincode(ledger: FakeLedger): void {
    const records = new Map<string, { loanRef: string; seq: number }>();
    const lengths = new Map<string, number>();
    const register = (items: readonly Registration[], paths: readonly string[]): unknown[] => {
        const staged = new Map(records);
        const stagedLengths = new Map(lengths);
        const answers = items.map((item, index) => {
            if (item.evidenceType === REFUSED) {
                throw rejection('STAGE_NOT_PERMITTED', `${paths[index]}.evidenceType is refused`, {
                    field: `${paths[index]}.evidenceType`,
                });
            }
            if (item.evidenceType === REFUSED_UNNAMED) {
                throw rejection('ACCESS_DENIED', 'the caller may not register this evidence');
            }
            const existing = staged.get(item.fingerprint);
            if (existing) {
                return { created: false, record: { id: item.fingerprint, ...existing } };
            }
            const seq = (stagedLengths.get(item.loanRef) ?? 0) + 1;
            stagedLengths.set(item.loanRef, seq);
            staged.set(item.fingerprint, { loanRef: item.loanRef, seq });
            return { created: true, record: { id: item.fingerprint, loanRef: item.loanRef, seq } };
        });
        staged.forEach((value, key) => records.set(key, value));
        stagedLengths.forEach((value, key) => lengths.set(key, value));
        return answers;
    };
    ledger.on('Evidence:Register', (call) => {
        const [answer] = register([JSON.parse(call.args[0]!) as Registration], ['request']);
        return canonicalJson(answer);
    });
    ledger.on('Evidence:RegisterBatch', (call) => {
        const { items } = JSON.parse(call.args[0]!) as { items: Registration[] };
        const answers = register(
            items,
            items.map((_item, index) => `items[${index}]`),
        );
        return canonicalJson({
            created: answers.filter((answer) => (answer as { created: boolean }).created).length,
            items: answers,
        });
    });
}

function hex(seed: number, width = 64): string {
    return seed.toString(16).padStart(width, '0');
}

function registration(seed: number, loan = seed, evidenceType = 'ID_CARD'): Registration {
    return {
        fingerprint: `sha256:${hex(seed)}`,
        salted: true,
        evidenceType,
        stage: 'IDENTITY_VERIFICATION',
        loanRef: `loan:${hex(loan)}`,
    };
}

/**
 * A window no test waits out: batches that must form whole go when they hold coalesce.maxRecords, and the shutdown
 * test finishes only because closing sends waiting writes at once.
 */
const LONG_WINDOW = 30_000;

let gateway: TestGateway | undefined;

afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
});

async function start(windowMs: number, maxRecords: number): Promise<TestGateway> {
    gateway = await startTestGateway({ coalesce: { windowMs, maxRecords } });
    installEvidenceChaincode(gateway.ledger);
    return gateway;
}

async function post(
    target: TestGateway,
    body: Registration,
    headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
    return target.app.inject({
        method: 'POST',
        url: '/v1/evidence',
        headers: { ...(await target.auth()), ...headers },
        payload: body,
    });
}

interface WriteAnswer {
    readonly blockNumber: number;
    readonly txId: string;
    readonly result: { readonly created: boolean; readonly record: { readonly id: string; readonly seq: number } };
}

function names(calls: readonly TransactionCall[]): string[] {
    return calls.map((call) => call.name);
}

describe('coalesced single writes', () => {
    it('puts concurrent callers in one batch transaction and answers each with its own record', async () => {
        const target = await start(LONG_WINDOW, 20);
        const bodies = Array.from({ length: 20 }, (_, index) => registration(index + 1));
        const answers = await Promise.all(bodies.map((body) => post(target, body)));

        expect(names(target.ledger.endorsed)).toEqual(['Evidence:RegisterBatch']);
        const txId = target.ledger.submitted[0];
        answers.forEach((answer, index) => {
            expect(answer.statusCode).toBe(200);
            const body = answer.json<WriteAnswer>();
            expect(body.result).toEqual({
                created: true,
                record: { id: bodies[index]!.fingerprint, loanRef: bodies[index]!.loanRef, seq: 1 },
            });
            expect(body.txId).toBe(txId);
            expect(answer.headers['x-transaction-id']).toBe(txId);
            expect(answer.headers['ledger-block']).toBe(String(body.blockNumber));
        });
    });

    it('sends a batch as soon as it holds coalesce.maxRecords records, never more', async () => {
        const target = await start(LONG_WINDOW, 4);
        const answers = await Promise.all(
            Array.from({ length: 12 }, (_, index) => post(target, registration(index + 1))),
        );

        expect(answers.map((answer) => answer.statusCode)).toEqual(Array(12).fill(200));
        const sizes = target.ledger.endorsed.map(
            (call) => (JSON.parse(call.args[0]!) as { items?: unknown[] }).items?.length ?? 1,
        );
        expect(sizes).toEqual([4, 4, 4]);
    });

    it('runs one transaction per request when coalesce.windowMs is 0', async () => {
        const target = await start(0, 100);
        const answers = await Promise.all(
            Array.from({ length: 6 }, (_, index) => post(target, registration(index + 1))),
        );

        expect(answers.map((answer) => answer.statusCode)).toEqual(Array(6).fill(200));
        expect(names(target.ledger.endorsed)).toEqual(Array(6).fill('Evidence:Register'));
        expect(new Set(answers.map((answer) => answer.json<WriteAnswer>().txId)).size).toBe(6);
    });

    it('keeps the records of one loan in arrival order across batches', async () => {
        const target = await start(5, 100);
        // Callers one after another on one loan, while others write other loans concurrently.
        const sequence = [101, 102, 103, 104];
        const chained = (async () => {
            const seqs: number[] = [];
            for (const seed of sequence) {
                seqs.push((await post(target, registration(seed, 7))).json<WriteAnswer>().result.record.seq);
            }
            return seqs;
        })();
        const others = Array.from({ length: 12 }, (_, index) => post(target, registration(index + 1, 1_000 + index)));
        expect(await chained).toEqual([1, 2, 3, 4]);
        expect((await Promise.all(others)).map((answer) => answer.statusCode)).toEqual(Array(12).fill(200));
    });

    it('fails only the refused record, with the problem it gets alone, and commits the others', async () => {
        const target = await start(LONG_WINDOW, 9);
        const bodies = Array.from({ length: 9 }, (_, index) =>
            registration(index + 1, index + 1, index === 4 ? REFUSED : 'ID_CARD'),
        );
        const answers = await Promise.all(bodies.map((body) => post(target, body)));
        // Alone: the same request to a gateway that does not coalesce.
        const plain = await startTestGateway();
        installEvidenceChaincode(plain.ledger);
        const alone = await post(plain, bodies[4]!).finally(() => plain.close());

        answers.forEach((answer, index) =>
            expect(answer.statusCode, `caller ${index}`).toBe(index === 4 ? alone.statusCode : 200),
        );
        expect(alone.statusCode).toBe(403);
        const refused = answers[4]!.json<Record<string, unknown>>();
        const aloneProblem = alone.json<Record<string, unknown>>();
        expect({ ...refused, transactionId: undefined, requestId: undefined }).toEqual({
            ...aloneProblem,
            transactionId: undefined,
            requestId: undefined,
        });
        expect(refused.detail).toBe('request.evidenceType is refused');
        // The refused record was endorsed alone (as the request alone was), and never committed.
        const refusedAlone = target.ledger.endorsed.filter(
            (call) => call.name === 'Evidence:Register' && call.args[0]!.includes(bodies[4]!.fingerprint),
        );
        expect(refusedAlone).toHaveLength(1);
        const committedRecords = target.ledger.committed.flatMap(
            (call) => (JSON.parse(call.args[0]!) as { items: Registration[] }).items,
        );
        expect(committedRecords.map((record) => record.fingerprint).sort()).toEqual(
            bodies
                .filter((_, index) => index !== 4)
                .map((body) => body.fingerprint)
                .sort(),
        );
    });

    it('runs every record of a batch whose refusal names no item alone, so only the refused one fails', async () => {
        const target = await start(LONG_WINDOW, 8);
        const bodies = Array.from({ length: 8 }, (_, index) =>
            registration(index + 1, index + 1, index === 5 ? REFUSED_UNNAMED : 'ID_CARD'),
        );
        const answers = await Promise.all(bodies.map((body) => post(target, body)));

        answers.forEach((answer, index) => expect(answer.statusCode, `caller ${index}`).toBe(index === 5 ? 403 : 200));
        expect(answers[5]!.json<{ code: string }>().code).toBe('ACCESS_DENIED');
        const committedRecords = target.ledger.committed.flatMap(
            (call) =>
                (JSON.parse(call.args[0]!) as { items?: Registration[] }).items ?? [
                    JSON.parse(call.args[0]!) as Registration,
                ],
        );
        expect(committedRecords.map((record) => record.fingerprint).sort()).toEqual(
            bodies
                .filter((_, index) => index !== 5)
                .map((body) => body.fingerprint)
                .sort(),
        );
    });

    it('answers a concurrent resubmission of the same fingerprint created: false, after the first', async () => {
        const target = await start(50, 3);
        const answers = await Promise.all([
            post(target, registration(1)),
            post(target, registration(1)),
            post(target, registration(2)),
        ]);

        expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
        const [one, two, other] = answers.map((answer) => answer.json<WriteAnswer>());
        // Whichever reached the gateway first created the record; the other was answered in a later transaction.
        expect([one!.result.created, two!.result.created].sort()).toEqual([false, true]);
        expect(one!.txId).not.toBe(two!.txId);
        expect(other!.result.created).toBe(true);
    });

    it('holds each Idempotency-Key per request: a repeat replays its own answer, another body under it is refused', async () => {
        const target = await start(LONG_WINDOW, 5);
        const bodies = Array.from({ length: 5 }, (_, index) => registration(index + 1));
        const first = await Promise.all(
            bodies.map((body, index) => post(target, body, { 'idempotency-key': `key-${index}` })),
        );
        const endorsed = target.ledger.endorsed.length;
        const repeats = await Promise.all(
            bodies.map((body, index) => post(target, body, { 'idempotency-key': `key-${index}` })),
        );
        const reused = await post(target, registration(9), { 'idempotency-key': 'key-0' });

        expect(target.ledger.endorsed.length).toBe(endorsed);
        repeats.forEach((repeat, index) => {
            expect(repeat.headers['idempotent-replayed']).toBe('true');
            expect(repeat.body).toBe(first[index]!.body);
            expect(repeat.json<WriteAnswer>().result.record.id).toBe(bodies[index]!.fingerprint);
        });
        expect(reused.statusCode).toBe(422);
        expect(reused.json<{ code: string }>().code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('reports an unknown commit to every caller of the batch, and each key then follows it to its own record', async () => {
        gateway = await startTestGateway({
            coalesce: { windowMs: LONG_WINDOW, maxRecords: 3 },
            timeouts: { writeMs: 2_000, commitStatusMs: 500 },
        });
        const target = gateway;
        installEvidenceChaincode(target.ledger);
        target.ledger.lostSubmissions = 1_000;
        const bodies = [registration(1), registration(2), registration(3)];
        const first = await Promise.all(
            bodies.map((body, index) => post(target, body, { 'idempotency-key': `k${index}` })),
        );

        const txId = target.ledger.submitted[0];
        first.forEach((answer) => {
            expect(answer.statusCode).toBe(503);
            expect(answer.headers['retry-after']).toBeDefined();
            expect(answer.json()).toMatchObject({ code: 'COMMIT_STATUS_UNKNOWN', transactionId: txId });
        });
        target.ledger.lostSubmissions = 0;
        const repeats = await Promise.all(
            bodies.map((body, index) => post(target, body, { 'idempotency-key': `k${index}` })),
        );

        expect(names(target.ledger.endorsed)).toEqual(['Evidence:RegisterBatch']);
        repeats.forEach((answer, index) => {
            expect(answer.statusCode).toBe(200);
            expect(answer.json<WriteAnswer>()).toMatchObject({
                txId,
                result: { record: { id: bodies[index]!.fingerprint } },
            });
        });
    });

    it('sends waiting writes when the app closes and answers them before it stops', async () => {
        const target = await start(LONG_WINDOW, 100);
        const answers = Array.from({ length: 3 }, (_, index) => post(target, registration(index + 1)));
        while (
            (await target.app.inject({ method: 'GET', url: '/metrics' })).body.includes(
                'gateway_coalesce_waiting{org="bank"} 3',
            ) === false
        ) {
            await new Promise((resolve) => setImmediate(resolve));
        }
        await target.app.close();

        expect((await Promise.all(answers)).map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
        expect(names(target.ledger.committed)).toEqual(['Evidence:RegisterBatch']);
        expect(target.ledger.closed).toBe(true);
    });
});
