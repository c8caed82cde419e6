import { ABS_ERRORS, fromHex, rfc9162, type TapeFrontier, toHex } from '@lendledger/domain';
import { appendToFrontier, nodeHash, rootOfLeafHashes } from '@lendledger/domain/node';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { exists, readJson, writeJson } from '../../core/ledger-state.js';
import { tapeBlockKey, tapeNodeKey } from '../keys.js';

/**
 * The tape index: what an inclusion proof of the cut-off tape needs, stored as the tape grows, so that a proof reads
 * O(log n) keys instead of every loan of the deal (a 300k-loan tape does not fit the peer's 100k-result range
 * query, and reading it would take seconds per proof anyway). The tape, its root and the proofs stay exactly those
 * of RFC 9162 over the leaves `tapeLeaf(loanId, fingerprint)`; only how the chaincode finds the siblings changes.
 *
 * Two kinds of keys, both written by the batch that completes them:
 * - blocks of {@link TAPE_BLOCK_LEAVES} leaf hashes (`abs.tapeblock`), the last one rewritten while it fills up;
 * - the root of every perfect subtree of at least one block (`abs.tapenode`), written once when it is complete.
 *
 * In RFC 9162 every subtree on a proof's path is aligned: a range of at most one block lies inside one block, and a
 * larger one is a perfect subtree (stored) or splits into such ranges. A tape begun before this index existed has no
 * blocks; {@link tapeIsIndexed} tells, and those tapes are proved from the loans themselves.
 */

/** log2 of the leaves in one block. */
export const TAPE_BLOCK_LEVEL = 7;
/** Leaf hashes per block: 128 × 64 hex digits, about 8.6 kB a key. */
export const TAPE_BLOCK_LEAVES = 2 ** TAPE_BLOCK_LEVEL;

/** One block of the tape's leaf hashes: leaves [block·{@link TAPE_BLOCK_LEAVES}, …), in tape order. */
export interface TapeBlockRecord {
    readonly dealId: string;
    readonly block: number;
    readonly leafHashes: readonly string[];
    /**
     * The loan IDs of those leaves, in the same order, so that an export finds a page's loans by position (absent
     * from blocks written before the export existed).
     */
    readonly loanIds?: readonly string[];
}

/** A loan appended to the tape: its ID and its leaf bytes (`tapeLeaf(loanId, fingerprint)`). */
export interface TapeAppend {
    readonly loanId: string;
    readonly leaf: Uint8Array;
}

/** The root of the perfect subtree of leaves [index·2^level, (index+1)·2^level). */
export interface TapeNodeRecord {
    readonly dealId: string;
    readonly level: number;
    readonly index: number;
    readonly hash: string;
}

/** What a proof of one leaf needs: the leaf's hash as the index holds it and the RFC 9162 audit path. */
export interface IndexedProof {
    readonly leafHash: Uint8Array;
    readonly proof: Uint8Array[];
}

/** True when the tape of `size` leaves has been indexed since its first leaf (its last block exists). */
export async function tapeIsIndexed(ctx: Context, dealId: string, size: number): Promise<boolean> {
    return size === 0 || exists(ctx, tapeBlockKey(ctx, dealId, blockOf(size - 1)));
}

/**
 * Appends loans' leaves to the tape and, when the tape is indexed, writes the blocks they fill (leaf hashes and loan
 * IDs) and the perfect subtrees of at least one block they complete.
 *
 * @returns the tape's new frontier.
 */
