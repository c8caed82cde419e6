import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { rejection, type FakeLedger } from '../testing/fake-ledger.js';
import { OTHER_USER, startTestGateway, type TestGateway } from '../testing/test-gateway.js';

const gateways: TestGateway[] = [];
const folders: string[] = [];

async function gatewayWith(settings: Record<string, unknown> = {}, dataDir?: string): Promise<TestGateway> {
    const gateway = await startTestGateway(settings, { dataDir });
    gateways.push(gateway);
    return gateway;
}

async function sharedDataDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'gateway-idempotency-'));
    folders.push(dir);
    return dir;
}

afterEach(async () => {
    for (const gateway of gateways.splice(0)) {
        await gateway.close();
    }
    for (const dir of folders.splice(0)) {
        await rm(dir, { recursive: true, force: true });
    }
});

async function putProbe(
    gateway: TestGateway,
    options: Readonly<{ key?: string; value?: string; name?: string; subject?: string }> = {},
): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = await gateway.auth(
        options.subject ? { subject: options.subject } : undefined,
    );
    if (options.key !== undefined) {
        headers['idempotency-key'] = options.key;
    }
    return gateway.app.inject({
        method: 'PUT',
        url: `/v1/probes/${options.name ?? 'alive'}`,
        headers,
        payload: { value: options.value ?? 'yes' },
    });
}

let shared: TestGateway | undefined;

/** One gateway with default settings for the tests that need nothing else; its recordings are cleared each time. */
async function defaultGateway(): Promise<TestGateway> {
    shared ??= await startTestGateway();
    const { ledger } = shared;
    for (const recorded of [ledger.endorsed, ledger.submitted, ledger.statusAsked]) {
        recorded.splice(0);
    }
    ledger.handlers.clear();
    return shared;
}

afterAll(async () => {
    await shared?.close();
});

