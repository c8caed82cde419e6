import { canonicalBytes } from '../canonical-json.js';

/**
 * The cut-off loan tape as an RFC 9162 Merkle tree, built incrementally across batch transactions.
 *
 * Leaf i is the canonical JSON `{"fingerprint":…,"loanId":…}` of the i-th loan added to the tape (batch order,
 * then order within the batch). The tree of n leaves is the fold, from the right, of its perfect subtrees (one
 * per set bit of n, largest first), which is exactly RFC 9162's split at the largest power of two below n. So a
 * transaction only keeps that "frontier" of at most log2(n)+1 subtree roots, never the whole tape. Appending to the
 * frontier hashes with SHA-256, so it lives in `@lendledger/domain/node` (`node/tape-frontier.ts`).
 */

/** The frontier of an incrementally built tree: its size and the hex roots of its perfect subtrees, left first. */
export interface TapeFrontier {
    readonly size: number;
    readonly frontier: readonly string[];
}

/** The leaf bytes of a loan in the tape. */
export function tapeLeaf(loanId: string, fingerprint: string): Uint8Array {
    return canonicalBytes({ fingerprint, loanId });
}

/** The frontier of the empty tree. */
export const EMPTY_FRONTIER: TapeFrontier = Object.freeze({ size: 0, frontier: Object.freeze([]) });
