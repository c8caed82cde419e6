import { sha256 } from '../crypto/sha256.js';

/**
 * RFC 9162 §2.1 Merkle hashing over SHA-256, as the chaincode's anchors use it (domain/src/merkle.ts), written
 * again here on @noble/hashes so that the verifier runs in a browser.
 */

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** SHA-256(0x00 ‖ leaf). */
export function leafHash(leaf: Uint8Array): Uint8Array {
    return sha256(LEAF_PREFIX, leaf);
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
    return sha256(NODE_PREFIX, left, right);
}

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2), or undefined when the proof cannot belong to a leaf
 * at `index` of a tree of `treeSize` leaves (wrong number of steps, index outside the tree).
 */
export function rootFromInclusionProof(
    leaf: Uint8Array,
    index: number,
    treeSize: number,
    proof: readonly Uint8Array[],
): Uint8Array | undefined {
    if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize) {
        return undefined;
    }
    let fn = index;
    let sn = treeSize - 1;
    let r = leaf;
    for (const p of proof) {
        if (sn === 0) {
            return undefined;
        }
        if (fn % 2 === 1 || fn === sn) {
            r = nodeHash(p, r);
            while (fn % 2 === 0 && fn !== 0) {
                fn = Math.floor(fn / 2);
                sn = Math.floor(sn / 2);
            }
        } else {
            r = nodeHash(r, p);
        }
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
    }
    return sn === 0 ? r : undefined;
}
