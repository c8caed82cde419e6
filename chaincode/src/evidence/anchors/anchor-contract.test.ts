import { createHash } from 'node:crypto';
import {
    fingerprintLeaf,
    fromHex,
    toHex,
    type AnchorInclusionProof,
    type AnchorLeaves,
    type AnchorLocations,
    type AnchorRecord,
    type AnchorWriteResult,
    type PageResult,
} from '@lendledger/domain';
import { fingerprintLeafHash, inclusionProof, merkleRoot, verifyInclusion } from '@lendledger/domain/node';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryLedger, USERS, type TestIdentity } from '../../testing/memory-ledger.js';
import { AnchorContract } from './anchor-contract.js';
import { failureOf } from '../../testing/refusals.js';

const anchors = new AnchorContract();
const fp = (label: string | number): string => `sha256:${createHash('sha256').update(String(label)).digest('hex')}`;
const batchOf = (n: number, prefix = 'item'): string[] => Array.from({ length: n }, (_, i) => fp(`${prefix}-${i}`));

function verifies(proof: AnchorInclusionProof): boolean {
    return verifyInclusion(
        fingerprintLeafHash(proof.fingerprint),
        proof.index,
        proof.treeSize,
        proof.auditPath.map(fromHex),
        fromHex(proof.root),
    );
}

