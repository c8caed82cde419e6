import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SealedBatchRecord } from '@lendledger/domain';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SealedBatchStore } from '../anchors/sealed-batches.js';
import { ProblemError } from '../errors/problem-error.js';
import { type LedgerReads } from '../fabric/evaluate-json.js';
import { newOpenSslSigner } from '../fabric/openssl-signer.js';
import { leavesPath, SealedBatchFetcher } from './sealed-batch-fetcher.js';
import { PEER_HEADERS, type PeerIdentity } from './signed-request.js';

/** The verifier's recorded sealed receipt: a real `Anchor:Seal` block of a seven-leaf batch sealed by PlatformMSP. */
const FIXTURES = join(import.meta.dirname, '../../../verifier/src/fixtures');
const sealedReceipt = JSON.parse(readFileSync(join(FIXTURES, 'receipt-sealed.json'), 'utf8')) as {
    transaction: { id: string };
    block: { number: number; bytes: string };
    anchor: { root: string; treeSize: number };
};
const documentFingerprint = (
    JSON.parse(readFileSync(join(FIXTURES, 'document.json'), 'utf8')) as { fingerprint: string }
).fingerprint;

/** The fixture's sealed batch in tree order (verifier/src/testing/fixture-batch.ts builds it the same way). */
const LEAVES = Array.from({ length: 7 }, (_, i) =>
    i === 6 ? documentFingerprint : `sha256:${createHash('sha256').update(`sealed member ${i}`).digest('hex')}`,
);
const ROOT = sealedReceipt.anchor.root;
const SEALER_URL = 'http://platform.gateway.test:8001';

const record: SealedBatchRecord = {
    anchorId: ROOT,
    root: ROOT,
    size: 7,
    leafEncoding: 'utf8-canonical-fingerprint',
    treeAlgorithm: 'rfc9162-sha256',
    leaves: 'OFF_LEDGER',
    submitter: { mspId: 'PlatformMSP', subject: 'CN=User1@platform.lendledger.test' },
    txId: sealedReceipt.transaction.id,
    time: '2026-12-04T22:49:07.491Z',
};

const notary: PeerIdentity = {
    mspId: 'NotaryMSP',
    certificate: '-----BEGIN CERTIFICATE-----\nnot checked by the fetcher\n-----END CERTIFICATE-----\n',
    sign: newOpenSslSigner(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey),
};

/** This gateway's own peer: the seal record and the seal's block, as the ledger holds them. */
const reads: LedgerReads = {
    evaluates: { run: (task) => task() },
    runner: {
        evaluate: async (call) => {
            expect(call.name).toBe('Anchor:GetSealed');
            return new TextEncoder().encode(JSON.stringify(record));
        },
        blockByTransactionId: async () => Buffer.from(sealedReceipt.block.bytes, 'base64'),
    },
};

interface SealerCall {
    readonly url: string;
    readonly headers: Record<string, string>;
}

