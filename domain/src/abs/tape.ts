import { canonicalBytes } from '../canonical-json.js';
import { fromHex, leafHash, nodeHash, sha256, toHex } from '../merkle.js';

/**
 * The cut-off loan tape as an RFC 9162 Merkle tree, built incrementally across batch transactions.
 *
 * Leaf i is the canonical JSON `{"fingerprint":…,"loanId":…}` of the i-th loan added to the tape (batch order,
 * then order within the batch). The tree of n leaves is the fold, from the right, of its perfect subtrees (one
 * per set bit of n, largest first), which is exactly RFC 9162's split at the largest power of two below n. So a
 * transaction only keeps that "frontier" of at most log2(n)+1 subtree roots, never the whole tape.
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

/** Appends leaves (raw leaf bytes) to a tree, returning the new frontier. */
export function appendToFrontier(tree: TapeFrontier, leaves: readonly Uint8Array[]): TapeFrontier {
    const stack = tree.frontier.map(fromHex);
    let size = tree.size;
    for (const leaf of leaves) {
        let hash = leafHash(leaf);
        // Like a binary counter: each trailing 1 bit of the old size is a subtree of equal size to merge with.
        for (let carry = size; carry % 2 === 1; carry = Math.floor(carry / 2)) {
            hash = nodeHash(stack.pop()!, hash);
        }
        stack.push(hash);
        size += 1;
    }
    return { size, frontier: stack.map(toHex) };
}

/** The RFC 9162 Merkle Tree Hash of the tree a frontier describes (SHA-256 of nothing for the empty tree). */
export function frontierRoot(tree: TapeFrontier): Uint8Array {
    const roots = tree.frontier.map(fromHex);
    if (roots.length === 0) {
        return sha256();
    }
    let root = roots[roots.length - 1]!;
    for (let i = roots.length - 2; i >= 0; i--) {
        root = nodeHash(roots[i]!, root);
    }
    return root;
}
