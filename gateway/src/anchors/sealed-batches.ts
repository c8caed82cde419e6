import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ProblemError } from '../errors/problem-error.js';
import { writeFileDurably } from '../storage/durable-file.js';
import { MerkleLevels } from './merkle-levels.js';

/** A sealed batch this gateway submitted: its tree's root and size, and the transaction that sealed it. */
export interface SealedBatchMeta {
    readonly root: string;
    readonly size: number;
    readonly txId: string;
    readonly blockNumber: number;
    /** The token subject whose seal committed first; its leaves count against that subject's disk allowance. */
    readonly subject?: string;
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

/** Where a {@link SealedBatchStore} keeps leaves, and how many bytes of them one token subject may keep. */
export interface SealedBatchStoreOptions {
    readonly dir: string;
    readonly bytesPerSubject: number;
}

/** A batch whose leaves are kept while its seal is submitted; exactly one of its two methods is called. */
export interface PendingSeal {
    readonly tree: MerkleLevels;
    /** Records that the seal committed; from then on its fingerprints have proofs and receipts. */
    committed(txId: string, blockNumber: number): Promise<void>;
    /** Forgets a seal that did not commit: its leaves file, its cached tree and the bytes held for its subject. */
    abandon(): Promise<void>;
}

/**
 * The leaves of the batches this gateway sealed (`Anchor:Seal` puts only root and size on the ledger). Leaves are
 * written and fsynced before the seal is submitted, so a committed root always has its leaves here; the meta file
 * is written once the seal committed, and a seal that fails takes its leaves away again. Proofs are computed from
 * cached tree levels; a fingerprint is found by an index built on first use from the committed batches.
 *
 * Each token subject may keep at most `bytesPerSubject` bytes of leaves (those of batches being sealed count too),
 * so one caller cannot fill the gateway's disk. Sized for a gateway's working set: the index keeps one entry per
 * sealed fingerprint in memory.
 */
export class SealedBatchStore {
    readonly #dir: string;
    readonly #bytesPerSubject: number;
    readonly #metas = new Map<string, SealedBatchMeta>();
    readonly #trees = new Map<string, LoadedBatch>();
    /** Bytes of leaves per subject: committed batches it sealed first, and its batches being sealed. */
    readonly #bytesBySubject = new Map<string, number>();
    /** Seals under way per root: a failing one keeps the leaves another one still needs. */
    readonly #pending = new Map<string, number>();
    #index: Map<string, string> | undefined;

    private constructor(options: Readonly<SealedBatchStoreOptions>) {
        this.#dir = options.dir;
        this.#bytesPerSubject = options.bytesPerSubject;
    }

    /**
     * Opens the folder, loading the committed batches and the bytes each subject keeps. Temporary files a crash
     * left behind are removed; a leaves file without its meta file is kept, since its seal may have committed.
     */
    static async open(options: Readonly<SealedBatchStoreOptions>): Promise<SealedBatchStore> {
        const { dir } = options;
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const store = new SealedBatchStore(options);
        const names = await readdir(dir);
        for (const name of names.filter((file) => file.endsWith('.tmp'))) {
            await rm(join(dir, name), { force: true });
        }
        for (const name of names.filter((file) => file.endsWith('.json'))) {
            const meta = JSON.parse(await readFile(join(dir, name), 'utf8')) as SealedBatchMeta;
            store.#metas.set(meta.root, meta);
            if (meta.subject !== undefined) {
                store.#charge(meta.subject, await sizeOf(store.#leavesFile(meta.root)));
            }
        }
        return store;
    }

    /** Bytes of leaves the subject keeps here, its batches being sealed included. */
    bytesOf(subject: string): number {
        return this.#bytesBySubject.get(subject) ?? 0;
    }

    /**
     * Refuses a subject whose allowance is used up; asked before a batch's body is read.
     *
     * @throws {@link ProblemError} SEALED_STORAGE_EXCEEDED (413).
     */
    requireRoom(subject: string): void {
        if (this.bytesOf(subject) >= this.#bytesPerSubject) {
            throw this.#exceeded(subject, 0);
        }
    }

