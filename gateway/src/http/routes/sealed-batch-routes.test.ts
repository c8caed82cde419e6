import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fromHex, MSP_IDS, ORGANISATIONS, toHex, type OrgKey } from '@lendledger/domain';
import { fingerprintLeafHash, merkleRoot, verifyInclusion } from '@lendledger/domain/node';
import { type LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TransactionCall } from '../../fabric/ledger-client.js';
import { rejection } from '../../testing/fake-ledger.js';
import { hashWorkerFailingOnce } from '../../testing/failing-hash-worker.js';
import { OTHER_USER, startTestGateway, type TestGateway } from '../../testing/test-gateway.js';

const fingerprints = (n: number, prefix = 'doc'): string[] =>
    Array.from({ length: n }, (_, i) => `sha256:${createHash('sha256').update(`${prefix} ${i}`).digest('hex')}`);

/** Bytes of a batch's leaves file: its fingerprints, one a line. */
const leavesBytes = (batch: readonly string[]): number => batch.join('\n').length;
// Lost seals end at the write deadline; the repeat of one must also commit within it, so it leaves room for a loaded
// machine (at 100 ms the repeats failed while other builds ran) without making the lost seals slow.
const WRITE_DEADLINE_MS = 1_500;

/** The organisations the chaincode lets seal (`Anchor:Seal`); the gateway must refuse the others itself. */
const SEALERS: readonly OrgKey[] = ['platform', 'bank'];

function sealAnswer(call: TransactionCall): string {
    const { root, size } = JSON.parse(call.args[0]!) as { root: string; size: number };
    return JSON.stringify({
        created: true,
        batch: { anchorId: root, root, size, leaves: 'OFF_LEDGER', txId: 'seal-tx' },
    });
}

