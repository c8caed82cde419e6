import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ProblemError } from '../errors/problem-error.js';
import { writeFileDurably } from '../storage/durable-file.js';
import { FingerprintList } from './fingerprint-list.js';
import { type LeafText } from './merkle-hashing.js';
import { MerkleLevels } from './merkle-levels.js';

/** A sealed batch this gateway submitted: its tree's root and size, and the transaction that sealed it. */
export interface SealedBatchMeta {
    readonly root: string;
    readonly size: number;
    readonly txId: string;
    readonly blockNumber: number;
    /** The token subject whose seal committed first; its leaves count against that subject's disk allowance. */
    readonly subject?: string;
    /**
     * For a copy fetched from another member's gateway: that sealer's MSP ID. Such a copy is charged to no subject
     * (the ledger's seal record, not a caller here, decided it exists), and its leaves were checked against the
     * root and size on the ledger before it was kept.
     */
    readonly fetchedFrom?: string;
}

/** A committed batch held here: its record and its leaves in order. */
export interface HeldBatch {
    readonly meta: SealedBatchMeta;
    readonly tree: MerkleLevels;
    readonly leaves: readonly string[];
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

/** Leaves whose trees stay in memory by default (about 16 MB per 100,000 leaves with their fingerprints). */
const DEFAULT_CACHED_LEAVES = 1_000_000;
const PENDING_SUFFIX = '.pending.json';

/** Where a {@link SealedBatchStore} keeps leaves, and how many bytes of them one token subject may keep. */
export interface SealedBatchStoreOptions {
    readonly dir: string;
    readonly bytesPerSubject: number;
    /** Leaves whose trees stay in memory, summed over the cached batches (about 160 bytes each). */
    readonly cachedLeaves?: number;
    /** Builds a batch's tree (the hashing workers); by default on the event loop, yielding between slices. */
    readonly buildTree?: (leaves: LeafText) => Promise<MerkleLevels>;
    /** Learns the outcome of a seal left unresolved by an earlier run; without it such seals stay unresolved. */
    readonly resolve?: (seal: UnresolvedSeal) => Promise<SealResolution>;
}

/**
 * A seal handed to the orderer whose outcome this gateway has not learned (`<root>.pending.json`): its leaves stay,
 * charged to `subject`, until the transaction is known committed (meta written) or known not to be.
 */
export interface UnresolvedSeal {
    readonly root: string;
    readonly size: number;
    readonly subject: string;
    readonly txId: string;
    /** The Idempotency-Key header the seal came with: a repeat under it skips the room check. */
    readonly key?: string;
}

/** What start-up learned of an unresolved seal: committed in a block, known not committed, or still unknown. */
export type SealResolution = { readonly blockNumber: number } | 'not-committed' | 'unknown';

/** How a seal is begun: `follows` when it follows a journaled transaction (no room check), its Idempotency-Key. */
export interface BeginOptions {
    readonly follows?: boolean;
    readonly key?: string;
    /** The same fingerprints as one text, when the request's parser collected them so (saves encoding them again). */
    readonly list?: FingerprintList;
}

/** A batch whose leaves are kept while its seal is submitted; exactly one of its three settling methods is called. */
export interface PendingSeal {
    readonly tree: MerkleLevels;
    /** Writes the pending record (subject, txId, root) durably; called before the transaction reaches the orderer. */
    submitting(txId: string): Promise<void>;
    /** Records that the seal committed; from then on its fingerprints have proofs and receipts. */
    committed(txId: string, blockNumber: number): Promise<void>;
    /** Keeps the leaves of a seal whose outcome is unknown, with its pending record, still charged to the subject. */
    unresolved(txId: string): Promise<void>;
    /** Forgets a seal that did not commit: its leaves file, its cached tree and the bytes held for its subject. */
    abandon(): Promise<void>;
}

/**
 * The leaves of the batches this gateway sealed (`Anchor:Seal` puts only root and size on the ledger). Leaves are
 * written and fsynced before the seal is submitted, so a committed root always has its leaves here; the meta file
 * is written once the seal committed. A seal that surely did not commit takes its leaves away again; one whose
 * outcome is unknown keeps them with its pending record until a repeat or the next start learns the outcome.
 * Proofs are computed from cached tree levels; a fingerprint is found by an index built on first use from the
 * committed batches.
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
    /** Tree loads under way, shared by every request for the same root. */
    readonly #loading = new Map<string, Promise<LoadedBatch>>();
    readonly #cachedLeaves: number;
    readonly #buildTree: (leaves: LeafText) => Promise<MerkleLevels>;
    /** Seals handed to the orderer whose outcome is unknown; their leaves stay, charged to their subject. */
    readonly #unresolved = new Map<string, UnresolvedSeal>();
    /** Bytes each unresolved seal holds for its subject. */
    readonly #unresolvedCharges = new Map<string, number>();
    /** Bytes of leaves per subject: committed batches it sealed first, and its batches being sealed. */
    readonly #bytesBySubject = new Map<string, number>();
    /** Seals under way per root: a failing one keeps the leaves another one still needs. */
    readonly #pending = new Map<string, number>();
    #index: Map<string, string> | undefined;