    /**
     * Builds the batch's tree and keeps its leaves durably before its root is sealed on the ledger. A root this
     * gateway already sealed is neither written nor counted again.
     *
     * @throws {@link ProblemError} SEALED_STORAGE_EXCEEDED (413) when the leaves would take the subject past
     *   `bytesPerSubject`; nothing is written then.
     */
    async begin(subject: string, fingerprints: readonly string[]): Promise<PendingSeal> {
        const bytes = leavesBytes(fingerprints);
        if (this.bytesOf(subject) + bytes > this.#bytesPerSubject) {
            throw this.#exceeded(subject, bytes);
        }
        // Held before the tree is built (which yields), so concurrent batches of one subject cannot all pass.
        this.#charge(subject, bytes);
        let tree: MerkleLevels;
        try {
            tree = await MerkleLevels.ofLeavesYielding(fingerprints);
        } catch (error) {
            this.#charge(subject, -bytes);
            throw error;
        }
        const { root } = tree;
        const held = this.#metas.has(root) ? 0 : bytes;
        this.#charge(subject, held - bytes);
        this.#pending.set(root, (this.#pending.get(root) ?? 0) + 1);
        let settled = false;
        const settle = (): void => {
            settled = true;
            this.#charge(subject, -held);
            const others = (this.#pending.get(root) ?? 1) - 1;
            if (others > 0) {
                this.#pending.set(root, others);
            } else {
                this.#pending.delete(root);
            }
        };
        const pending: PendingSeal = {
            tree,
            committed: async (txId, blockNumber) => {
                if (settled) {
                    return;
                }
                settle();
                await this.#committed({ root, size: tree.size, txId, blockNumber, subject }, fingerprints);
            },
            abandon: async () => {
                if (settled) {
                    return;
                }
                settle();
                await this.#forget(root);
            },
        };
        try {
            if (held > 0) {
                await writeFileDurably(this.#leavesFile(root), fingerprints.join('\n'));
            }
            this.#remember(root, { tree, leaves: fingerprints });
        } catch (error) {
            await pending.abandon();
            throw error;
        }
        return pending;
    }

    /**
     * A root sealed before keeps its first record (and stays counted for the subject who sealed it first): sealing
     * it again commits a transaction that changes nothing, in a later block.
     */
    async #committed(meta: SealedBatchMeta, fingerprints: readonly string[]): Promise<void> {
        if (this.#metas.has(meta.root)) {
            return;
        }
        // Counted before the write: should the meta file fail, the leaves stay (the root is on the ledger).
        this.#charge(meta.subject!, leavesBytes(fingerprints));
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

    /** Drops the leaves of a root that is neither committed here nor being sealed by another request. */
    async #forget(root: string): Promise<void> {
        if (this.#metas.has(root) || this.#pending.has(root)) {
            return;
        }
        this.#trees.delete(root);
        await rm(this.#leavesFile(root), { force: true });
    }

    #exceeded(subject: string, bytes: number): ProblemError {
        const used = this.bytesOf(subject);
        const limit = this.#bytesPerSubject;
        return new ProblemError(
            'SEALED_STORAGE_EXCEEDED',
            `${subject} keeps ${used} bytes of sealed leaves here, of the ${limit} it may keep` +
                (bytes > 0 ? `; this batch needs ${bytes} more` : ''),
            { fields: { limitBytes: limit, usedBytes: used, batchBytes: bytes } },
        );
    }

    #charge(subject: string, bytes: number): void {
        const total = this.bytesOf(subject) + bytes;
        if (total > 0) {
            this.#bytesBySubject.set(subject, total);
        } else {
            this.#bytesBySubject.delete(subject);
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

/** The size of a batch's leaves file: canonical (ASCII) fingerprints, one a line. */
function leavesBytes(fingerprints: readonly string[]): number {
    let bytes = fingerprints.length - 1;
    for (const fingerprint of fingerprints) {
        bytes += fingerprint.length;
    }
    return bytes;
}

/** A file's size, or 0 when it is missing (a batch's leaves lost with a disk, say: it then takes no room). */
async function sizeOf(file: string): Promise<number> {
    try {
        return (await stat(file)).size;
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            return 0;
        }
        throw error;
    }
}