describe('Idempotency-Key on writes', () => {
    it('writes once and replays the first status, body and transaction header for the same key', async () => {
        const gateway = await defaultGateway();

        const first = await putProbe(gateway, { key: 'k-1' });
        const second = await putProbe(gateway, { key: 'k-1' });

        expect(first.statusCode).toBe(200);
        expect(first.headers['idempotent-replayed']).toBeUndefined();
        expect(second.statusCode).toBe(200);
        expect(second.headers['idempotent-replayed']).toBe('true');
        expect(second.body).toBe(first.body);
        const { txId } = first.json<{ txId: string }>();
        expect(second.headers['x-transaction-id']).toBe(txId);
        expect(gateway.ledger.endorsed).toHaveLength(1);
        expect(gateway.ledger.submitted).toEqual([txId]);
    });

    it('writes again without a key', async () => {
        const gateway = await defaultGateway();

        const first = await putProbe(gateway);
        const second = await putProbe(gateway);

        expect(gateway.ledger.submitted).toEqual([first.json().txId, second.json().txId]);
        expect(second.json<{ txId: string }>().txId).not.toBe(first.json<{ txId: string }>().txId);
    });

    it('accepts the key as a structured-field string, the same key as the bare token', async () => {
        const gateway = await defaultGateway();

        await putProbe(gateway, { key: 'k-2' });
        const quoted = await putProbe(gateway, { key: '"k-2"' });

        expect(quoted.headers['idempotent-replayed']).toBe('true');
        expect(gateway.ledger.endorsed).toHaveLength(1);
    });

    it('refuses the same key with a different body or path with 422 IDEMPOTENCY_KEY_REUSED', async () => {
        const gateway = await defaultGateway();
        await putProbe(gateway, { key: 'k-3', value: 'yes' });

        const otherBody = await putProbe(gateway, { key: 'k-3', value: 'no' });
        const otherPath = await putProbe(gateway, { key: 'k-3', name: 'other' });

        for (const response of [otherBody, otherPath]) {
            expect(response.statusCode).toBe(422);
            expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
            expect(response.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
        }
        expect(gateway.ledger.endorsed).toHaveLength(1);
    });

    it('scopes keys to the token subject', async () => {
        const gateway = await defaultGateway();

        await putProbe(gateway, { key: 'k-4' });
        const other = await putProbe(gateway, { key: 'k-4', subject: OTHER_USER });

        expect(other.statusCode).toBe(200);
        expect(other.headers['idempotent-replayed']).toBeUndefined();
        expect(gateway.ledger.endorsed.map((call) => call.identity)).toEqual(['User1', OTHER_USER]);
    });

    it('refuses a key with a space, a non-ASCII character, 256 characters or nothing with 400 IDEMPOTENCY_KEY_INVALID', async () => {
        const gateway = await defaultGateway();

        for (const key of ['has space', 'clé', 'k'.repeat(256), '""']) {
            const response = await putProbe(gateway, { key });

            expect(response.statusCode, key).toBe(400);
            expect(response.json(), key).toMatchObject({ code: 'IDEMPOTENCY_KEY_INVALID' });
        }
        expect(gateway.ledger.endorsed).toHaveLength(0);
    });

    it('makes a concurrent duplicate wait for the first request and replay its response', async () => {
        const gateway = await defaultGateway();
        const release = gateway.ledger.hold();

        const first = putProbe(gateway, { key: 'k-5' });
        await gateway.ledger.endorsements(1);
        const second = putProbe(gateway, { key: 'k-5' });
        await new Promise((resolve) => setImmediate(resolve));
        release();
        const [firstResponse, secondResponse] = await Promise.all([first, second]);

        expect(firstResponse.statusCode).toBe(200);
        expect(secondResponse.statusCode).toBe(200);
        expect(secondResponse.headers['idempotent-replayed']).toBe('true');
        expect(secondResponse.body).toBe(firstResponse.body);
        expect(gateway.ledger.endorsed).toHaveLength(1);
    });

    it('answers a concurrent duplicate 409 IDEMPOTENCY_REQUEST_IN_PROGRESS after idempotency.waitMs', async () => {
        const gateway = await gatewayWith({ idempotency: { fsync: false, waitMs: 0 } });
        const release = gateway.ledger.hold();

        const first = putProbe(gateway, { key: 'k-6' });
        await gateway.ledger.endorsements(1);
        const second = await putProbe(gateway, { key: 'k-6' });
        release();
        const firstResponse = await first;
        const third = await putProbe(gateway, { key: 'k-6' });

        expect(second.statusCode).toBe(409);
        expect(second.headers['retry-after']).toBe('1');
        expect(second.json()).toMatchObject({ code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
        expect(firstResponse.statusCode).toBe(200);
        expect(third.headers['idempotent-replayed']).toBe('true');
        expect(third.body).toBe(firstResponse.body);
        expect(gateway.ledger.endorsed).toHaveLength(1);
    });

    it('replays a chaincode refusal (4xx) instead of running the request again', async () => {
        const gateway = await defaultGateway();
        gateway.ledger.on('Probe:Put', () => {
            throw rejection('CONFLICT', 'probe exists with another value', { name: 'alive' });
        });

        const first = await putProbe(gateway, { key: 'k-7' });
        gateway.ledger.handlers.delete('Probe:Put');
        const second = await putProbe(gateway, { key: 'k-7' });

        expect(first.statusCode).toBe(409);
        expect(first.json()).toMatchObject({ code: 'CONFLICT', details: { name: 'alive' } });
        expect(second.statusCode).toBe(409);
        expect(second.headers['idempotent-replayed']).toBe('true');
        expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(second.body).toBe(first.body);
        expect(gateway.ledger.endorsed).toHaveLength(1);
    });

    it('does not keep a TRANSACTION_CONFLICT: the repeat with the same key writes', async () => {
        const gateway = await gatewayWith({ retry: { conflictAttempts: 2 } });
        gateway.ledger.commitCodes.push('MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT');

        const first = await putProbe(gateway, { key: 'k-8' });
        const second = await putProbe(gateway, { key: 'k-8' });

        expect(first.statusCode).toBe(409);
        expect(first.json()).toMatchObject({ code: 'TRANSACTION_CONFLICT', attempts: 2 });
        expect(second.statusCode).toBe(200);
        expect(second.headers['idempotent-replayed']).toBeUndefined();
        expect(second.json()).toMatchObject({ txId: 'tx0003' });
        expect(gateway.ledger.endorsed).toHaveLength(3);
    });

    it('does not keep a 5xx: the repeat with the same key writes', async () => {
        const gateway = await gatewayWith({ retry: { unavailableAttempts: 1 } });
        gateway.ledger.unavailable.endorse = 1;

        const first = await putProbe(gateway, { key: 'k-9' });
        const second = await putProbe(gateway, { key: 'k-9' });

        expect(first.statusCode).toBe(503);
        expect(first.json()).toMatchObject({ code: 'LEDGER_UNAVAILABLE' });
        expect(second.statusCode).toBe(200);
        expect(second.headers['idempotent-replayed']).toBeUndefined();
        expect(gateway.ledger.submitted).toEqual([second.json<{ txId: string }>().txId]);
    });

    it('still replays a key after the gateway is rebuilt on the same data folder', async () => {
        const dataDir = await sharedDataDir();
        const before = await gatewayWith({}, dataDir);
        const first = await putProbe(before, { key: 'k-10' });
        await before.app.close();

        const after = await gatewayWith({}, dataDir);
        const replay = await putProbe(after, { key: 'k-10' });
        const reused = await putProbe(after, { key: 'k-10', value: 'different' });

        expect(replay.statusCode).toBe(200);
        expect(replay.headers['idempotent-replayed']).toBe('true');
        expect(replay.body).toBe(first.body);
        expect(reused.statusCode).toBe(422);
        expect(after.ledger.endorsed).toHaveLength(0);
    });
});

/** Status waits and write deadlines short enough for a test to run a write out of time in a fraction of a second. */
const QUICK = { timeouts: { commitStatusMs: 100, writeMs: 400 } };

describe('A write whose commit is unknown', () => {
    it('sends the same signed transaction again when a lost leader dropped it, and answers once it commits', async () => {
        const gateway = await gatewayWith(QUICK);
        gateway.ledger.lostSubmissions = 1;

        const response = await putProbe(gateway, { key: 'k-11' });

        expect(response.statusCode).toBe(200);
        expect(response.json()).toMatchObject({ txId: 'tx0001', blockNumber: 11 });
        expect(gateway.ledger.endorsed).toHaveLength(1);
        expect(gateway.ledger.submitted).toEqual(['tx0001', 'tx0001']);
        expect(gateway.ledger.committed).toHaveLength(1);
    });

    it('ends with 503 COMMIT_STATUS_UNKNOWN and Retry-After, and the repeat with the key converges on the commit', async () => {
        const gateway = await gatewayWith(QUICK);
        gateway.ledger.lostSubmissions = 1_000;

        const unknown = await putProbe(gateway, { key: 'k-12' });
        gateway.ledger.lostSubmissions = 0;
        const converged = await putProbe(gateway, { key: 'k-12' });
        const replayed = await putProbe(gateway, { key: 'k-12' });

        expect(unknown.statusCode).toBe(503);
        expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(Number(unknown.headers['retry-after'])).toBeGreaterThan(0);
        expect(unknown.json()).toMatchObject({ code: 'COMMIT_STATUS_UNKNOWN', transactionId: 'tx0001' });
        expect(converged.statusCode).toBe(200);
        expect(converged.json()).toMatchObject({ txId: 'tx0001' });
        expect(converged.headers['idempotent-replayed']).toBeUndefined();
        expect(replayed.headers['idempotent-replayed']).toBe('true');
        expect(replayed.body).toBe(converged.body);
        expect(gateway.ledger.endorsed).toHaveLength(1);
        expect(new Set(gateway.ledger.submitted)).toEqual(new Set(['tx0001']));
        expect(gateway.ledger.committed).toHaveLength(1);
    });

    it('follows the journaled transaction after a restart instead of endorsing a second one', async () => {
        const dataDir = await sharedDataDir();
        const before = await gatewayWith(QUICK, dataDir);
        before.ledger.lostSubmissions = 1_000;
        const unknown = await putProbe(before, { key: 'k-13' });
        await before.app.close();
        before.ledger.lostSubmissions = 0;

        const after = await startTestGateway(QUICK, { dataDir, ledger: before.ledger });
        gateways.push(after);
        const resumed = await putProbe(after, { key: 'k-13' });

        expect(unknown.statusCode).toBe(503);
        expect(resumed.statusCode).toBe(200);
        expect(resumed.json()).toMatchObject({ txId: 'tx0001' });
        expect(after.ledger.endorsed).toHaveLength(1);
        expect(after.ledger.committed).toHaveLength(1);
    });

    it('endorses anew only once the journaled transaction is known to have committed invalid', async () => {
        const gateway = await gatewayWith(QUICK);
        gateway.ledger.lostSubmissions = 1_000;
        const unknown = await putProbe(gateway, { key: 'k-14' });
        gateway.ledger.lostSubmissions = 0;
        gateway.ledger.commitCodes.push('MVCC_READ_CONFLICT');

        const retried = await putProbe(gateway, { key: 'k-14' });

        expect(unknown.statusCode).toBe(503);
        expect(retried.statusCode).toBe(200);
        expect(retried.json()).toMatchObject({ txId: 'tx0002' });
        expect(gateway.ledger.endorsed).toHaveLength(2);
        expect(gateway.ledger.committed).toHaveLength(1);
    });
});

/**
 * A gateway killed at the instant a transaction reaches the orderer leaves on disk exactly what was written before
 * that instant. The fake orderer copies the data folder then, and a new gateway starts from the copy: what a
 * restarted process would find.
 */
describe('A gateway that dies while its transaction reaches the orderer', () => {
    async function crashedAtSubmit(
        settings: Record<string, unknown>,
        send: (gateway: TestGateway) => Promise<LightMyRequestResponse>,
        orderer: 'orders it' | 'loses it',
    ): Promise<{ readonly after: TestGateway; readonly ledger: FakeLedger }> {
        const crashDir = await sharedDataDir();
        const before = await gatewayWith(settings);
        before.ledger.beforeSubmit = async () => {
            before.ledger.beforeSubmit = undefined;
            await cp(before.dataDir, crashDir, { recursive: true });
            if (orderer === 'loses it') {
                // The process died before the orderer got the envelope: nothing may reach the ledger from here.
                throw new Error('gateway killed');
            }
        };
        await send(before).catch(() => undefined);
        await before.app.close();
        const after = await startTestGateway(settings, { dataDir: crashDir, ledger: before.ledger });
        gateways.push(after);
        return { after, ledger: before.ledger };
    }

    it.each(['orders it', 'loses it'] as const)(
        'answers the retry with the first transaction when the orderer %s, never endorsing a second',
        async (orderer) => {
            const { after, ledger } = await crashedAtSubmit(
                QUICK,
                (gateway) => putProbe(gateway, { key: 'k-15' }),
                orderer,
            );

            const retried = await putProbe(after, { key: 'k-15' });

            expect(retried.statusCode).toBe(200);
            expect(retried.json()).toMatchObject({ txId: 'tx0001' });
            expect(ledger.endorsed).toHaveLength(1);
            expect(ledger.committed).toHaveLength(1);
        },
    );

    it.each(['orders it', 'loses it'] as const)(
        'records a consent use exactly once when the orderer %s',
        async (orderer) => {
            const useConsent = async (gateway: TestGateway): Promise<LightMyRequestResponse> =>
                gateway.app.inject({
                    method: 'POST',
                    url: '/v1/consents/consent:2026:0001/uses',
                    headers: { ...(await gateway.auth()), 'idempotency-key': 'use-1' },
                    payload: {
                        purpose: 'CREDIT_INQUIRY',
                        dataScope: ['CREDIT_REPORT'],
                        loanRef: `loan:${'c'.repeat(64)}`,
                    },
                });
            const { after, ledger } = await crashedAtSubmit(QUICK, useConsent, orderer);

            const retried = await useConsent(after);
            const again = await useConsent(after);

            expect(retried.statusCode).toBe(200);
            expect(again.headers['idempotent-replayed']).toBe('true');
            expect(ledger.endorsed.filter((call) => call.name === 'Consent:Use')).toHaveLength(1);
            expect(ledger.committed.filter((call) => call.name === 'Consent:Use')).toHaveLength(1);
        },
    );
});