describe('Anchor contract', () => {
    let ledger: MemoryLedger;

    const create = (fingerprints: unknown[], user: TestIdentity = USERS.bank) =>
        ledger.invokeJson<AnchorWriteResult>(anchors, 'Create', user, JSON.stringify({ fingerprints }));
    const query = <T>(fn: string, request: object, user: TestIdentity = USERS.court) =>
        ledger.invokeJson<T>(anchors, fn, user, JSON.stringify(request));

    beforeEach(() => {
        ledger = new MemoryLedger({ startTime: '2026-03-01T00:00:00.000Z' });
    });

    describe('Create', () => {
        it('stores the RFC 9162 root of the fingerprints, their number and the submitter', async () => {
            const fingerprints = batchOf(5);
            const { created, anchor } = await create(fingerprints);
            const root = toHex(merkleRoot(fingerprints.map(fingerprintLeaf)));
            expect(created).toBe(true);
            expect(anchor).toEqual({
                anchorId: root,
                root,
                size: 5,
                chunkSize: 1024,
                chunkRoots: [root],
                leafEncoding: 'utf8-canonical-fingerprint',
                treeAlgorithm: 'rfc9162-sha256',
                submitter: {
                    mspId: 'BankMSP',
                    subject: '/C=CN/ST=Beijing/L=Beijing/OU=client/CN=User1@bank.lendledger.test',
                },
                txId: 'tx000001',
                time: '2026-03-01T00:00:00.000Z',
            });
            expect(await query('Get', { anchorId: root })).toEqual(anchor);
        });

        it('emits one anchor.created event without the leaves', async () => {
            const { event, payload } = await ledger.invoke(
                anchors,
                'Create',
                USERS.platform,
                JSON.stringify({ fingerprints: batchOf(3) }),
            );
            const { anchor } = JSON.parse(payload) as AnchorWriteResult;
            expect(event).toEqual({
                name: 'anchor.created',
                payload: {
                    anchorId: anchor.anchorId,
                    root: anchor.root,
                    size: 3,
                    mspId: 'PlatformMSP',
                    txId: 'tx000001',
                },
            });
        });

        it('writes one small index entry per fingerprint holding its leaf index', async () => {
            const fingerprints = batchOf(3);
            const { anchor } = await create(fingerprints);
            const index = [...ledger.snapshot()]
                .filter(([key]) => key.startsWith('\u0000anchor.fp\u0000'))
                .sort(([a], [b]) => (a < b ? -1 : 1));
            expect(index).toEqual(
                fingerprints
                    .map((fingerprint, i) => [
                        `\u0000anchor.fp\u0000${fingerprint}\u0000${anchor.anchorId}\u0000`,
                        String(i),
                    ])
                    .sort(([a], [b]) => (a! < b! ? -1 : 1)),
            );
        });

        it('answers the same list anchored again from the ledger without writing', async () => {
            const fingerprints = batchOf(4);
            const first = await create(fingerprints);
            const before = ledger.snapshot();
            const again = await ledger.invoke(anchors, 'Create', USERS.platform, JSON.stringify({ fingerprints }));
            expect(JSON.parse(again.payload)).toEqual({ created: false, anchor: first.anchor });
            expect(again.event).toBeUndefined();
            expect(ledger.snapshot()).toEqual(before);
        });

        // How fast is a benchmark's question (bench/src/evidence-rates.ts), never a test's.
        it('anchors 10,000 fingerprints in one transaction, every sampled item provable', async () => {
            const fingerprints = batchOf(10_000);
            const { anchor } = await create(fingerprints);
            expect(anchor.size).toBe(10_000);
            expect(anchor.chunkRoots).toHaveLength(10);
            expect(anchor.root).toBe(toHex(merkleRoot(fingerprints.map(fingerprintLeaf))));
            const leafHashes = fingerprints.map(fingerprintLeafHash);
            for (const index of [0, 1, 1023, 1024, 5000, 8191, 8192, 9998, 9999]) {
                const proof = await query<AnchorInclusionProof>('GetProof', {
                    fingerprint: fingerprints[index],
                    anchorId: anchor.anchorId,
                });
                expect(proof).toMatchObject({ index, treeSize: 10_000, root: anchor.root, anchorId: anchor.anchorId });
                expect(proof.auditPath).toEqual(inclusionProof(leafHashes, index).map(toHex));
                expect(verifies(proof)).toBe(true);
            }
        });

        it('accepts the largest batch of 20,000 fingerprints', async () => {
            const { anchor } = await create(batchOf(20_000));
            expect(anchor.size).toBe(20_000);
        });

        it('accepts SM3 fingerprints and the object form', async () => {
            const digest = 'ab'.repeat(32);
            const { anchor } = await create([{ algorithm: 'sm3', digest }, `sha256:${digest}`]);
            const { leaves } = await query<AnchorLeaves>('GetLeaves', { anchorId: anchor.anchorId, chunk: 0 });
            expect(leaves).toEqual([`sm3:${digest}`, `sha256:${digest}`]);
        });

        it('writes identical bytes for the same fingerprints given with object keys in two orders', async () => {
            const digests = ['01', '02'].map((byte) => byte.repeat(32));
            const other = new MemoryLedger({ startTime: '2026-03-01T00:00:00.000Z' });
            await ledger.invoke(
                anchors,
                'Create',
                USERS.bank,
                JSON.stringify({ fingerprints: digests.map((digest) => ({ algorithm: 'sha256', digest })) }),
            );
            await other.invoke(
                anchors,
                'Create',
                USERS.bank,
                JSON.stringify({ fingerprints: digests.map((digest) => ({ digest, algorithm: 'sha256' })) }),
            );
            expect([...other.snapshot()]).toEqual([...ledger.snapshot()]);
        });

        it('refuses a fingerprint twice in one batch', async () => {
            const fingerprints = batchOf(3);
            const error = await failureOf(create([...fingerprints, fingerprints[1]]));
            expect(error).toMatchObject({ code: 'DUPLICATE_IN_BATCH', details: { field: 'fingerprints[3]' } });
            expect(ledger.keysWritten()).toEqual([]);
        });

        it('refuses a malformed fingerprint naming its position', async () => {
            const fingerprints: unknown[] = batchOf(9);
            fingerprints[7] = `sha256:${'0'.repeat(63)}`;
            const error = await failureOf(create(fingerprints));
            expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'fingerprints[7]' } });
        });

        it('refuses an empty batch and one over 20,000 fingerprints', async () => {
            expect((await failureOf(create([]))).code).toBe('BATCH_EMPTY');
            const error = await failureOf(create(batchOf(20_001)));
            expect(error).toMatchObject({ code: 'BATCH_TOO_LARGE', details: { max: 20_000, size: 20_001 } });
            expect(ledger.keysWritten()).toEqual([]);
        });
    });

    describe('proofs and look-ups', () => {
        it('proves every item of a small anchor', async () => {
            const fingerprints = batchOf(7);
            await create(fingerprints);
            for (const fingerprint of fingerprints) {
                expect(verifies(await query<AnchorInclusionProof>('GetProof', { fingerprint }, USERS.investor))).toBe(
                    true,
                );
            }
        });

        it('rebuilds the tree from the stored leaves, chunk by chunk', async () => {
            const fingerprints = batchOf(2500);
            const { anchor } = await create(fingerprints);
            const leaves: string[] = [];
            for (let chunk = 0; chunk < anchor.chunkRoots.length; chunk++) {
                const page = await query<AnchorLeaves>('GetLeaves', { anchorId: anchor.anchorId, chunk });
                expect(page.firstIndex).toBe(chunk * 1024);
                leaves.push(...page.leaves);
            }
            expect(leaves).toEqual(fingerprints);
            expect(toHex(merkleRoot(leaves.map(fingerprintLeaf)))).toBe(anchor.root);
            const beyond = await failureOf(query('GetLeaves', { anchorId: anchor.anchorId, chunk: 3 }));
            expect(beyond).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'chunk' } });
        });

        it('finds every anchor holding a fingerprint, earliest first, and proves it in each', async () => {
            const shared = fp('shared');
            const first = await create([shared, ...batchOf(2, 'a')]);
            const second = await create([...batchOf(3, 'b'), shared]);
            const found = await query<AnchorLocations>('FindByFingerprint', { fingerprint: shared });
            expect(found).toEqual({
                fingerprint: shared,
                anchors: [
                    { anchorId: first.anchor.anchorId, index: 0, size: 3, time: first.anchor.time, txId: 'tx000001' },
                    { anchorId: second.anchor.anchorId, index: 3, size: 4, time: second.anchor.time, txId: 'tx000002' },
                ],
            });
            const earliest = await query<AnchorInclusionProof>('GetProof', { fingerprint: shared });
            expect(earliest.anchorId).toBe(first.anchor.anchorId);
            const named = await query<AnchorInclusionProof>('GetProof', {
                fingerprint: shared,
                anchorId: second.anchor.anchorId,
            });
            expect(named).toMatchObject({ index: 3, treeSize: 4 });
            expect(verifies(named)).toBe(true);
        });

        it('answers an empty list and FINGERPRINT_NOT_ANCHORED for a fingerprint never anchored', async () => {
            const { anchor } = await create(batchOf(2));
            expect(await query('FindByFingerprint', { fingerprint: fp('nope') })).toEqual({
                fingerprint: fp('nope'),
                anchors: [],
            });
            const any = await failureOf(query('GetProof', { fingerprint: fp('nope') }));
            expect(any).toMatchObject({ code: 'FINGERPRINT_NOT_ANCHORED', details: { anchorId: null } });
            const named = await failureOf(query('GetProof', { fingerprint: fp('nope'), anchorId: anchor.anchorId }));
            expect(named).toMatchObject({ code: 'FINGERPRINT_NOT_ANCHORED', details: { anchorId: anchor.anchorId } });
        });

        it('answers ANCHOR_NOT_FOUND for an unknown anchor and INVALID_ARGUMENT for a malformed one', async () => {
            expect((await failureOf(query('Get', { anchorId: 'f'.repeat(64) }))).code).toBe('ANCHOR_NOT_FOUND');
            expect((await failureOf(query('Get', { anchorId: 'xyz' }))).code).toBe('INVALID_ARGUMENT');
        });

        it('lists no anchors as an empty page (Fabric sends no page metadata then)', async () => {
            expect(await query<PageResult<AnchorRecord>>('List', {})).toMatchObject({ items: [], bookmark: '' });
        });

        it('lists anchors page by page', async () => {
            const ids: string[] = [];
            for (const prefix of ['a', 'b', 'c']) {
                ids.push((await create(batchOf(2, prefix))).anchor.anchorId);
            }
            const first = await query<PageResult<AnchorRecord>>('List', { pageSize: 2 });
            const second = await query<PageResult<AnchorRecord>>('List', { pageSize: 2, bookmark: first.bookmark });
            expect([...first.items, ...second.items].map((anchor) => anchor.anchorId)).toEqual([...ids].sort());
            expect(first.items).toHaveLength(2);
            expect(second.bookmark).toBe('');
        });
    });

    describe('Seal', () => {
        const seal = (request: object, user: TestIdentity = USERS.platform) =>
            ledger.invoke(anchors, 'Seal', user, JSON.stringify(request));

        it('records only the root and size of a tree whose leaves stay with the submitter, with one event', async () => {
            const fingerprints = batchOf(5, 'sealed');
            const root = toHex(merkleRoot(fingerprints.map(fingerprintLeaf)));
            const invocation = await seal({ root, size: 50_000 });
            const answer = JSON.parse(invocation.payload) as { created: boolean; batch: Record<string, unknown> };
            expect(answer).toEqual({
                created: true,
                batch: {
                    anchorId: root,
                    root,
                    size: 50_000,
                    leafEncoding: 'utf8-canonical-fingerprint',
                    treeAlgorithm: 'rfc9162-sha256',
                    leaves: 'OFF_LEDGER',
                    submitter: {
                        mspId: 'PlatformMSP',
                        subject: '/C=CN/ST=Beijing/L=Beijing/OU=client/CN=User1@platform.lendledger.test',
                    },
                    txId: expect.any(String),
                    time: '2026-03-01T00:00:00.000Z',
                },
            });
            expect(invocation.event).toMatchObject({ name: 'anchor.sealed', payload: { root, size: 50_000 } });
            const stored = ledger.keys().filter((key) => key.includes('anchor'));
            expect(stored).toHaveLength(1);
            expect(await query('GetSealed', { root })).toEqual(answer.batch);
        });

        it('answers a repeated seal from the ledger and refuses the same root with another size', async () => {
            const root = 'ab'.repeat(32);
            await seal({ root, size: 10 });
            const again = JSON.parse((await seal({ root, size: 10 }, USERS.bank)).payload) as { created: boolean };
            expect(again.created).toBe(false);
            expect((await failureOf(seal({ root, size: 11 }))).code).toBe('CONFLICT');
        });

        it('refuses a malformed root or size, a non-writer, and an unknown root on reads', async () => {
            expect((await failureOf(seal({ root: 'AB'.repeat(32), size: 1 }))).code).toBe('INVALID_ARGUMENT');
            expect((await failureOf(seal({ root: 'ab'.repeat(32), size: 0 }))).code).toBe('INVALID_ARGUMENT');
            expect((await failureOf(seal({ root: 'ab'.repeat(32), size: 1 }, USERS.court))).code).toBe('ACCESS_DENIED');
            expect((await failureOf(query('GetSealed', { root: 'cd'.repeat(32) }))).code).toBe('ANCHOR_NOT_FOUND');
        });
    });
});
