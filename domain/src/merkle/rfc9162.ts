import { bytesEqual } from '../bytes.js';
import { type TreeHasher } from './tree-hasher.js';

/**
 * Merkle trees as RFC 9162 (Certificate Transparency v2) §2.1 defines them, for any {@link TreeHasher}: a tree of n
 * leaves splits at the largest power of two smaller than n. This is LendLedger's one implementation of the tree,
 * its inclusion proofs and their verification; the chaincode, the gateway and the verifier differ only in the hasher
 * they pass (gateway/src/anchors/merkle-levels.ts keeps every level for speed and is tested against this).
 */

/** Largest power of two strictly smaller than n (n > 1). */
function splitPoint(n: number): number {
    let k = 1;
    while (k * 2 < n) {
        k *= 2;
    }
    return k;
}

/**
 * Merkle Tree Hash of already leaf-hashed entries.
 * Iterative: levels are folded pairwise left to right, an odd last node is carried up unchanged, which yields
 * exactly the RFC's recursive split for every n.
 */
export function rootOfLeafHashes(hasher: TreeHasher, leafHashes: readonly Uint8Array[]): Uint8Array {
    if (leafHashes.length === 0) {
        return hasher.emptyRoot();
    }
    let level: Uint8Array[] = [...leafHashes];
    while (level.length > 1) {
        const next: Uint8Array[] = [];
        for (let i = 0; i + 1 < level.length; i += 2) {
            next.push(hasher.hashChildren(level[i]!, level[i + 1]!));
        }
        if (level.length % 2 === 1) {
            next.push(level[level.length - 1]!);
        }
        level = next;
    }
    return level[0]!;
}

/** Merkle Tree Hash (RFC 9162 §2.1.1) of raw leaves. */
export function merkleRoot(hasher: TreeHasher, leaves: readonly Uint8Array[]): Uint8Array {
    return rootOfLeafHashes(
        hasher,
        leaves.map((leaf) => hasher.hashLeaf(leaf)),
    );
}

/**
 * Inclusion proof (RFC 9162 §2.1.3.1) for the leaf at `index` among leaf hashes; the audit path runs from the
 * leaf's sibling up to the root's child.
 *
 * @throws RangeError when `index` is not a leaf of the tree.
 */
export function inclusionProof(hasher: TreeHasher, leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
    if (!Number.isInteger(index) || index < 0 || index >= leafHashes.length) {
        throw new RangeError(`leaf index ${index} is outside a tree of ${leafHashes.length} leaves`);
    }
    return subproof(hasher, leafHashes, index);
}

function subproof(hasher: TreeHasher, hashes: readonly Uint8Array[], index: number): Uint8Array[] {
    if (hashes.length <= 1) {
        return [];
    }
    const k = splitPoint(hashes.length);
    if (index < k) {
        return [...subproof(hasher, hashes.slice(0, k), index), rootOfLeafHashes(hasher, hashes.slice(k))];
    }
    return [...subproof(hasher, hashes.slice(k), index - k), rootOfLeafHashes(hasher, hashes.slice(0, k))];
}

/**
 * The root an inclusion proof leads to, by the algorithm of RFC 9162 §2.1.3.2, or undefined when the proof cannot
 * belong to a leaf at `index` of a tree of `treeSize` leaves (index outside the tree, wrong number of steps).
 */
export function rootFromInclusionProof(
    hasher: TreeHasher,
    leafHash: Uint8Array,
    index: number,
    treeSize: number,
    proof: readonly Uint8Array[],
): Uint8Array | undefined {
    if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize) {
        return undefined;
    }
    let fn = index;
    let sn = treeSize - 1;
    let r = leafHash;
    for (const p of proof) {
        if (sn === 0) {
            return undefined;
        }
        if (fn % 2 === 1 || fn === sn) {
            r = hasher.hashChildren(p, r);
            while (fn % 2 === 0 && fn !== 0) {
                fn = Math.floor(fn / 2);
                sn = Math.floor(sn / 2);
            }
        } else {
            r = hasher.hashChildren(r, p);
        }
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
    }
    return sn === 0 ? r : undefined;
}

/**
 * Verifies an inclusion proof (RFC 9162 §2.1.3.2).
 *
 * @returns true if `leafHash` at `index` in a tree of `treeSize` leaves hashes up to `root` along `proof`.
 */
export function verifyInclusion(
    hasher: TreeHasher,
    leafHash: Uint8Array,
    index: number,
    treeSize: number,
    proof: readonly Uint8Array[],
    root: Uint8Array,
): boolean {
    const computed = rootFromInclusionProof(hasher, leafHash, index, treeSize, proof);
    return computed !== undefined && bytesEqual(computed, root);
}
