import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from '../storage/durable-file.js';
import { MerkleLevels } from './merkle-levels.js';

/** A sealed batch this gateway submitted: its tree's root and size, and the transaction that sealed it. */
export interface SealedBatchMeta {
    readonly root: string;
    readonly size: number;
    readonly txId: string;
    readonly blockNumber: number;
}

/** A fingerprint's place in a sealed batch, with its RFC 9162 inclusion proof. */
export interface SealedProof {
    readonly anchorId: string;
    readonly index: number;
    readonly treeSize: number;
    readonly leafHash: string;
    readonly auditPath: readonly string[];
    readonly root: string;
    readonly txId: string;
}

interface LoadedBatch {
    readonly tree: MerkleLevels;
    readonly leaves: readonly string[];
    /** Leaf positions by fingerprint, built on the first proof asked of the batch. */
    positions?: Map<string, number>;
}

/** Batches whose trees stay in memory (about 16 MB per 100,000 leaves with their fingerprints). */
const CACHED_TREES = 16;

/**
 * The leaves of the batches this gateway sealed (`Anchor:Seal` puts only root and size on the ledger). Leaves are
 * written and fsynced before the seal is submitted, so a committed root always has its leaves here; the meta file
 * is written once the seal committed. Proofs are computed from cached tree levels; a fingerprint is found by an
 * index built on first use from the committed batches.
 *
 * Sized for a gateway's working set: the index keeps one entry per sealed fingerprint in memory.
 */
export class SealedBatchStore {
    readonly #dir: string;
    readonly #metas = new Map<string, SealedBatchMeta>();
    readonly #trees = new Map<string, LoadedBatch>();
    #index: Map<string, string> | undefined;

    private constructor(dir: string) {
        this.#dir = dir;
    }

    static async open(dir: string): Promise<SealedBatchStore> {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const store = new SealedBatchStore(dir);
        for (const name of (await readdir(dir)).filter((file) => file.endsWith('.json'))) {
            const meta = JSON.parse(await readFile(join(dir, name), 'utf8')) as SealedBatchMeta;
            store.#metas.set(meta.root, meta);
        }
        return store;
    }

    /** Keeps a batch's leaves durably before its root is sealed on the ledger. */
    async keepLeaves(tree: MerkleLevels, fingerprints: readonly string[]): Promise<void> {
        await writeFileDurably(this.#leavesFile(tree.root), fingerprints.join('\n'));
        this.#remember(tree.root, { tree, leaves: fingerprints });
    }

    /**
     * Records that the seal committed; from then on its fingerprints have receipts. A root sealed before keeps its
     * first record: sealing it again commits a transaction that changes nothing, in a later block.
     */
    async committed(meta: SealedBatchMeta, fingerprints: readonly string[]): Promise<void> {
        if (this.#metas.has(meta.root)) {
            return;
        }
        await writeFileDurably(join(this.#dir, `${meta.root}.json`), JSON.stringify(meta));
        this.#metas.set(meta.root, meta);
        if (this.#index) {
            for (const fingerprint of fingerprints) {
                if (!this.#index.has(fingerprint)) {
                    this.#index.set(fingerprint, meta.root);
                }
            }
        }
    }

    /** The fingerprint's proof in the earliest committed batch holding it (or in `root`), if any. */
    async proofOf(fingerprint: string, root?: string): Promise<SealedProof | undefined> {
        const batchRoot = root ?? (await this.#lookup()).get(fingerprint);
        const meta = batchRoot === undefined ? undefined : this.#metas.get(batchRoot);
        if (!meta) {
            return undefined;
        }
        const batch = await this.#load(meta.root);
        batch.positions ??= positionsOf(batch.leaves);
        const index = batch.positions.get(fingerprint);
        if (index === undefined) {
            return undefined;
        }
        const { tree } = batch;
        return {
            anchorId: meta.root,
            index,
            treeSize: tree.size,
            leafHash: tree.leafHash(index),
            auditPath: tree.auditPath(index),
            root: tree.root,
            txId: meta.txId,
        };
    }

    async #lookup(): Promise<Map<string, string>> {
        if (!this.#index) {
            const index = new Map<string, string>();
            for (const meta of [...this.#metas.values()].sort((a, b) => a.blockNumber - b.blockNumber)) {
                const leaves = this.#trees.get(meta.root)?.leaves ?? (await this.#readLeaves(meta.root));
                for (const fingerprint of leaves) {
                    if (!index.has(fingerprint)) {
                        index.set(fingerprint, meta.root);
                    }
                }
            }
            this.#index = index;
        }
        return this.#index;
    }

    async #load(root: string): Promise<LoadedBatch> {
        const cached = this.#trees.get(root);
        if (cached) {
            return cached;
        }
        const leaves = await this.#readLeaves(root);
        const batch = { tree: await MerkleLevels.ofLeavesYielding(leaves), leaves };
        this.#remember(root, batch);
        return batch;
    }

    #remember(root: string, batch: LoadedBatch): void {
        this.#trees.delete(root);
        this.#trees.set(root, batch);
        while (this.#trees.size > CACHED_TREES) {
            this.#trees.delete(this.#trees.keys().next().value!);
        }
    }

    async #readLeaves(root: string): Promise<string[]> {
        return (await readFile(this.#leavesFile(root), 'utf8')).split('\n');
    }

    #leavesFile(root: string): string {
        return join(this.#dir, `${root}.leaves`);
    }
}

function positionsOf(fingerprints: readonly string[]): Map<string, number> {
    const positions = new Map<string, number>();
    fingerprints.forEach((fingerprint, index) => {
        if (!positions.has(fingerprint)) {
            positions.set(fingerprint, index);
        }
    });
    return positions;
}