describe('SealedBatchFetcher', () => {
    let dir: string;
    let store: SealedBatchStore;
    let calls: SealerCall[];

    beforeEach(async () => {
        dir = await mkdtemp(join(tmpdir(), 'sealed-fetch-'));
        store = await SealedBatchStore.open({ dir, bytesPerSubject: 1_000_000 });
        calls = [];
    });

    afterEach(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    /** A fetcher whose sealer answers `body` with `status`; it keeps batches of at most `maxLeaves` leaves. */
    function fetcherAnswering(
        body: string,
        status = 200,
        gateways = { PlatformMSP: SEALER_URL },
        maxLeaves = 1_000,
    ): SealedBatchFetcher {
        return new SealedBatchFetcher({
            identity: notary,
            gateways,
            reads,
            store,
            chaincode: 'lendledger',
            timeoutMs: 5_000,
            maxLeaves,
            fetch: async (url, init) => {
                calls.push({ url: String(url), headers: init?.headers as Record<string, string> });
                return new Response(body, { status });
            },
        });
    }

    async function refusalOf(body: string, status = 200): Promise<string> {
        try {
            await fetcherAnswering(body, status).ensure('User1', ROOT);
        } catch (error) {
            if (error instanceof ProblemError) {
                return error.code;
            }
            throw error;
        }
        return 'kept';
    }

    it("keeps the sealer's leaves when they make the recorded root and size, with the seal's block", async () => {
        await fetcherAnswering(LEAVES.join('\n')).ensure('User1', ROOT);

        expect(store.holds(ROOT)).toBe(true);
        const proof = await store.proofOf(documentFingerprint, ROOT);
        expect([proof?.index, proof?.treeSize, proof?.txId]).toEqual([6, 7, record.txId]);
        const held = await store.batch(ROOT);
        expect([held?.meta.blockNumber, held?.meta.fetchedFrom]).toEqual([sealedReceipt.block.number, 'PlatformMSP']);
        expect(store.bytesOf('User1')).toBe(0);
    });

    it("asks the sealer's gateway with a request signed for that gateway", async () => {
        await fetcherAnswering(LEAVES.join('\n')).ensure('User1', ROOT);

        expect(calls.map((call) => call.url)).toEqual([`${SEALER_URL}${leavesPath(ROOT)}`]);
        const headers = calls[0]!.headers;
        expect(Object.keys(headers).sort()).toEqual(Object.values(PEER_HEADERS).sort());
        expect(headers[PEER_HEADERS.mspId]).toBe('NotaryMSP');
    });

    it('fetches a batch once and then answers from its own copy, after a restart too', async () => {
        await fetcherAnswering(LEAVES.join('\n')).ensure('User1', ROOT);
        await fetcherAnswering('').ensure('User1', ROOT);
        store = await SealedBatchStore.open({ dir, bytesPerSubject: 1_000_000 });
        await fetcherAnswering('').ensure('User1', ROOT);

        expect(calls).toHaveLength(1);
        expect((await store.proofOf(documentFingerprint))?.anchorId).toBe(ROOT);
    });

    it.each([
        ['a changed leaf', LEAVES.map((leaf, i) => (i === 3 ? `sha256:${'0'.repeat(64)}` : leaf))],
        ['a missing leaf', LEAVES.slice(0, 6)],
        ['a missing first leaf', LEAVES.slice(1)],
        ['an extra leaf', [...LEAVES, LEAVES[0]!]],
        ['two leaves swapped', [LEAVES[1]!, LEAVES[0]!, ...LEAVES.slice(2)]],
        ['a line that is not a fingerprint', LEAVES.map((leaf, i) => (i === 2 ? leaf.toUpperCase() : leaf))],
        ['no leaves', []],
    ])('refuses an answer with %s and keeps nothing', async (_name, leaves) => {
        expect(await refusalOf(leaves.join('\n'))).toBe('SEALER_LEAVES_REFUSED');
        expect(store.holds(ROOT)).toBe(false);
    });

    it('refuses every answer with one leaf replaced by another fingerprint', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: 0, max: LEAVES.length - 1 }),
                fc.stringMatching(/^sha256:[0-9a-f]{64}$/),
                async (at, replacement) => {
                    fc.pre(replacement !== LEAVES[at]);
                    const leaves = LEAVES.map((leaf, i) => (i === at ? replacement : leaf));
                    expect(await refusalOf(leaves.join('\n'))).toBe('SEALER_LEAVES_REFUSED');
                },
            ),
            { numRuns: 30 },
        );
        expect(store.holds(ROOT)).toBe(false);
    });

    it('refuses an answer longer than any seven leaves can be without reading it all', async () => {
        expect(await refusalOf(`${LEAVES.join('\n')}\n${'x'.repeat(10_000)}`)).toBe('SEALER_LEAVES_REFUSED');
    });

    it.each([1, 6])(
        'refuses a batch the ledger records larger than the %i leaves it keeps, before asking the sealer',
        async (maxLeaves) => {
            // The size on the ledger is the sealer's word (the chaincode allows 16 million leaves): whatever it says,
            // this gateway reads no more than a batch it would seal itself.
            const fetcher = fetcherAnswering(LEAVES.join('\n'), 200, { PlatformMSP: SEALER_URL }, maxLeaves);
            await expect(fetcher.ensure('User1', ROOT)).rejects.toMatchObject({
                code: 'SEALER_LEAVES_REFUSED',
                status: 502,
            });
            expect(calls).toHaveLength(0);
            expect(store.holds(ROOT)).toBe(false);
        },
    );

    it('keeps a batch exactly as large as it keeps', async () => {
        await fetcherAnswering(LEAVES.join('\n'), 200, { PlatformMSP: SEALER_URL }, LEAVES.length).ensure(
            'User1',
            ROOT,
        );
        expect(store.holds(ROOT)).toBe(true);
    });

    it('answers 502 SEALER_UNREACHABLE when the sealer refuses, or when no gateway is known for it', async () => {
        expect(await refusalOf('{"code":"PEER_NOT_MEMBER"}', 403)).toBe('SEALER_UNREACHABLE');
        const unknown = fetcherAnswering(LEAVES.join('\n'), 200, {} as { PlatformMSP: string });
        await expect(unknown.ensure('User1', ROOT)).rejects.toMatchObject({ code: 'SEALER_UNREACHABLE', status: 502 });
        expect(calls).toHaveLength(1);
    });
});
