import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MerkleLevels } from './merkle-levels.js';
import { type SealResolution, SealedBatchStore, type UnresolvedSeal } from './sealed-batches.js';

const fingerprints = (n: number, prefix: string): string[] =>
    Array.from({ length: n }, (_, i) => `sha256:${createHash('sha256').update(`${prefix} ${i}`).digest('hex')}`);
const leavesBytes = (batch: readonly string[]): number => batch.join('\n').length;
const LIMIT = 1_000_000;

describe('SealedBatchStore', () => {
    let dir: string;

    beforeEach(async () => {
        dir = await mkdtemp(join(tmpdir(), 'sealed-batches-'));
    });

    afterEach(async () => {
        vi.restoreAllMocks();
        await rm(dir, { recursive: true, force: true });
    });

    const open = (resolve?: (seal: UnresolvedSeal) => Promise<SealResolution>, cachedLeaves?: number) =>
        SealedBatchStore.open({ dir, bytesPerSubject: LIMIT, resolve, cachedLeaves });

    /** Leaves a seal handed to the orderer whose outcome the gateway never learned, as a crash or a 503 does. */
    async function unresolvedSeal(batch: readonly string[]): Promise<string> {
        const store = await open();
        const pending = await store.begin('alice', batch);
        await pending.submitting('tx-lost');
        await pending.unresolved('tx-lost');
        return pending.tree.root;
    }

    describe('a seal whose outcome is unknown', () => {
        it('keeps its leaves and pending record, charged to its subject', async () => {
            const batch = fingerprints(40, 'unknown');
            const store = await open();
            const pending = await store.begin('alice', batch);
            await pending.submitting('tx-1');
            await pending.unresolved('tx-1');

            const root = pending.tree.root;
            expect((await readdir(dir)).sort()).toEqual([`${root}.leaves`, `${root}.pending.json`]);
            expect(store.bytesOf('alice')).toBe(leavesBytes(batch));
            expect(store.unresolvedSeals()).toEqual([{ root, size: 40, subject: 'alice', txId: 'tx-1' }]);
        });

        it('is finished by a repeat that learns it committed, counted once', async () => {
            const batch = fingerprints(40, 'repeat');
            const store = await open();
            const first = await store.begin('alice', batch, { key: 'k' });
            await first.submitting('tx-1');
            await first.unresolved('tx-1');
            const repeat = await store.begin('alice', batch, { follows: true, key: 'k' });
            await repeat.committed('tx-1', 12);

            const root = first.tree.root;
            expect((await readdir(dir)).sort()).toEqual([`${root}.json`, `${root}.leaves`]);
            expect(store.bytesOf('alice')).toBe(leavesBytes(batch));
            expect(await store.proofOf(batch[3]!, root)).toMatchObject({ index: 3, txId: 'tx-1' });
        });

        it('lets only the repeat under its own key past a used-up allowance', async () => {
            const batch = fingerprints(40, 'room');
            const store = await SealedBatchStore.open({ dir, bytesPerSubject: leavesBytes(batch) });
            const first = await store.begin('alice', batch, { key: 'k' });
            await first.submitting('tx-1');
            await first.unresolved('tx-1');

            expect(() => store.requireRoom('alice', 'k')).not.toThrow();
            expect(() => store.requireRoom('alice', 'other')).toThrow(/SEALED|keeps/);
            expect(() => store.requireRoom('alice')).toThrow();
            await expect(store.begin('alice', batch, { follows: true, key: 'k' })).resolves.toBeDefined();
        });
    });

    describe('at start-up', () => {
        it('charges an unresolved seal to its subject and finishes it when the ledger says it committed', async () => {
            const batch = fingerprints(30, 'committed');
            const root = await unresolvedSeal(batch);
            const asked: UnresolvedSeal[] = [];

            const store = await open(async (seal) => {
                asked.push(seal);
                return { blockNumber: 7 };
            });

            expect(asked).toEqual([{ root, size: 30, subject: 'alice', txId: 'tx-lost' }]);
            expect((await readdir(dir)).sort()).toEqual([`${root}.json`, `${root}.leaves`]);
            expect(store.bytesOf('alice')).toBe(leavesBytes(batch));
            expect(await store.proofOf(batch[29]!)).toMatchObject({ index: 29, txId: 'tx-lost', treeSize: 30 });
        });

        it('deletes an unresolved seal the ledger says did not commit, freeing its subject', async () => {
            const root = await unresolvedSeal(fingerprints(30, 'invalid'));

            const store = await open(async () => 'not-committed');

            expect(await readdir(dir)).toEqual([]);
            expect(store.bytesOf('alice')).toBe(0);
            expect(await store.proofOf(fingerprints(30, 'invalid')[0]!, root)).toBeUndefined();
        });

        it('keeps an unresolved seal whose outcome is still unknown, charged to its subject', async () => {
            const batch = fingerprints(30, 'still');
            await unresolvedSeal(batch);

            const store = await open(async () => 'unknown');

            expect(store.bytesOf('alice')).toBe(leavesBytes(batch));
            expect(store.unresolvedSeals()).toHaveLength(1);
        });

        it('deletes leaves a crash left before their seal was handed to the orderer', async () => {
            await writeFile(join(dir, `${'a'.repeat(64)}.leaves`), fingerprints(3, 'orphan').join('\n'));

            await open();

            expect(await readdir(dir)).toEqual([]);
        });
    });

    describe('failure paths', () => {
        it('releases the bytes and the leaves of a seal abandoned before it reached the orderer', async () => {
            const store = await open();
            const pending = await store.begin('alice', fingerprints(10, 'abandon'));
            await pending.abandon();
            expect(store.bytesOf('alice')).toBe(0);
            expect(await readdir(dir)).toEqual([]);
        });

        it('keeps a committed seal whose meta file cannot be written as unresolved, charged once', async () => {
            const batch = fingerprints(10, 'meta');
            const store = await open();
            const pending = await store.begin('alice', batch);
            await pending.submitting('tx-1');
            // A directory where the meta file goes makes its write fail.
            const { mkdir } = await import('node:fs/promises');
            await mkdir(join(dir, `${pending.tree.root}.json`));

            await expect(pending.committed('tx-1', 3)).rejects.toThrow();

            expect(store.bytesOf('alice')).toBe(leavesBytes(batch));
            expect(store.unresolvedSeals()).toHaveLength(1);
        });
    });

    describe('proof trees in memory', () => {
        it('builds one tree however many proofs of an uncached batch are asked at once', async () => {
            const batch = fingerprints(500, 'shared');
            const root = await sealed(batch);
            const store = await open();
            const build = vi.spyOn(MerkleLevels, 'ofLeavesYielding');

            const proofs = await Promise.all(batch.slice(0, 20).map((fingerprint) => store.proofOf(fingerprint, root)));

            expect(proofs.every((proof) => proof?.root === root)).toBe(true);
            expect(build).toHaveBeenCalledTimes(1);
        });

        it('keeps the cached trees within the leaves setting, however many batches are asked', async () => {
            const batches = [1, 2, 3, 4].map((n) => fingerprints(100, `cache ${n}`));
            const roots: string[] = [];
            for (const batch of batches) {
                roots.push(await sealed(batch));
            }
            const store = await open(undefined, 250);

            for (const [n, batch] of batches.entries()) {
                expect(await store.proofOf(batch[0]!, roots[n])).toBeDefined();
                expect(store.cachedLeafCount()).toBeLessThanOrEqual(250);
            }
            expect(store.cachedLeafCount()).toBe(200);
        });
    });

    /** Seals a batch on a store of its own, so a new store opens it uncached. */
    async function sealed(batch: readonly string[]): Promise<string> {
        const store = await open();
        const pending = await store.begin('alice', batch);
        await pending.submitting('tx');
        await pending.committed('tx', 1);
        return pending.tree.root;
    }
});
