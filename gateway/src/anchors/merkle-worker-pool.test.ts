import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '@lendledger/domain';
import { fingerprintLeafHash, inclusionProof, merkleRoot } from '@lendledger/domain/node';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { FingerprintList } from './fingerprint-list.js';
import { hashWorkerFailingOnce } from '../testing/failing-hash-worker.js';
import { PreviousMerkleLevels } from '../testing/previous-merkle-levels.js';
import { MerkleLevels } from './merkle-levels.js';
import { MerkleWorkerPool } from './merkle-worker-pool.js';

const fingerprints = (n: number, seed: number): string[] =>
    Array.from({ length: n }, (_, i) => {
        const digest = createHash('sha256').update(`${seed} ${i}`).digest('hex');
        return i % 7 === 3 ? `sm3:${digest}` : `sha256:${digest}`;
    });

interface Everything {
    readonly root: string;
    readonly leafHashes: string[];
    readonly paths: string[][];
}

/** The root and every leaf's hash and audit path, of a tree of either implementation. */
function everything(tree: {
    readonly root: string;
    readonly size: number;
    leafHash(index: number): string;
    auditPath(index: number): string[];
}): Everything {
    const indexes = Array.from({ length: tree.size }, (_, index) => index);
    return {
        root: tree.root,
        leafHashes: indexes.map((index) => tree.leafHash(index)),
        paths: indexes.map((index) => tree.auditPath(index)),
    };
}

/** What the builder before the hashing workers made of the leaves (the oracle: roots on the ledger came from it). */
function previous(leaves: readonly string[]): Everything {
    return everything(PreviousMerkleLevels.ofLeaves(leaves));
}

/** The domain's RFC 9162 reference agrees with a few proofs of the tree (it computes each path from scratch). */
function agreesWithReference(leaves: readonly string[], tree: Everything): boolean {
    const hashes = leaves.map(fingerprintLeafHash);
    const root = toHex(merkleRoot(leaves.map((leaf) => new TextEncoder().encode(leaf))));
    const sampled = [0, leaves.length - 1, Math.floor(leaves.length / 2)];
    return (
        root === tree.root &&
        sampled.every((index) => inclusionProof(hashes, index).map(toHex).join() === tree.paths[index]!.join())
    );
}

describe('MerkleWorkerPool', () => {
    const pools: MerkleWorkerPool[] = [];
    let scratch: string | undefined;

    afterEach(async () => {
        await Promise.all(pools.splice(0).map((pool) => pool.close()));
        if (scratch) {
            await rm(scratch, { recursive: true, force: true });
            scratch = undefined;
        }
    });

    function pool(options: Partial<ConstructorParameters<typeof MerkleWorkerPool>[0]> = {}): MerkleWorkerPool {
        const created = new MerkleWorkerPool({ workers: 2, timeoutMs: 60_000, inlineUpTo: 0, ...options });
        pools.push(created);
        return created;
    }

    it('builds the tree of the previous builder, root and every proof, for any batch size and number of workers', async () => {
        const pools = [1, 2, 3].map((workers) => pool({ workers }));
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: 1, max: 5_000 }),
                fc.integer({ min: 0, max: 2 }),
                fc.integer(),
                async (size, which, seed) => {
                    const leaves = fingerprints(size, seed);
                    const built = everything(await pools[which]!.build(FingerprintList.of(leaves)));
                    expect(built).toEqual(previous(leaves));
                    expect(agreesWithReference(leaves, built)).toBe(true);
                },
            ),
            { numRuns: 25 },
        );
    });

    it('builds the same tree as on the event loop, in one go or yielding, odd sizes and powers of two alike', async () => {
        const workers = pool({ workers: 2 });
        for (const size of [1, 2, 3, 1_023, 1_024, 1_025, 4_097, 12_345]) {
            const leaves = fingerprints(size, size);
            const inline = everything(MerkleLevels.ofLeaves(leaves));
            expect(inline).toEqual(previous(leaves));
            expect(everything(await MerkleLevels.ofLeavesYielding(leaves))).toEqual(inline);
            expect(everything(await workers.build(FingerprintList.of(leaves)))).toEqual(inline);
        }
    });

    it('builds trees of concurrent batches side by side, each its own', async () => {
        const workers = pool({ workers: 2 });
        const batches = [3_001, 4_096, 5_000].map((size) => fingerprints(size, size + 1));
        const trees = await Promise.all(batches.map((batch) => workers.build(FingerprintList.of(batch))));
        expect(trees.map((tree) => tree.root)).toEqual(batches.map((batch) => previous(batch).root));
    });

    it.each(['exit', 'hang'] as const)(
        'answers 503 SEAL_HASHING_FAILED when its worker does %s, and builds the next tree with a fresh worker',
        async (behaviour) => {
            scratch = await mkdtemp(join(tmpdir(), 'merkle-pool-'));
            const workerUrl = await hashWorkerFailingOnce(scratch, behaviour);
            const workers = pool({ workers: 1, timeoutMs: 1_000, workerUrl });
            const leaves = fingerprints(3_000, 9);
            await expect(workers.build(FingerprintList.of(leaves))).rejects.toMatchObject({
                code: 'SEAL_HASHING_FAILED',
                status: 503,
            });
            expect((await workers.build(FingerprintList.of(leaves))).root).toBe(previous(leaves).root);
        },
    );

    it('refuses trees once closed, with SHUTTING_DOWN', async () => {
        const workers = pool();
        await workers.close();
        await expect(workers.build(FingerprintList.of(fingerprints(10, 1)))).rejects.toMatchObject({
            code: 'SHUTTING_DOWN',
        });
    });
});
