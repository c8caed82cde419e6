import { type LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SaturatedError } from '../fabric/concurrency-limiter.js';
import {
    CommitStatusUnknownError,
    LedgerDeadlineError,
    LedgerFailedError,
    LedgerUnavailableError,
    TransactionConflictError,
    TransactionInvalidError,
} from '../fabric/ledger-errors.js';
import { rejection } from '../testing/fake-ledger.js';
import { OTHER_USER, startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { toProblem } from '../errors/problem.js';

async function putProbe(gateway: TestGateway, name = 'alive', value = 'yes'): Promise<LightMyRequestResponse> {
    return gateway.app.inject({
        method: 'PUT',
        url: `/v1/probes/${name}`,
        headers: await gateway.auth(),
        payload: { value },
    });
}

describe('request limits', () => {
    const gateways: TestGateway[] = [];

    async function gatewayWith(settings: Record<string, unknown>): Promise<TestGateway> {
        const gateway = await startTestGateway(settings);
        gateways.push(gateway);
        return gateway;
    }

    afterEach(async () => {
        for (const gateway of gateways.splice(0)) {
            await gateway.close();
        }
    });

    it('answers 503 GATEWAY_SATURATED with retry-after while every submission slot is busy and the queue is full', async () => {
        const gateway = await gatewayWith({
            limits: { maxEventLoopDelayMs: 0, maxInFlightSubmits: 1, maxQueuedSubmits: 0, queueTimeoutMs: 2_000 },
        });
        const release = gateway.ledger.hold();

        const first = putProbe(gateway, 'first');
        await gateway.ledger.endorsements(1);
        const second = await putProbe(gateway, 'second');
        release();
        const firstResponse = await first;
        const third = await putProbe(gateway, 'third');

        expect(second.statusCode).toBe(503);
        expect(second.headers['retry-after']).toBe('2');
        expect(second.json()).toMatchObject({ code: 'GATEWAY_SATURATED', status: 503 });
        expect(firstResponse.statusCode).toBe(200);
        expect(third.statusCode).toBe(200);
        expect(gateway.ledger.endorsed.map((call) => call.args[0])).toEqual(['first', 'third']);
    });

    it('queues a submission while a slot is busy and runs it when the slot frees', async () => {
        const gateway = await gatewayWith({
            limits: { maxEventLoopDelayMs: 0, maxInFlightSubmits: 1, maxQueuedSubmits: 1 },
        });
        const release = gateway.ledger.hold();

        const first = putProbe(gateway, 'first');
        await gateway.ledger.endorsements(1);
        const second = putProbe(gateway, 'second');
        for (let turn = 0; turn < 20; turn++) {
            await new Promise((resolve) => setImmediate(resolve));
        }
        const endorsedWhileHeld = gateway.ledger.endorsed.length;
        release();
        const responses = await Promise.all([first, second]);

        expect(endorsedWhileHeld).toBe(1);
        expect(responses.map((response) => response.statusCode)).toEqual([200, 200]);
        expect(gateway.ledger.endorsed.map((call) => call.args[0])).toEqual(['first', 'second']);
    });

    it('answers 429 RATE_LIMITED with retry-after once a subject exceeds its read budget, keeping other subjects and its writes', async () => {
        const gateway = await gatewayWith({
            limits: { maxEventLoopDelayMs: 0, readRateLimitMax: 2, writeRateLimitMax: 5 },
        });
        const read = async (subject?: string): Promise<LightMyRequestResponse> =>
            gateway.app.inject({
                method: 'GET',
                url: '/v1/probes/alive',
                headers: await gateway.auth(subject ? { subject } : undefined),
            });

        const allowed = [await read(), await read()];
        const limited = await read();
        const otherSubject = await read(OTHER_USER);
        const write = await putProbe(gateway);

        expect(allowed.map((response) => response.statusCode)).toEqual([200, 200]);
        expect(limited.statusCode).toBe(429);
        expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429, budget: 'read', limit: 2 });
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        expect(otherSubject.statusCode).toBe(200);
        expect(write.statusCode).toBe(200);
        expect(gateway.ledger.evaluated).toHaveLength(3);
    });

    it('counts writes against the write budget only, so a writer that used it up can still read', async () => {
        const gateway = await gatewayWith({
            limits: { maxEventLoopDelayMs: 0, readRateLimitMax: 5, writeRateLimitMax: 1 },
        });
        const first = await putProbe(gateway, 'one');
        const second = await putProbe(gateway, 'two');
        const read = await gateway.app.inject({
            method: 'GET',
            url: '/v1/probes/one',
            headers: await gateway.auth(),
        });
        expect(first.statusCode).toBe(200);
        expect(second.statusCode).toBe(429);
        expect(second.json()).toMatchObject({ code: 'RATE_LIMITED', budget: 'write', limit: 1 });
        expect(read.statusCode).toBe(200);
        expect(gateway.ledger.endorsed).toHaveLength(1);
    });

    it('leaves a budget of 0 unlimited', async () => {
        const gateway = await gatewayWith({
            limits: { maxEventLoopDelayMs: 0, readRateLimitMax: 0, writeRateLimitMax: 1 },
        });
        const headers = await gateway.auth();
        const reads = await Promise.all(
            Array.from({ length: 5 }, () => gateway.app.inject({ method: 'GET', url: '/v1/probes/a', headers })),
        );
        expect(reads.map((response) => response.statusCode)).toEqual([200, 200, 200, 200, 200]);
    });

    it('answers 413 PAYLOAD_TOO_LARGE for a body over limits.bodyLimitBytes without calling the ledger', async () => {
        const gateway = await gatewayWith({ limits: { maxEventLoopDelayMs: 0, bodyLimitBytes: 1_024 } });

        const response = await putProbe(gateway, 'big', 'x'.repeat(2_000));

        expect(response.statusCode).toBe(413);
        expect(response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
        expect(gateway.ledger.endorsed).toHaveLength(0);
    });
});