describe('sealed batch routes', () => {
    let gateway: TestGateway;

    beforeEach(async () => {
        gateway = await startTestGateway();
        gateway.ledger.on('Anchor:Seal', sealAnswer);
    });

    afterEach(async () => {
        await gateway.close();
    });

    async function seal(batch: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
        const response = await gateway.app.inject({
            method: 'POST',
            url: '/v1/anchors/sealed',
            headers: await gateway.auth(),
            payload: { fingerprints: batch },
        });
        return { status: response.statusCode, body: response.json() };
    }

    it('puts only the RFC 9162 root and size on the ledger and keeps the leaves durably', async () => {
        const batch = fingerprints(1000);
        const { status, body } = await seal(batch);
        expect(status).toBe(200);
        const root = toHex(merkleRoot(batch.map((fingerprint) => new TextEncoder().encode(fingerprint))));
        expect(gateway.ledger.endorsed).toHaveLength(1);
        expect(gateway.ledger.endorsed[0]).toMatchObject({
            name: 'Anchor:Seal',
            args: [`{"root":"${root}","size":1000}`],
        });
        expect(body).toMatchObject({
            txId: expect.any(String),
            result: { created: true, batch: { root, size: 1000 } },
        });
        const files = await readdir(join(gateway.dataDir, 'sealed-batches'));
        expect(files.sort()).toEqual([`${root}.json`, `${root}.leaves`]);
    });

    it('hands out every proof of a committed batch in one streamed bundle, each leading to the sealed root', async () => {
        const batch = fingerprints(1000, 'bundle');
        batch[500] = batch[10]!;
        const sealed = (await seal(batch)).body as { result: { batch: { root: string } }; blockNumber: string };
        const { root } = sealed.result.batch;
        const response = await gateway.app.inject({
            method: 'GET',
            url: `/v1/anchors/sealed/${root}/proofs`,
            headers: await gateway.auth(),
        });
        expect([response.statusCode, response.headers['content-type']]).toEqual([
            200,
            'application/json; charset=utf-8',
        ]);
        const bundle = response.json<{
            format: string;
            batch: Record<string, unknown>;
            proofs: { fingerprint: string; index: number; auditPath: string[] }[];
        }>();
        expect(bundle.format).toBe('lendledger-seal-proofs/1');
        expect(bundle.batch).toMatchObject({
            anchorId: root,
            root,
            size: 1000,
            txId: 'seal-tx',
            blockNumber: Number(sealed.blockNumber),
            channel: gateway.config.channel,
            chaincode: gateway.config.chaincode,
            sealer: gateway.config.mspId,
        });
        expect(bundle.proofs.map((proof) => proof.fingerprint)).toEqual(batch);
        expect(bundle.proofs.map((proof) => proof.index)).toEqual(batch.map((_, index) => index));
        const leading = bundle.proofs.filter((proof) =>
            verifyInclusion(
                fingerprintLeafHash(proof.fingerprint),
                proof.index,
                1000,
                proof.auditPath.map(fromHex),
                fromHex(root),
            ),
        );
        expect(leading).toHaveLength(1000);
    });

    it('answers 404 SEALED_BATCH_NOT_HELD for the proof bundle of a batch not held here', async () => {
        const response = await gateway.app.inject({
            method: 'GET',
            url: `/v1/anchors/sealed/${'ab'.repeat(32)}/proofs`,
            headers: await gateway.auth(),
        });
        expect([response.statusCode, response.json().code]).toEqual([404, 'SEALED_BATCH_NOT_HELD']);
    });

    it('proves every sampled position of a sealed batch, also after a restart on the same data folder', async () => {
        const batch = fingerprints(777);
        const root = ((await seal(batch)).body as { result: { batch: { root: string } } }).result.batch.root;
        const dataDir = gateway.dataDir;
        await gateway.app.close();
        const restarted = await startTestGateway({}, { dataDir });
        try {
            for (const index of [0, 1, 255, 256, 511, 776]) {
                const response = await restarted.app.inject({
                    method: 'GET',
                    url: `/v1/anchors/sealed/${root}/proofs/${batch[index]}`,
                    headers: await restarted.auth(),
                });
                expect(response.statusCode).toBe(200);
                const proof = response.json<{ index: number; treeSize: number; auditPath: string[]; txId: string }>();
                expect(proof).toMatchObject({ index, treeSize: 777, root, txId: 'seal-tx' });
                const leaf = fingerprintLeafHash(batch[index]!);
                expect(verifyInclusion(leaf, index, 777, proof.auditPath.map(fromHex), fromHex(root))).toBe(true);
            }
            const outsider = await restarted.app.inject({
                method: 'GET',
                url: `/v1/anchors/sealed/${root}/proofs/${fingerprints(1, 'other')[0]}`,
                headers: await restarted.auth(),
            });
            expect(outsider.statusCode).toBe(404);
            expect(outsider.json()).toMatchObject({ code: 'SEALED_PROOF_NOT_FOUND' });
        } finally {
            await restarted.close();
        }
    });

    it('refuses a malformed fingerprint, an empty batch and an auditor, writing nothing', async () => {
        expect((await seal(['sha256:XYZ'])).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
        expect((await seal([])).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
        const auditor = await gateway.app.inject({
            method: 'POST',
            url: '/v1/anchors/sealed',
            headers: await gateway.auth({ roles: ['auditor'] }),
            payload: { fingerprints: fingerprints(2) },
        });
        expect(auditor.json()).toMatchObject({ status: 403, code: 'ROLE_REQUIRED' });
        expect(gateway.ledger.endorsed).toHaveLength(0);
    });

    describe('the shared write path', () => {
        it('names the transaction in x-transaction-id', async () => {
            const { response } = await postSeal(gateway, fingerprints(10));

            expect(response.statusCode).toBe(200);
            expect(response.headers['x-transaction-id']).toBe(response.json<{ txId: string }>().txId);
        });

        it('replays the first answer for the same Idempotency-Key and body, sealing once', async () => {
            const batch = fingerprints(50);

            const first = await postSeal(gateway, batch, { key: 'seal-1' });
            const second = await postSeal(gateway, batch, { key: 'seal-1' });

            expect(first.response.statusCode).toBe(200);
            expect(second.response.statusCode).toBe(200);
            expect(second.response.headers['idempotent-replayed']).toBe('true');
            expect(second.response.body).toBe(first.response.body);
            expect(second.response.headers['x-transaction-id']).toBe(first.response.headers['x-transaction-id']);
            expect(gateway.ledger.endorsed).toHaveLength(1);
        });

        it('refuses the same Idempotency-Key with another batch with 422 IDEMPOTENCY_KEY_REUSED, keeping nothing', async () => {
            const batch = fingerprints(50);

            await postSeal(gateway, batch, { key: 'seal-2' });
            const other = await postSeal(gateway, fingerprints(50, 'other'), { key: 'seal-2' });

            expectProblem(other.response, 422, 'IDEMPOTENCY_KEY_REUSED');
            expect(gateway.ledger.endorsed).toHaveLength(1);
            expect(await leavesFolder(gateway)).toEqual([`${rootOf(batch)}.json`, `${rootOf(batch)}.leaves`]);
        });
    });
});

/** A request body streamed to the gateway in small chunks, counting the bytes the gateway pulled from it. */
function countedBody(payload: unknown): { readonly stream: Readable; readonly length: number; pulled(): number } {
    const bytes = Buffer.from(JSON.stringify(payload));
    let offset = 0;
    const stream = new Readable({
        read() {
            const chunk = bytes.subarray(offset, offset + 4096);
            offset += chunk.length;
            this.push(chunk.length > 0 ? chunk : null);
        },
    });
    return { stream, length: bytes.length, pulled: () => offset };
}

interface SealOptions {
    readonly key?: string;
    readonly subject?: string;
    readonly org?: string;
    /** Streams the body and records how much of it the gateway read. */
    readonly counted?: boolean;
}

/** Posts a sealed batch; with `counted`, `pulled` tells how many body bytes the gateway read. */
async function postSeal(
    gateway: TestGateway,
    batch: unknown,
    options: SealOptions = {},
): Promise<{ response: LightMyRequestResponse; pulled: number }> {
    const headers: Record<string, string> = {
        ...(await gateway.auth({ subject: options.subject, org: options.org })),
        'content-type': 'application/json',
    };
    if (options.key !== undefined) {
        headers['idempotency-key'] = options.key;
    }
    const payload = { fingerprints: batch };
    if (!options.counted) {
        const response = await gateway.app.inject({ method: 'POST', url: '/v1/anchors/sealed', headers, payload });
        return { response, pulled: NaN };
    }
    const body = countedBody(payload);
    headers['content-length'] = String(body.length);
    const response = await gateway.app.inject({
        method: 'POST',
        url: '/v1/anchors/sealed',
        headers,
        payload: body.stream,
    });
    return { response, pulled: body.pulled() };
}

async function leavesFolder(gateway: TestGateway): Promise<string[]> {
    return (await readdir(join(gateway.dataDir, 'sealed-batches'))).sort();
}

function rootOf(batch: readonly string[]): string {
    return toHex(merkleRoot(batch.map((fingerprint) => new TextEncoder().encode(fingerprint))));
}

function expectProblem(response: LightMyRequestResponse, status: number, code: string): void {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status, code });
}

