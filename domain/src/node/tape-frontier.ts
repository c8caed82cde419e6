import { type TapeFrontier } from '../abs/tape.js';
import { fromHex, toHex } from '../bytes.js';
import { leafHash, nodeHash } from './merkle.js';
import { sha256 } from './sha256.js';

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
