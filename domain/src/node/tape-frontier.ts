import { type TapeFrontier } from '../abs/tape.js';
import { fromHex, toHex } from '../bytes.js';
import { leafHash, nodeHash } from './merkle.js';
import { sha256 } from './sha256.js';

/**
 * A perfect subtree a frontier append completed: `level` 0 is one leaf's hash, level L covers leaves
 * [index·2^L, (index+1)·2^L). Every perfect subtree of the tape is completed by exactly one append, so an observer
 * that stores them (the chaincode's tape index) sees each once.
 */
export interface CompletedSubtree {
    readonly level: number;
    readonly index: number;
    readonly hash: Uint8Array;
}

/**
 * Appends leaves (raw leaf bytes) to a tree, returning the new frontier. `onSubtree`, when given, sees every
 * perfect subtree the append completes (each leaf hash first, then each merge), in the order they form.
 */
export function appendToFrontier(
    tree: TapeFrontier,
    leaves: readonly Uint8Array[],
    onSubtree?: (subtree: CompletedSubtree) => void,
): TapeFrontier {
    const stack = tree.frontier.map(fromHex);
    let size = tree.size;
    for (const leaf of leaves) {
        let hash = leafHash(leaf);
        onSubtree?.({ level: 0, index: size, hash });
        // Like a binary counter: each trailing 1 bit of the old size is a subtree of equal size to merge with.
        let level = 0;
        for (let carry = size; carry % 2 === 1; carry = Math.floor(carry / 2)) {
            hash = nodeHash(stack.pop()!, hash);
            level += 1;
            onSubtree?.({ level, index: Math.floor(size / 2 ** level), hash });
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