    private constructor(options: Readonly<SealedBatchStoreOptions>) {
        this.#dir = options.dir;
        this.#bytesPerSubject = options.bytesPerSubject;
        this.#cachedLeaves = options.cachedLeaves ?? DEFAULT_CACHED_LEAVES;
        this.#buildTree = options.buildTree ?? ((leaves) => MerkleLevels.ofLeavesYielding(leaves));
    }

    /**
     * Opens the folder, loading the committed batches and the bytes each subject keeps. Temporary files a crash
     * left behind are removed. A seal with a pending record (written before its transaction reached the orderer)
     * is charged to its subject and resolved through `resolve`: committed ones are finished, ones known not to have
     * committed are deleted, the rest stay unresolved. A leaves file with neither meta nor pending record never
     * reached the orderer, so it is deleted.
     */
    static async open(options: Readonly<SealedBatchStoreOptions>): Promise<SealedBatchStore> {
        const { dir } = options;
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const store = new SealedBatchStore(options);
        const names = await readdir(dir);
        for (const name of names.filter((file) => file.endsWith('.tmp'))) {
            await rm(join(dir, name), { force: true });
        }
        for (const name of names.filter((file) => file.endsWith('.json') && !file.endsWith(PENDING_SUFFIX))) {
            const meta = JSON.parse(await readFile(join(dir, name), 'utf8')) as SealedBatchMeta;
            store.#metas.set(meta.root, meta);
            if (meta.subject !== undefined) {
                store.#charge(meta.subject, await sizeOf(store.#leavesFile(meta.root)));
            }
        }
        for (const name of names.filter((file) => file.endsWith(PENDING_SUFFIX))) {
            const seal = JSON.parse(await readFile(join(dir, name), 'utf8')) as UnresolvedSeal;
            if (store.#metas.has(seal.root)) {
                await rm(join(dir, name), { force: true });
                continue;
            }
            const bytes = await sizeOf(store.#leavesFile(seal.root));
            store.#unresolved.set(seal.root, seal);
            store.#unresolvedCharges.set(seal.root, bytes);
            store.#charge(seal.subject, bytes);
        }
        for (const name of names.filter((file) => file.endsWith('.leaves'))) {
            const root = name.slice(0, -'.leaves'.length);
            if (!store.#metas.has(root) && !store.#unresolved.has(root)) {
                await rm(join(dir, name), { force: true });
            }
        }
        if (options.resolve) {
            for (const seal of [...store.#unresolved.values()]) {
                await store.#resolve(seal, await options.resolve(seal));
            }
        }
        return store;
    }

    /** The seals whose outcome this gateway has not learned yet. */
    unresolvedSeals(): UnresolvedSeal[] {
        return [...this.#unresolved.values()];
    }

    async #resolve(seal: UnresolvedSeal, resolution: SealResolution): Promise<void> {
        if (resolution === 'unknown') {
            return;
        }
        if (resolution === 'not-committed') {
            this.#dropUnresolved(seal.root);
            await rm(this.#pendingFile(seal.root), { force: true });
            await this.#forget(seal.root);
            return;
        }
        const leaves = await this.#readLeaves(seal.root);
        const meta = { root: seal.root, size: seal.size, txId: seal.txId, blockNumber: resolution.blockNumber };
        await this.#committed({ ...meta, subject: seal.subject }, leaves);
    }

    #dropUnresolved(root: string): void {
        const seal = this.#unresolved.get(root);
        if (seal) {
            this.#unresolved.delete(root);
            this.#charge(seal.subject, -(this.#unresolvedCharges.get(root) ?? 0));
            this.#unresolvedCharges.delete(root);
        }
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
    requireRoom(subject: string, key?: string): void {
        // A repeat of a seal whose outcome is unknown follows its transaction: its leaves are already here.
        const repeat = [...this.#unresolved.values()].some((seal) => seal.subject === subject && seal.key === key);
        if (key !== undefined && repeat) {
            return;
        }
        if (this.bytesOf(subject) >= this.#bytesPerSubject) {
            throw this.#exceeded(subject, 0);
        }
    }

    /**
     * Builds the batch's tree and keeps its leaves durably before its root is sealed on the ledger. A root this
     * gateway already sealed is neither written nor counted again.
     *
     * @throws {@link ProblemError} SEALED_STORAGE_EXCEEDED (413) when the leaves would take the subject past
     *   `bytesPerSubject`; nothing is written then. A seal that follows a journaled transaction is not refused.
     */
    async begin(subject: string, fingerprints: readonly string[], options: BeginOptions = {}): Promise<PendingSeal> {
        const list = options.list ?? FingerprintList.of(fingerprints);
        const bytes = list.fileText().length;
        if (!options.follows && this.bytesOf(subject) + bytes > this.#bytesPerSubject) {
            throw this.#exceeded(subject, bytes);
        }
        // Held before the tree is built (which yields), so concurrent batches of one subject cannot all pass.
        this.#charge(subject, bytes);
        let tree: MerkleLevels;
        try {
            tree = await this.#buildTree(list);
        } catch (error) {
            this.#charge(subject, -bytes);
            throw error;
        }
        const { root } = tree;
        const held = this.#metas.has(root) || this.#unresolved.has(root) ? 0 : bytes;
        this.#charge(subject, held - bytes);
        this.#pending.set(root, (this.#pending.get(root) ?? 0) + 1);
        let settled = false;
        const settle = (release = true): void => {
            settled = true;
            if (release) {
                this.#charge(subject, -held);
            }
            const others = (this.#pending.get(root) ?? 1) - 1;
            if (others > 0) {
                this.#pending.set(root, others);
            } else {
                this.#pending.delete(root);
            }
        };
        const record = async (txId: string): Promise<void> => {
            if (this.#metas.has(root)) {
                return;
            }
            const seal = this.#unresolved.get(root) ?? { root, size: tree.size, subject, txId, key: options.key };
            await writeFileDurably(this.#pendingFile(root), JSON.stringify({ ...seal, txId }));
            if (this.#unresolved.has(root)) {
                this.#unresolved.set(root, { ...seal, txId });
            }
        };
        const pending: PendingSeal = {
            tree,
            submitting: record,
            committed: async (txId, blockNumber) => {
                if (settled) {
                    return;
                }
                settle();
                await this.#committed({ root, size: tree.size, txId, blockNumber, subject }, fingerprints);
            },
            unresolved: async (txId) => {
                if (settled) {
                    return;
                }
                try {
                    await record(txId);
                } catch (error) {
                    settle();
                    throw error;
                }
                // The bytes held for this request now belong to the unresolved seal (none if one already held them).
                settle(false);
                if (held > 0 && !this.#metas.has(root) && !this.#unresolved.has(root)) {
                    this.#unresolved.set(root, { root, size: tree.size, subject, txId, key: options.key });
                    this.#unresolvedCharges.set(root, held);
                } else {
                    this.#charge(subject, -held);
                }
            },
            abandon: async () => {
                if (settled) {
                    return;
                }
                settle();
                if (options.follows) {
                    // The journaled transaction proved not to commit, nor did the one sent in its place.
                    this.#dropUnresolved(root);
                }
                await rm(this.#pendingFile(root), { force: true });
                await this.#forget(root);
            },
        };
        try {
            if (held > 0) {
                await writeFileDurably(this.#leavesFile(root), list.fileText());
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
        const bytes = leavesBytes(fingerprints);
        try {
            await writeFileDurably(join(this.#dir, `${meta.root}.json`), JSON.stringify(meta));
        } catch (error) {
            if (meta.subject === undefined) {
                // A fetched copy: without its record the next start would delete the leaves anyway.
                await rm(this.#leavesFile(meta.root), { force: true });
                throw error;
            }
            // The root is on the ledger: its leaves stay, unresolved and charged, for the next start to finish.
            if (!this.#unresolved.has(meta.root)) {
                const seal = { root: meta.root, size: meta.size, subject: meta.subject, txId: meta.txId };
                this.#unresolved.set(meta.root, seal);
                this.#unresolvedCharges.set(meta.root, bytes);
                this.#charge(seal.subject, bytes);
            }
            throw error;
        }
        this.#dropUnresolved(meta.root);
        if (meta.subject !== undefined) {
            this.#charge(meta.subject, bytes);
        }
        this.#metas.set(meta.root, meta);
        await rm(this.#pendingFile(meta.root), { force: true });
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
        if (this.#metas.has(root) || this.#pending.has(root) || this.#unresolved.has(root)) {
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

    /** True when this gateway holds the committed batch with this root (sealed here or fetched). */
    holds(root: string): boolean {
        return this.#metas.has(root);
    }

    /** A committed batch held here, with its leaves and tree, or undefined. */
    async batch(root: string): Promise<HeldBatch | undefined> {
        const meta = this.#metas.get(root);
        if (!meta) {
            return undefined;
        }
        const { tree, leaves } = await this.#load(root);
        return { meta, tree, leaves };
    }

    /**
     * Keeps a copy of a batch another member's gateway sealed, whose leaves the caller has checked against the
     * root and size on the ledger (`tree` is built from `leaves`). The leaves are written durably before the
     * record, so a crash between the two leaves a file the next start deletes. A root held already is kept as is.
     */
    async adopt(
        meta: SealedBatchMeta & { readonly fetchedFrom: string },
        tree: MerkleLevels,
        leaves: readonly string[],
    ): Promise<void> {
        if (this.#metas.has(meta.root)) {
            return;
        }
        if (tree.root !== meta.root || tree.size !== meta.size) {
            throw new Error(`the tree of the leaves is ${tree.root} of size ${tree.size}, not the batch ${meta.root}`);
        }
        await writeFileDurably(this.#leavesFile(meta.root), leaves.join('\n'));
        const { root, size, txId, blockNumber, fetchedFrom } = meta;
        await this.#committed({ root, size, txId, blockNumber, fetchedFrom }, leaves);
        this.#remember(meta.root, { tree, leaves });
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

    /** A batch's tree, built once however many requests ask for it while it loads. */
    async #load(root: string): Promise<LoadedBatch> {
        const cached = this.#trees.get(root);
        if (cached) {
            return cached;
        }
        let loading = this.#loading.get(root);
        if (!loading) {
            loading = (async () => {
                const leaves = await this.#readLeaves(root);
                const batch = { tree: await this.#buildTree(FingerprintList.of(leaves)), leaves };
                this.#remember(root, batch);
                return batch;
            })().finally(() => this.#loading.delete(root));
            this.#loading.set(root, loading);
        }
        return loading;
    }

    /** Trees used least recently are dropped first, so the leaves held stay within `cachedLeaves` (but one tree). */
    #remember(root: string, batch: LoadedBatch): void {
        this.#trees.delete(root);
        this.#trees.set(root, batch);
        let leaves = 0;
        for (const cached of this.#trees.values()) {
            leaves += cached.leaves.length;
        }
        while (leaves > this.#cachedLeaves && this.#trees.size > 1) {
            const oldest = this.#trees.keys().next().value!;
            leaves -= this.#trees.get(oldest)!.leaves.length;
            this.#trees.delete(oldest);
        }
    }

    /** How many leaves the cached trees hold together. */
    cachedLeafCount(): number {
        let leaves = 0;
        for (const cached of this.#trees.values()) {
            leaves += cached.leaves.length;
        }
        return leaves;
    }

    async #readLeaves(root: string): Promise<string[]> {
        return (await readFile(this.#leavesFile(root), 'utf8')).split('\n');
    }

    #pendingFile(root: string): string {
        return join(this.#dir, `${root}${PENDING_SUFFIX}`);
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