describe('error mapping', () => {
    let gateway: TestGateway;

    beforeAll(async () => {
        gateway = await startTestGateway({
            retry: { unavailableAttempts: 1, conflictAttempts: 1 },
            timeouts: { commitStatusMs: 100, writeMs: 100 },
        });
    });

    afterAll(async () => {
        await gateway.close();
    });

    afterEach(() => {
        gateway.ledger.handlers.clear();
        gateway.ledger.commitCodes.splice(0);
        gateway.ledger.lostStatuses = 0;
        gateway.ledger.lostSubmissions = 0;
    });

    const failing = (error: Error) => (): never => {
        throw error;
    };

    it.each([
        [
            'a catalogued chaincode code',
            failing(rejection('EVIDENCE_NOT_FOUND', 'no such record')),
            404,
            'EVIDENCE_NOT_FOUND',
        ],
        [
            'another catalogued code',
            failing(rejection('CHAIN_HEAD_MISMATCH', 'head moved')),
            409,
            'CHAIN_HEAD_MISMATCH',
        ],
        ['an unknown chaincode code', failing(rejection('MADE_UP_CODE', 'what?')), 502, 'CHAINCODE_ERROR_UNMAPPED'],
        [
            'an unavailable peer',
            failing(new LedgerUnavailableError('peer down', { step: 'endorse' })),
            503,
            'LEDGER_UNAVAILABLE',
        ],
        ['a deadline', failing(new LedgerDeadlineError('too slow', { step: 'endorse' })), 504, 'LEDGER_TIMEOUT'],
        [
            'a ledger failure',
            failing(new LedgerFailedError('policy', { step: 'endorse', peerMessages: ['peer0: no'] })),
            502,
            'ENDORSEMENT_FAILED',
        ],
    ])('maps %s thrown while endorsing to %i %s', async (_case, handler, status, code) => {
        gateway.ledger.on('Probe:Put', handler);

        const response = await putProbe(gateway);

        expect(response.statusCode).toBe(status);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json()).toMatchObject({
            type: `urn:lendledger:problem:${code}`,
            status,
            code,
            instance: '/v1/probes/alive',
        });
    });

    it('carries the chaincode message, details and unmapped code into the problem', async () => {
        gateway.ledger.on('Probe:Put', failing(rejection('EVIDENCE_NOT_FOUND', 'no such record', { id: 'x' })));
        const catalogued = (await putProbe(gateway)).json<Record<string, unknown>>();
        gateway.ledger.on('Probe:Put', failing(rejection('MADE_UP_CODE', 'what?', { why: 'new' })));
        const unmapped = (await putProbe(gateway)).json<Record<string, unknown>>();

        expect(catalogued).toMatchObject({
            title: 'No evidence record has this identifier',
            detail: 'no such record',
            details: { id: 'x' },
        });
        expect(unmapped).toMatchObject({ detail: 'what?', chaincodeCode: 'MADE_UP_CODE', details: { why: 'new' } });
    });

    it('maps a commit invalid for a conflict to 409 TRANSACTION_CONFLICT with retry-after', async () => {
        gateway.ledger.commitCodes.push('MVCC_READ_CONFLICT');

        const response = await putProbe(gateway);

        expect(response.statusCode).toBe(409);
        expect(response.headers['retry-after']).toBe('1');
        expect(response.json()).toMatchObject({
            code: 'TRANSACTION_CONFLICT',
            validationCode: 'MVCC_READ_CONFLICT',
            attempts: 1,
        });
    });

    it('maps a commit invalid for another reason to 502 TRANSACTION_INVALID', async () => {
        gateway.ledger.commitCodes.push('ENDORSEMENT_POLICY_FAILURE');

        const response = await putProbe(gateway);

        expect(response.statusCode).toBe(502);
        expect(response.json()).toMatchObject({
            code: 'TRANSACTION_INVALID',
            validationCode: 'ENDORSEMENT_POLICY_FAILURE',
        });
    });

    it('maps a commit still unknown at timeouts.writeMs to 503 COMMIT_STATUS_UNKNOWN naming the transaction', async () => {
        gateway.ledger.lostSubmissions = 1_000;

        const response = await putProbe(gateway);

        expect(response.statusCode).toBe(503);
        expect(response.headers['retry-after']).toBe('2');
        expect(response.json()).toMatchObject({
            code: 'COMMIT_STATUS_UNKNOWN',
            transactionId: gateway.ledger.submitted.at(-1),
        });
    });

    it('answers 500 INTERNAL_ERROR for an unexpected error without leaking its message', async () => {
        gateway.ledger.on('Probe:Put', failing(new Error('secret database password is hunter2')));

        const response = await putProbe(gateway);

        expect(response.statusCode).toBe(500);
        expect(response.json()).toMatchObject({ code: 'INTERNAL_ERROR', status: 500 });
        expect(response.body).not.toContain('hunter2');
        expect(response.json<{ requestId: string }>().requestId).toBe(response.headers['x-request-id']);
    });

    it.each([
        [
            new TransactionConflictError({
                transactionId: 't',
                code: 11,
                codeName: 'MVCC',
                blockNumber: 1n,
                attempts: 3,
            }),
            409,
            'TRANSACTION_CONFLICT',
        ],
        [
            new TransactionInvalidError({ transactionId: 't', code: 10, codeName: 'POLICY', blockNumber: 1n }),
            502,
            'TRANSACTION_INVALID',
        ],
        [new CommitStatusUnknownError({ transactionId: 't' }), 503, 'COMMIT_STATUS_UNKNOWN'],
        [new LedgerDeadlineError('late', { step: 'commitStatus' }), 504, 'LEDGER_TIMEOUT'],
        [
            new SaturatedError({ limiter: 'submissions', reason: 'full', retryAfterSeconds: 3 }),
            503,
            'GATEWAY_SATURATED',
        ],
        [new TypeError('boom'), 500, 'INTERNAL_ERROR'],
    ])('toProblem maps %o to %i %s', (error, status, code) => {
        const problem = toProblem(error);

        expect(problem.status).toBe(status);
        expect(problem.body).toMatchObject({ status, code });
    });
});