export async function appendToIndexedTape(
    ctx: Context,
    dealId: string,
    tape: TapeFrontier,
    loans: readonly TapeAppend[],
): Promise<TapeFrontier> {
    const leaves = loans.map((loan) => loan.leaf);
    if (!(await tapeIsIndexed(ctx, dealId, tape.size))) {
        return appendToFrontier(tape, leaves);
    }
    const blocks = new Map<number, { leafHashes: string[]; loanIds: string[] | undefined }>();
    if (tape.size % TAPE_BLOCK_LEAVES !== 0) {
        const last = blockOf(tape.size);
        const record = await readBlock(ctx, dealId, last);
        // A block begun before blocks named their loans stays without names: a partial list would mislead.
        blocks.set(last, { leafHashes: [...record.leafHashes], loanIds: record.loanIds && [...record.loanIds] });
    }
    const nodes: TapeNodeRecord[] = [];
    const next = appendToFrontier(tape, leaves, ({ level, index, hash }) => {
        if (level === 0) {
            const block = blockOf(index);
            const entry = blocks.get(block) ?? { leafHashes: [], loanIds: [] };
            entry.leafHashes.push(toHex(hash));
            entry.loanIds?.push(loans[index - tape.size]!.loanId);
            blocks.set(block, entry);
        } else if (level >= TAPE_BLOCK_LEVEL) {
            nodes.push({ dealId, level, index, hash: toHex(hash) });
        }
    });
    for (const [block, { leafHashes, loanIds }] of blocks) {
        const record: TapeBlockRecord = { dealId, block, leafHashes, ...(loanIds === undefined ? {} : { loanIds }) };
        await writeJson(ctx, tapeBlockKey(ctx, dealId, block), record);
    }
    for (const node of nodes) {
        await writeJson(ctx, tapeNodeKey(ctx, dealId, node.level, node.index), node);
    }
    return next;
}

/**
 * The RFC 9162 inclusion proof of leaf `index` in the indexed tape of `size` leaves, from at most two blocks and
 * two nodes a level.
 *
 * @throws Error when a block or node the tape needs is missing: the ledger, not the request, is at fault.
 */
export async function indexedInclusionProof(
    ctx: Context,
    dealId: string,
    size: number,
    index: number,
): Promise<IndexedProof> {
    const reader = new TapeIndexReader(ctx, dealId);
    const proof = await reader.auditPath(size, index, index + 1);
    const leafHash = (await reader.leafHashesOf(blockOf(index)))[index % TAPE_BLOCK_LEAVES];
    if (leafHash === undefined) {
        throw missing(dealId, `leaf ${index}`);
    }
    return { leafHash, proof };
}

/**
 * The RFC 9162 consistency proof from the tape's first `m` leaves to its first `n`, each hash from one block or the
 * stored perfect subtrees (O(log² n) point reads at most, no range query): every range of such a proof is an aligned
 * subtree, as in inclusion proofs.
 *
 * @throws Error when a block or node the tape needs is missing.
 */
export async function indexedConsistencyProof(
    ctx: Context,
    dealId: string,
    m: number,
    n: number,
): Promise<Uint8Array[]> {
    const reader = new TapeIndexReader(ctx, dealId);
    const proof: Uint8Array[] = [];
    for (const { start, end } of rfc9162.consistencyProofRanges(m, n)) {
        proof.push(await reader.subtreeHash(start, end));
    }
    return proof;
}

/** The loans of a range of the tape as its index holds them: their IDs and leaf hashes, in tape order. */
export interface TapeRange {
    readonly loanIds: readonly string[];
    readonly leafHashes: readonly Uint8Array[];
}

/**
 * A page of the indexed tape of `size` leaves: the loan IDs and leaf hashes of leaves [first, end) from their blocks,
 * and the audit path of that range, which must be a node of the tree (an aligned page; see `TapePage` in the
 * domain). Reads (end − first) / 128 blocks and O(log size) nodes.
 *
 * @throws ChaincodeError ABS_TAPE_NOT_EXPORTABLE when a block was written before blocks named their loans;
 * Error when a block or node is missing.
 */
export async function indexedTapePage(
    ctx: Context,
    dealId: string,
    size: number,
    first: number,
    end: number,
): Promise<TapeRange & { readonly proof: Uint8Array[] }> {
    const reader = new TapeIndexReader(ctx, dealId);
    const loanIds: string[] = [];
    const leafHashes: Uint8Array[] = [];
    for (let block = blockOf(first); block <= blockOf(end - 1); block++) {
        const record = await reader.block(block);
        if (record.loanIds === undefined || record.loanIds.length !== record.leafHashes.length) {
            throw new ChaincodeError(
                ABS_ERRORS.ABS_TAPE_NOT_EXPORTABLE,
                `block ${block} of the tape of deal ${dealId} was written before the tape index named its loans`,
                { block, dealId },
            );
        }
        const offset = block * TAPE_BLOCK_LEAVES;
        const from = Math.max(first, offset) - offset;
        const to = Math.min(end, offset + TAPE_BLOCK_LEAVES) - offset;
        loanIds.push(...record.loanIds.slice(from, to));
        leafHashes.push(...(await reader.leafHashesOf(block)).slice(from, to));
    }
    if (loanIds.length !== end - first) {
        throw missing(dealId, `leaves ${first}..${end - 1}`);
    }
    return { loanIds, leafHashes, proof: await reader.auditPath(size, first, end) };
}

