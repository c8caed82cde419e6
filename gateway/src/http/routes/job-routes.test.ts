import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type TransactionCall } from '../../fabric/ledger-client.js';
import { type JobView } from '../../jobs/job-records.js';
import { rejection } from '../../testing/fake-ledger.js';
import { OTHER_USER, startTestGateway, type TestGateway } from '../../testing/test-gateway.js';

const JOB_SETTINGS = { jobs: { evidenceThreshold: 3, evidenceChunkSize: 2 } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const item = (index: number): Record<string, unknown> => ({
    fingerprint: `sha256:${index.toString(16).padStart(64, '0')}`,
    salted: true,
    evidenceType: 'LOAN_CONTRACT',
    stage: 'CONTRACT_SIGNING',
    loanRef: `loan:${'a'.repeat(64)}`,
});
const items = (count: number): Record<string, unknown>[] => Array.from({ length: count }, (_, index) => item(index));

/** The fingerprints a batch call carries, in order. */
const fingerprintsOf = (call: TransactionCall): string[] =>
    (JSON.parse(call.args[0]!) as { items: { fingerprint: string }[] }).items.map((entry) => entry.fingerprint);

const gateways: TestGateway[] = [];
const folders: string[] = [];

afterEach(async () => {
    for (const gateway of gateways.splice(0)) {
        await gateway.close();
    }
    for (const dir of folders.splice(0)) {
        await rm(dir, { recursive: true, force: true });
    }
});

async function gatewayWith(dataDir?: string): Promise<TestGateway> {
    const gateway = await startTestGateway(JOB_SETTINGS, { dataDir });
    gateways.push(gateway);
    return gateway;
}

async function postBatch(gateway: TestGateway, count: number): Promise<LightMyRequestResponse> {
    return gateway.app.inject({
        method: 'POST',
        url: '/v1/evidence/batch',
        headers: await gateway.auth(),
        payload: { items: items(count) },
    });
}

async function getJob(
    gateway: TestGateway,
    location: string,
    overrides?: Parameters<TestGateway['auth']>[0],
): Promise<LightMyRequestResponse> {
    return gateway.app.inject({ method: 'GET', url: location, headers: await gateway.auth(overrides) });
}

/** Polls the job until it has finished (the chunks run in the background). */
async function finishedJob(gateway: TestGateway, location: string): Promise<JobView> {
    const headers = await gateway.auth();
    for (let turn = 0; turn < 500; turn++) {
        const job = (await gateway.app.inject({ method: 'GET', url: location, headers })).json<JobView>();
        if (job.status === 'succeeded' || job.status === 'failed') {
            return job;
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
    }
    throw new Error(`job ${location} did not finish`);
}

describe('job routes', () => {
    it('runs a batch at or under the threshold as one transaction and answers 200', async () => {
        const gateway = await gatewayWith();

        const response = await postBatch(gateway, 3);

        expect(response.statusCode).toBe(200);
        expect(response.json()).toMatchObject({ txId: 'tx0001' });
        expect(gateway.ledger.endorsed.map(fingerprintsOf)).toEqual([items(3).map((entry) => entry.fingerprint)]);
    });

    it('accepts a batch over the threshold as a job (202 + Location) and commits its chunks in order', async () => {
        const gateway = await gatewayWith();
        gateway.ledger.on('Evidence:RegisterBatch', (call) =>
            JSON.stringify({ registered: fingerprintsOf(call).length }),
        );

        const accepted = await postBatch(gateway, 5);
        const location = accepted.headers.location as string;
        const job = await finishedJob(gateway, location);

        expect(accepted.statusCode).toBe(202);
        expect(location).toMatch(/^\/v1\/jobs\//);
        const jobId = location.slice('/v1/jobs/'.length);
        expect(jobId).toMatch(UUID);
        expect(accepted.json()).toEqual({ jobId, status: 'queued', statusUrl: location, chunks: 3, items: 5 });
        expect(job).toMatchObject({
            jobId,
            status: 'succeeded',
            operation: 'registerEvidenceBatch',
            transaction: 'Evidence:RegisterBatch',
            items: 5,
            progress: { chunks: 3, committed: 3, failed: 0 },
        });
        expect(job.finishedAt).toBeDefined();
        expect(job.chunks).toEqual([
            { index: 0, items: 2, status: 'committed', txId: 'tx0001', blockNumber: 11, result: { registered: 2 } },
            { index: 1, items: 2, status: 'committed', txId: 'tx0002', blockNumber: 12, result: { registered: 2 } },
            { index: 2, items: 1, status: 'committed', txId: 'tx0003', blockNumber: 13, result: { registered: 1 } },
        ]);
        const fingerprints = items(5).map((entry) => entry.fingerprint);
        expect(gateway.ledger.endorsed.map(fingerprintsOf)).toEqual([
            fingerprints.slice(0, 2),
            fingerprints.slice(2, 4),
            fingerprints.slice(4),
        ]);
        expect(gateway.ledger.endorsed.every((call) => call.identity === 'User1')).toBe(true);
        expect(gateway.ledger.submitted).toEqual(['tx0001', 'tx0002', 'tx0003']);
    });

    it("fails the job at the chunk the chaincode refuses, with that chunk's problem, and runs no later chunk", async () => {
        const gateway = await gatewayWith();
        let calls = 0;
        gateway.ledger.on('Evidence:RegisterBatch', () => {
            calls++;
            if (calls === 2) {
                throw rejection('DUPLICATE_IN_BATCH', 'item 0 repeats item 1', { index: 1 });
            }
            return '{"registered":2}';
        });

        const accepted = await postBatch(gateway, 5);
        const job = await finishedJob(gateway, accepted.headers.location as string);

        expect(job.status).toBe('failed');
        expect(job.progress).toEqual({ chunks: 3, committed: 1, failed: 1 });
        expect(job.error).toMatchObject({
            code: 'DUPLICATE_IN_BATCH',
            status: 400,
            detail: 'item 0 repeats item 1',
            details: { index: 1 },
        });
        expect(job.chunks.map((chunk) => chunk.status)).toEqual(['committed', 'failed', 'pending']);
        expect(job.chunks[1]!.error).toEqual(job.error);
        expect(gateway.ledger.endorsed).toHaveLength(2);
        expect(gateway.ledger.submitted).toEqual(['tx0001']);
    });

    it('replays the 202 of a job for a repeated Idempotency-Key instead of creating a second job', async () => {
        const gateway = await gatewayWith();
        const send = async (): Promise<LightMyRequestResponse> =>
            gateway.app.inject({
                method: 'POST',
                url: '/v1/evidence/batch',
                headers: { ...(await gateway.auth()), 'idempotency-key': 'batch-1' },
                payload: { items: items(5) },
            });

        const first = await send();
        await finishedJob(gateway, first.headers.location as string);
        const repeat = await send();

        expect(first.statusCode).toBe(202);
        expect(repeat.statusCode).toBe(202);
        expect(repeat.headers['idempotent-replayed']).toBe('true');
        expect(repeat.headers.location).toBe(first.headers.location);
        expect(repeat.body).toBe(first.body);
        expect(gateway.ledger.endorsed).toHaveLength(3);
    });

    it("answers 404 JOB_NOT_FOUND for another user's job and for an unknown one, but shows it to an admin", async () => {
        const gateway = await gatewayWith();
        const accepted = await postBatch(gateway, 4);
        const location = accepted.headers.location as string;
        await finishedJob(gateway, location);

        const otherUser = await getJob(gateway, location, { subject: OTHER_USER });
        const unknown = await getJob(gateway, '/v1/jobs/00000000-0000-4000-8000-000000000000');
        const admin = await getJob(gateway, location, { subject: OTHER_USER, roles: ['admin'] });
        const malformed = await getJob(gateway, '/v1/jobs/not-a-uuid');

        for (const response of [otherUser, unknown]) {
            expect(response.statusCode).toBe(404);
            expect(response.json()).toMatchObject({ code: 'JOB_NOT_FOUND' });
        }
        expect(admin.statusCode).toBe(200);
        expect(admin.json()).toMatchObject({ status: 'succeeded' });
        expect(malformed.statusCode).toBe(400);
        expect(malformed.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('resumes an unfinished job at its first uncommitted chunk when the gateway is rebuilt on the same data folder', async () => {
        const dataDir = await mkdtemp(join(tmpdir(), 'gateway-jobs-'));
        folders.push(dataDir);
        const crashed = await gatewayWith(dataDir);
        let releaseCrashed: () => void = () => undefined;
        const stuck = new Promise<void>((resolve) => (releaseCrashed = resolve));
        crashed.ledger.on('Evidence:RegisterBatch', async () => {
            if (crashed.ledger.endorsed.length === 2) {
                // The process "dies" here: the second chunk never commits.
                await stuck;
            }
            return '{"registered":2}';
        });
        const accepted = await postBatch(crashed, 5);
        const location = accepted.headers.location as string;
        for (let turn = 0; crashed.ledger.endorsed.length < 2; turn++) {
            expect(turn).toBeLessThan(1_000);
            await new Promise((resolve) => setImmediate(resolve));
        }

        const restarted = await gatewayWith(dataDir);
        const job = await finishedJob(restarted, location);
        releaseCrashed();

        expect(job.status).toBe('succeeded');
        expect(job.chunks.map((chunk) => chunk.txId)).toEqual(['tx0001', 'tx0001', 'tx0002']);
        const fingerprints = items(5).map((entry) => entry.fingerprint);
        expect(restarted.ledger.endorsed.map(fingerprintsOf)).toEqual([
            fingerprints.slice(2, 4),
            fingerprints.slice(4),
        ]);
    });

    it('keeps a finished job readable after the gateway is rebuilt on the same data folder', async () => {
        const dataDir = await mkdtemp(join(tmpdir(), 'gateway-jobs-'));
        folders.push(dataDir);
        const before = await gatewayWith(dataDir);
        const accepted = await postBatch(before, 4);
        const location = accepted.headers.location as string;
        const finished = await finishedJob(before, location);
        await before.app.close();

        const after = await gatewayWith(dataDir);
        const response = await getJob(after, location);

        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual(finished);
        expect(after.ledger.endorsed).toHaveLength(0);
    });
});
