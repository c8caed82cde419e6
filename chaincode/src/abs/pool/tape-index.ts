import { fromHex, type TapeFrontier, toHex } from '@lendledger/domain';
import { appendToFrontier, nodeHash, rootOfLeafHashes } from '@lendledger/domain/node';
import { type Context } from 'fabric-contract-api';
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
 * Appends raw leaves to the tape and, when the tape is indexed, writes the blocks they fill and the perfect subtrees
 * of at least one block they complete.
 *
 * @returns the tape's new frontier.
 */
export async function appendToIndexedTape(
    ctx: Context,
    dealId: string,
    tape: TapeFrontier,
    leaves: readonly Uint8Array[],
): Promise<TapeFrontier> {
    if (!(await tapeIsIndexed(ctx, dealId, tape.size))) {
        return appendToFrontier(tape, leaves);
    }
    const blocks = new Map<number, string[]>();
    if (tape.size % TAPE_BLOCK_LEAVES !== 0) {
        const last = blockOf(tape.size);
        blocks.set(last, [...(await readBlock(ctx, dealId, last)).leafHashes]);
    }
    const nodes: TapeNodeRecord[] = [];
    const next = appendToFrontier(tape, leaves, ({ level, index, hash }) => {
        if (level === 0) {
            const block = blockOf(index);
            const hashes = blocks.get(block) ?? [];
            hashes.push(toHex(hash));
            blocks.set(block, hashes);
        } else if (level >= TAPE_BLOCK_LEVEL) {
            nodes.push({ dealId, level, index, hash: toHex(hash) });
        }
    });
    for (const [block, leafHashes] of blocks) {
        await writeJson(ctx, tapeBlockKey(ctx, dealId, block), { dealId, block, leafHashes });
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
    const blocks = new Map<number, Uint8Array[]>();
    const leafHashesOf = async (block: number): Promise<Uint8Array[]> => {
        let hashes = blocks.get(block);
        if (hashes === undefined) {
            hashes = (await readBlock(ctx, dealId, block)).leafHashes.map(fromHex);
            blocks.set(block, hashes);
        }
        return hashes;
    };
    const subtreeHash = async (start: number, end: number): Promise<Uint8Array> => {
        const width = end - start;
        if (blockOf(start) === blockOf(end - 1)) {
            const offset = start - blockOf(start) * TAPE_BLOCK_LEAVES;
            const hashes = (await leafHashesOf(blockOf(start))).slice(offset, offset + width);
            if (hashes.length !== width) {
                throw missing(dealId, `leaves ${start}..${end - 1}`);
            }
            return rootOfLeafHashes(hashes);
        }
        if ((width & (width - 1)) === 0 && start % width === 0) {
            const level = Math.log2(width);
            return fromHex((await readNode(ctx, dealId, level, start / width)).hash);
        }
        const split = splitPoint(width);
        return nodeHash(await subtreeHash(start, start + split), await subtreeHash(start + split, end));
    };
    const auditPath = async (start: number, end: number): Promise<Uint8Array[]> => {
        if (end - start <= 1) {
            return [];
        }
        const middle = start + splitPoint(end - start);
        return index < middle
            ? [...(await auditPath(start, middle)), await subtreeHash(middle, end)]
            : [...(await auditPath(middle, end)), await subtreeHash(start, middle)];
    };
    const proof = await auditPath(0, size);
    const leafHash = (await leafHashesOf(blockOf(index)))[index % TAPE_BLOCK_LEAVES];
    if (leafHash === undefined) {
        throw missing(dealId, `leaf ${index}`);
    }
    return { leafHash, proof };
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