/** Reads the tape index of one deal, each block at most once. */
class TapeIndexReader {
    readonly #ctx: Context;
    readonly #dealId: string;
    readonly #blocks = new Map<number, { record: TapeBlockRecord; hashes: Uint8Array[] }>();

    constructor(ctx: Context, dealId: string) {
        this.#ctx = ctx;
        this.#dealId = dealId;
    }

    async block(block: number): Promise<TapeBlockRecord> {
        return (await this.#cached(block)).record;
    }

    async leafHashesOf(block: number): Promise<Uint8Array[]> {
        return (await this.#cached(block)).hashes;
    }

    /** The audit path of the node [first, end) in the tree of `size` leaves: siblings from the node up. */
    async auditPath(size: number, first: number, end: number): Promise<Uint8Array[]> {
        const path = async (start: number, stop: number): Promise<Uint8Array[]> => {
            if (stop - start <= 1 || (start === first && stop === end)) {
                return [];
            }
            const middle = start + splitPoint(stop - start);
            return first < middle
                ? [...(await path(start, middle)), await this.subtreeHash(middle, stop)]
                : [...(await path(middle, stop)), await this.subtreeHash(start, middle)];
        };
        return path(0, size);
    }

    /** The Merkle Tree Hash of the aligned subtree [start, end) of the tape, from one block or stored nodes. */
    async subtreeHash(start: number, end: number): Promise<Uint8Array> {
        const width = end - start;
        if (blockOf(start) === blockOf(end - 1)) {
            const offset = start - blockOf(start) * TAPE_BLOCK_LEAVES;
            const hashes = (await this.leafHashesOf(blockOf(start))).slice(offset, offset + width);
            if (hashes.length !== width) {
                throw missing(this.#dealId, `leaves ${start}..${end - 1}`);
            }
            return rootOfLeafHashes(hashes);
        }
        if ((width & (width - 1)) === 0 && start % width === 0) {
            const level = Math.log2(width);
            return fromHex((await readNode(this.#ctx, this.#dealId, level, start / width)).hash);
        }
        const split = splitPoint(width);
        return nodeHash(await this.subtreeHash(start, start + split), await this.subtreeHash(start + split, end));
    }

    async #cached(block: number): Promise<{ record: TapeBlockRecord; hashes: Uint8Array[] }> {
        let entry = this.#blocks.get(block);
        if (entry === undefined) {
            const record = await readBlock(this.#ctx, this.#dealId, block);
            entry = { record, hashes: record.leafHashes.map(fromHex) };
            this.#blocks.set(block, entry);
        }
        return entry;
    }
}

function blockOf(leaf: number): number {
    return Math.floor(leaf / TAPE_BLOCK_LEAVES);
}

/** RFC 9162's split: the largest power of two strictly smaller than n (n > 1). */
function splitPoint(n: number): number {
    let k = 1;
    while (k * 2 < n) {
        k *= 2;
    }
    return k;
}

async function readBlock(ctx: Context, dealId: string, block: number): Promise<TapeBlockRecord> {
    const record = await readJson<TapeBlockRecord>(ctx, tapeBlockKey(ctx, dealId, block));
    if (record === undefined) {
        throw missing(dealId, `block ${block}`);
    }
    return record;
}

async function readNode(ctx: Context, dealId: string, level: number, index: number): Promise<TapeNodeRecord> {
    const record = await readJson<TapeNodeRecord>(ctx, tapeNodeKey(ctx, dealId, level, index));
    if (record === undefined) {
        throw missing(dealId, `node ${level}/${index}`);
    }
    return record;
}

function missing(dealId: string, what: string): Error {
    return new Error(`the tape index of deal ${dealId} lacks ${what}`);
}