describe('sealed batches: what a refused or failed seal leaves behind', () => {
    const started: TestGateway[] = [];

    async function gatewayWith(settings: Record<string, unknown> = {}, dataDir?: string): Promise<TestGateway> {
        const gateway = await startTestGateway(settings, { dataDir });
        gateway.ledger.on('Anchor:Seal', sealAnswer);
        started.push(gateway);
        return gateway;
    }

    afterEach(async () => {
        for (const gateway of started.splice(0).reverse()) {
            await gateway.close();
        }
    });

    it('decides by role, not MSP name: a second bank seals, an arbitration commission is refused', async () => {
        const bank2 = await gatewayWith({ org: 'bank', mspId: 'Bank2MSP', roles: ['bank'] });
        const sealed = await postSeal(bank2, fingerprints(50, 'bank'), { org: 'bank', counted: true });
        expect(sealed.response.statusCode, sealed.response.body).toBe(200);
        const arbitration = await gatewayWith({ org: 'court', mspId: 'ArbitrationMSP', roles: ['arbitration'] });
        const refused = await postSeal(arbitration, fingerprints(50, 'court'), { org: 'court', counted: true });
        expectProblem(refused.response, 403, 'ORGANISATION_NOT_ALLOWED');
        expect(refused.pulled).toBe(0);
    });

    it.each(ORGANISATIONS)(
        "follows the chaincode's Anchor:Seal rule at the %s gateway, refusing before the body is read",
        async (org) => {
            const gateway = await gatewayWith({ org, mspId: MSP_IDS[org], roles: [org] });
            const batch = fingerprints(5_000, org);

            const { response, pulled } = await postSeal(gateway, batch, { org, counted: true });

            if (SEALERS.includes(org)) {
                expect(response.statusCode, response.body).toBe(200);
                expect(await leavesFolder(gateway)).toHaveLength(2);
                return;
            }
            expectProblem(response, 403, 'ORGANISATION_NOT_ALLOWED');
            expect(response.json()).toMatchObject({ mspId: MSP_IDS[org] });
            expect(pulled).toBe(0);
            expect(await leavesFolder(gateway)).toEqual([]);
            expect(gateway.ledger.endorsed).toHaveLength(0);
        },
    );

    it.each([
        [
            'the chaincode refuses the seal',
            (gateway: TestGateway) =>
                gateway.ledger.on('Anchor:Seal', () => {
                    throw rejection('ACCESS_DENIED', 'BankMSP may not seal a batch');
                }),
            403,
        ],
        [
            'the seal commits invalid',
            (gateway: TestGateway) => gateway.ledger.commitCodes.push('ENDORSEMENT_POLICY_FAILURE'),
            502,
        ],
        [
            'the peer cannot be reached',
            (gateway: TestGateway) => {
                gateway.ledger.unavailable.endorse = 1;
            },
            503,
        ],
    ])('removes the leaves and frees the allowance when %s', async (_, fail, status) => {
        const batch = fingerprints(300, 'failing');
        const gateway = await gatewayWith({
            retry: { unavailableAttempts: 1, conflictAttempts: 1 },
            limits: { maxEventLoopDelayMs: 0, subjectSealedBytes: leavesBytes(batch) },
        });
        fail(gateway);

        const failed = await postSeal(gateway, batch);

        expect(failed.response.statusCode, failed.response.body).toBe(status);
        expect(await leavesFolder(gateway)).toEqual([]);
        // The allowance holds this one batch: had the failed seal kept its bytes, the repeat would get 413.
        gateway.ledger.on('Anchor:Seal', sealAnswer);
        const repeated = await postSeal(gateway, batch);
        expect(repeated.response.statusCode, repeated.response.body).toBe(200);
        const root = rootOf(batch);
        expect(await leavesFolder(gateway)).toEqual([`${root}.json`, `${root}.leaves`]);
    });

    it('keeps the leaves and a pending record of a seal whose outcome is unknown; the repeat follows it', async () => {
        // The orderer loses the transaction until the write deadline, as when a Raft leader dies before ordering it.
        const gateway = await gatewayWith({ timeouts: { commitStatusMs: 100, writeMs: WRITE_DEADLINE_MS } });
        gateway.ledger.lostSubmissions = 1_000;
        const batch = fingerprints(300, 'lost');
        const root = rootOf(batch);

        const lost = await postSeal(gateway, batch, { key: 'seal-lost' });
        const afterLoss = await leavesFolder(gateway);
        gateway.ledger.lostSubmissions = 0;
        const repeated = await postSeal(gateway, batch, { key: 'seal-lost' });

        expectProblem(lost.response, 503, 'COMMIT_STATUS_UNKNOWN');
        // The transaction may still commit: its leaves must be here then.
        expect(afterLoss).toEqual([`${root}.leaves`, `${root}.pending.json`]);
        expect(repeated.response.statusCode, repeated.response.body).toBe(200);
        expect(gateway.ledger.endorsed).toHaveLength(1);
        expect(await leavesFolder(gateway)).toEqual([`${root}.json`, `${root}.leaves`]);
        const proof = await gateway.app.inject({
            method: 'GET',
            url: `/v1/anchors/sealed/${root}/proofs/${batch[7]}`,
            headers: await gateway.auth(),
        });
        expect(proof.statusCode).toBe(200);
    });

    it('lets the repeat of an unresolved seal past a used-up allowance, and counts its leaves once', async () => {
        const batch = fingerprints(200, 'unresolved');
        const gateway = await gatewayWith({
            timeouts: { commitStatusMs: 100, writeMs: WRITE_DEADLINE_MS },
            limits: { maxEventLoopDelayMs: 0, subjectSealedBytes: leavesBytes(batch) },
        });
        gateway.ledger.lostSubmissions = 1_000;

        const lost = await postSeal(gateway, batch, { key: 'seal-full' });
        const otherKey = await postSeal(gateway, fingerprints(1, 'more'), { key: 'other', counted: true });
        gateway.ledger.lostSubmissions = 0;
        const repeated = await postSeal(gateway, batch, { key: 'seal-full' });
        const after = await postSeal(gateway, fingerprints(1, 'after'), { counted: true });

        expectProblem(lost.response, 503, 'COMMIT_STATUS_UNKNOWN');
        // The unresolved seal's leaves count against the subject...
        expectProblem(otherKey.response, 413, 'SEALED_STORAGE_EXCEEDED');
        expect(otherKey.pulled).toBe(0);
        // ...but its repeat is neither refused nor charged twice once it commits.
        expect(repeated.response.statusCode, repeated.response.body).toBe(200);
        expect(gateway.ledger.endorsed).toHaveLength(1);
        expectProblem(after.response, 413, 'SEALED_STORAGE_EXCEEDED');
        expect(after.response.json()).toMatchObject({ usedBytes: leavesBytes(batch) });
    });

    it.each([
        ['quoted, then bare', '"seal-quoted"', 'seal-quoted'],
        ['bare, then quoted', 'seal-quoted', '"seal-quoted"'],
    ])(
        'treats an Idempotency-Key sent %s as one key: the repeat of the unresolved seal passes the used-up allowance',
        async (_, firstKey, repeatKey) => {
            const batch = fingerprints(200, 'quoted');
            const gateway = await gatewayWith({
                timeouts: { commitStatusMs: 100, writeMs: WRITE_DEADLINE_MS },
                limits: { maxEventLoopDelayMs: 0, subjectSealedBytes: leavesBytes(batch) },
            });
            gateway.ledger.lostSubmissions = 1_000;

            const lost = await postSeal(gateway, batch, { key: firstKey });
            gateway.ledger.lostSubmissions = 0;
            const repeated = await postSeal(gateway, batch, { key: repeatKey });

            expectProblem(lost.response, 503, 'COMMIT_STATUS_UNKNOWN');
            // The idempotency store, the allowance check and the unresolved seal all see the one key.
            expect(repeated.response.statusCode, repeated.response.body).toBe(200);
            expect(gateway.ledger.endorsed).toHaveLength(1);
            expect(await leavesFolder(gateway)).toEqual([`${rootOf(batch)}.json`, `${rootOf(batch)}.leaves`]);
        },
    );

    it('takes the leaves away when nothing could have been ordered: endorsement failure or known-invalid commit', async () => {
        // Endorsers that keep disagreeing (no time is given to a disagreement) order nothing.
        const gateway = await gatewayWith({ retry: { disagreementMs: 0 } });
        gateway.ledger.disagreements = 10;
        const unendorsed = await postSeal(gateway, fingerprints(50, 'unendorsed'), { key: 'unendorsed' });
        gateway.ledger.disagreements = 0;
        gateway.ledger.commitCodes.push(...Array<string>(10).fill('ENDORSEMENT_POLICY_FAILURE'));
        const invalid = await postSeal(gateway, fingerprints(50, 'invalid'), { key: 'invalid' });

        expect(unendorsed.response.statusCode).toBeGreaterThanOrEqual(500);
        expect(invalid.response.statusCode).toBeGreaterThanOrEqual(400);
        expect(invalid.response.json()).toMatchObject({ code: 'TRANSACTION_INVALID' });
        expect(await leavesFolder(gateway)).toEqual([]);
    });

    it("bounds each subject's sealed leaves on disk, across restarts, with 413 SEALED_STORAGE_EXCEEDED", async () => {
        const first = fingerprints(200, 'first');
        const second = fingerprints(200, 'second');
        const settings = { limits: { maxEventLoopDelayMs: 0, subjectSealedBytes: leavesBytes(first) } };
        const gateway = await gatewayWith(settings);

        const fits = await postSeal(gateway, first);
        const beyond = await postSeal(gateway, second, { counted: true });
        const otherSubject = await postSeal(gateway, second, { subject: OTHER_USER });

        expect(fits.response.statusCode).toBe(200);
        expectProblem(beyond.response, 413, 'SEALED_STORAGE_EXCEEDED');
        expect(beyond.response.json()).toMatchObject({ limitBytes: leavesBytes(first), usedBytes: leavesBytes(first) });
        // The allowance is used up, so the body is not even read.
        expect(beyond.pulled).toBe(0);
        // Another subject has its own allowance.
        expect(otherSubject.response.statusCode).toBe(200);
        expect(await leavesFolder(gateway)).toHaveLength(4);

        const dataDir = gateway.dataDir;
        await gateway.app.close();
        const restarted = await gatewayWith(settings, dataDir);
        const afterRestart = await postSeal(restarted, fingerprints(1, 'third'));
        expectProblem(afterRestart.response, 413, 'SEALED_STORAGE_EXCEEDED');
    });

    it('refuses a batch that would pass the allowance after reading it, writing nothing', async () => {
        const small = fingerprints(100, 'small');
        const gateway = await gatewayWith({
            limits: { maxEventLoopDelayMs: 0, subjectSealedBytes: leavesBytes(small) + 1_000 },
        });

        await postSeal(gateway, small);
        const tooLarge = await postSeal(gateway, fingerprints(100, 'large'));

        expectProblem(tooLarge.response, 413, 'SEALED_STORAGE_EXCEEDED');
        expect(gateway.ledger.endorsed).toHaveLength(1);
        expect(await leavesFolder(gateway)).toEqual([`${rootOf(small)}.json`, `${rootOf(small)}.leaves`]);
    });

    /** Posts raw body bytes in 4 KiB chunks, without a Content-Length unless `declared` is given. */
    async function postRaw(gateway: TestGateway, bytes: Buffer, declared?: number): Promise<LightMyRequestResponse> {
        let offset = 0;
        const stream = new Readable({
            read() {
                const chunk = bytes.subarray(offset, offset + 4096);
                offset += chunk.length;
                this.push(chunk.length > 0 ? chunk : null);
            },
        });
        return gateway.app.inject({
            method: 'POST',
            url: '/v1/anchors/sealed',
            headers: {
                ...(await gateway.auth()),
                'content-type': 'application/json',
                ...(declared === undefined ? {} : { 'content-length': String(declared) }),
            },
            payload: stream,
        });
    }

    it('refuses a streamed body at its fault with the codes of before, keeping nothing: the next batch still fits', async () => {
        const next = fingerprints(100, 'next');
        const gateway = await gatewayWith({
            limits: { maxEventLoopDelayMs: 0, sealedBodyLimitBytes: 32 * 1024, subjectSealedBytes: leavesBytes(next) },
        });
        const items = fingerprints(700, 'stream').map((fingerprint) => JSON.stringify(fingerprint));
        const whole = Buffer.from(`{"fingerprints":[${items.join(',')}]}`);
        const bad = [...items];
        bad[321] = '"sha256:not-a-fingerprint"';

        const badItem = await postRaw(gateway, Buffer.from(`{"fingerprints":[${bad.join(',')}]}`));
        const truncated = await postRaw(gateway, whole.subarray(0, 30_000));
        const shortOfDeclared = await postRaw(gateway, whole.subarray(0, 30_000), 30_001);
        const overLimit = await postRaw(gateway, whole);
        const declaredOverLimit = await postRaw(gateway, whole, whole.length);

        expectProblem(badItem, 400, 'VALIDATION_FAILED');
        expect(badItem.json()).toMatchObject({ errors: [{ in: 'body', path: '/fingerprints/321' }] });
        expectProblem(truncated, 400, 'MALFORMED_REQUEST');
        expectProblem(shortOfDeclared, 400, 'MALFORMED_REQUEST');
        expectProblem(overLimit, 413, 'PAYLOAD_TOO_LARGE');
        expectProblem(declaredOverLimit, 413, 'PAYLOAD_TOO_LARGE');
        expect(gateway.ledger.endorsed).toHaveLength(0);
        expect(await leavesFolder(gateway)).toEqual([]);
        // No bytes stayed charged to the subject and every slot came back: a batch of the whole allowance seals.
        const sealed = await postSeal(gateway, next);
        expect(sealed.response.statusCode, sealed.response.body).toBe(200);
    });

    it.each(['exit', 'hang'] as const)(
        'answers 503 SEAL_HASHING_FAILED when a hashing worker does %s, keeping nothing, and seals the next batch',
        async (behaviour) => {
            const scratch = await mkdtemp(join(tmpdir(), 'sealed-workers-'));
            try {
                const hashWorkerUrl = await hashWorkerFailingOnce(scratch, behaviour);
                const gateway = await startTestGateway(
                    { limits: { maxEventLoopDelayMs: 0, sealHashWorkers: 1 }, timeouts: { sealHashMs: 1_000 } },
                    { hashWorkerUrl },
                );
                gateway.ledger.on('Anchor:Seal', sealAnswer);
                started.push(gateway);
                const batch = fingerprints(3_000, behaviour);

                const failed = await postSeal(gateway, batch);
                expectProblem(failed.response, 503, 'SEAL_HASHING_FAILED');
                expect(failed.response.headers['retry-after']).toBe('5');
                expect(gateway.ledger.endorsed).toHaveLength(0);
                expect(await leavesFolder(gateway)).toEqual([]);

                const next = await postSeal(gateway, batch);
                expect(next.response.statusCode, next.response.body).toBe(200);
                expect(next.response.json()).toMatchObject({ result: { batch: { root: rootOf(batch) } } });
            } finally {
                await rm(scratch, { recursive: true, force: true });
            }
        },
    );

    it('keeps answering /healthz while a large batch is read and its tree hashed', async () => {
        const gateway = await gatewayWith({ limits: { maxEventLoopDelayMs: 0 } });
        const batch = fingerprints(200_000, 'large');
        let sealDone = false;
        const seal = postSeal(gateway, batch).finally(() => {
            sealDone = true;
        });
        let answeredMeanwhile = 0;
        while (!sealDone) {
            const health = await gateway.app.inject({ method: 'GET', url: '/healthz' });
            if (health.statusCode === 200 && !sealDone) {
                answeredMeanwhile++;
            }
            await new Promise((resolve) => setImmediate(resolve));
        }
        expect((await seal).response.statusCode).toBe(200);
        expect(answeredMeanwhile).toBeGreaterThan(0);
    });

    it('reads and hashes at most limits.maxConcurrentSeals batches at once; the next gets 503 before its body is read', async () => {
        const gateway = await gatewayWith({ limits: { maxEventLoopDelayMs: 0, maxConcurrentSeals: 1 } });
        const release = gateway.ledger.hold();

        const first = postSeal(gateway, fingerprints(100, 'first'));
        await gateway.ledger.endorsements(1);
        const busy = await postSeal(gateway, fingerprints(100, 'second'), { counted: true });
        release();
        const firstDone = await first;
        const malformed = await postSeal(gateway, ['sha256:XYZ']);
        const afterwards = await postSeal(gateway, fingerprints(100, 'second'));

        expectProblem(busy.response, 503, 'GATEWAY_SATURATED');
        expect(busy.response.headers['retry-after']).toBe('5');
        expect(busy.pulled).toBe(0);
        expect(firstDone.response.statusCode).toBe(200);
        // Slots come back after a success and after a refused body alike.
        expect(malformed.response.statusCode).toBe(400);
        expect(afterwards.response.statusCode).toBe(200);
    });
});
