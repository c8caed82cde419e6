import * as rfc9162 from '../merkle/rfc9162.js';
import { SHA256_TREE_HASHER } from './sha256.js';

/**
 * The domain's RFC 9162 trees over SHA-256 (leaf hash = SHA-256(0x00 ‖ leaf), node hash = SHA-256(0x01 ‖ left ‖
 * right), the empty tree's root SHA-256 of nothing): the hasher-independent code of `../merkle/rfc9162.ts` bound to
 * Node's SHA-256, for the chaincode and the gateway. Browser code injects its own hasher into that code instead.
 */

/** RFC 9162 leaf hash of one entry. */
export function leafHash(leaf: Uint8Array): Uint8Array {
    return SHA256_TREE_HASHER.hashLeaf(leaf);
}

/** RFC 9162 interior node hash. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
    return SHA256_TREE_HASHER.hashChildren(left, right);
}

/** Merkle Tree Hash of already leaf-hashed entries. */
export function rootOfLeafHashes(leafHashes: readonly Uint8Array[]): Uint8Array {
    return rfc9162.rootOfLeafHashes(SHA256_TREE_HASHER, leafHashes);
}

/** Merkle Tree Hash (RFC 9162 §2.1.1) of raw leaves. */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
    return rfc9162.merkleRoot(SHA256_TREE_HASHER, leaves);
}

/**
 * Inclusion proof (RFC 9162 §2.1.3.1) for the leaf at `index` among leaf hashes; the audit path runs from the
 * leaf's sibling up to the root's child.
 *
 * @throws RangeError when `index` is not a leaf of the tree.
 */
export function inclusionProof(leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
    return rfc9162.inclusionProof(SHA256_TREE_HASHER, leafHashes, index);
}

/**
 * Verifies an inclusion proof with the algorithm of RFC 9162 §2.1.3.2.
 *
 * @returns true if `leafHashValue` at `index` in a tree of `treeSize` leaves hashes up to `root` along `proof`.
 */
export function verifyInclusion(
    leafHashValue: Uint8Array,
    index: number,
    treeSize: number,
    proof: readonly Uint8Array[],
    root: Uint8Array,
): boolean {
    return rfc9162.verifyInclusion(SHA256_TREE_HASHER, leafHashValue, index, treeSize, proof, root);
}

/** Consistency proof (RFC 9162 §2.1.4.1) from the tree of the first `m` leaf hashes to the tree of all of them. */
export function consistencyProof(leafHashes: readonly Uint8Array[], m: number): Uint8Array[] {
    return rfc9162.consistencyProof(SHA256_TREE_HASHER, leafHashes, m);
}

/** Verifies a consistency proof (RFC 9162 §2.1.4.2, exact proof length); see `rfc9162.verifyConsistency`. */
export function verifyConsistency(
    m: number,
    n: number,
    firstRoot: Uint8Array,
    secondRoot: Uint8Array,
    proof: readonly Uint8Array[],
): boolean {
    return rfc9162.verifyConsistency(SHA256_TREE_HASHER, m, n, firstRoot, secondRoot, proof);
}
