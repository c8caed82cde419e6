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

/** A range of leaves [start, end) whose Merkle Tree Hash is one element of a consistency proof. */
export interface LeafRange {
    readonly start: number;
    readonly end: number;
}

/**
 * The leaf ranges whose Merkle Tree Hashes make up the consistency proof between the tree of the first `m` leaves
 * and the tree of `n` leaves, in proof order: RFC 9162 §2.1.4.1's PROOF(m, D[n]) = SUBPROOF(m, D[n], true). Kept
 * apart from hashing so that the chaincode computes each range's hash from its stored subtree roots (O(log n)
 * reads) while {@link consistencyProof} slices a list of leaf hashes; both follow this one recursion. Empty when
 * m = 0 or m = n.
 *
 * @throws RangeError unless 0 ≤ m ≤ n are safe integers.
 */
export function consistencyProofRanges(m: number, n: number): LeafRange[] {
    if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || m > n) {
        throw new RangeError(`no consistency proof from a tree of ${m} leaves to one of ${n}`);
    }
    if (m === 0) {
        return [];
    }
    const ranges: LeafRange[] = [];
    // SUBPROOF(m, D[start:end], complete), unrolled: each step appends the sibling subtree of the side it descends.
    const walk = (first: number, start: number, end: number, complete: boolean): void => {
        if (first === end - start) {
            if (!complete) {
                ranges.push({ start, end });
            }
            return;
        }
        const k = splitPoint(end - start);
        if (first <= k) {
            walk(first, start, start + k, complete);
            ranges.push({ start: start + k, end });
        } else {
            walk(first - k, start + k, end, false);
            ranges.push({ start, end: start + k });
        }
    };
    walk(m, 0, n, true);
    return ranges;
}

/**
 * Consistency proof (RFC 9162 §2.1.4.1) that the tree of the first `m` of `leafHashes` is a prefix of the tree of
 * all of them.
 *
 * @throws RangeError unless 0 ≤ m ≤ leafHashes.length.
 */
export function consistencyProof(hasher: TreeHasher, leafHashes: readonly Uint8Array[], m: number): Uint8Array[] {
    return consistencyProofRanges(m, leafHashes.length).map(({ start, end }) =>
        rootOfLeafHashes(hasher, leafHashes.slice(start, end)),
    );
}

/**
 * Verifies a consistency proof between the tree of `m` leaves with root `firstRoot` and the tree of `n` leaves with
 * root `secondRoot`, by the algorithm of RFC 9162 §2.1.4.2, and in addition requires exactly the number of hashes
 * {@link consistencyProofRanges} gives (m, n), and the empty tree's root for m = 0: a proof with a spare hash, or
 * an empty first tree with any root, does not pass.
 *
 * What the hashes cannot bind: as with inclusion proofs, the sizes. A proof of one shape fits several (m, n) pairs
 * (from 2 leaves to 3 and to 4 both take one right-hand sibling), so the sizes must come from a record the reader
 * trusts, as the roots do (the verifier's `verifyPoolRootConsistency` compares them with the period roots).
 */
export function verifyConsistency(
    hasher: TreeHasher,
    m: number,
    n: number,
    firstRoot: Uint8Array,
    secondRoot: Uint8Array,
    proof: readonly Uint8Array[],
): boolean {
    if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || m > n) {
        return false;
    }
    if (proof.length !== consistencyProofRanges(m, n).length) {
        return false;
    }
    if (m === 0) {
        return bytesEqual(firstRoot, hasher.emptyRoot());
    }
    if (m === n) {
        return bytesEqual(firstRoot, secondRoot);
    }
    const roots = rootsFromConsistencyPath(hasher, m, n, firstRoot, proof);
    return roots !== undefined && bytesEqual(roots.first, firstRoot) && bytesEqual(roots.second, secondRoot);
}

/** RFC 9162 §2.1.4.2 steps 1-5 for 0 < m < n: the two roots the path leads to, or undefined when it overruns. */
function rootsFromConsistencyPath(
    hasher: TreeHasher,
    m: number,
    n: number,
    firstRoot: Uint8Array,
    proof: readonly Uint8Array[],
): { first: Uint8Array; second: Uint8Array } | undefined {
    // Step 1: when m is a power of two the first tree is a node of the second and its root opens the path.
    const path = isPowerOfTwo(m) ? [firstRoot, ...proof] : [...proof];
    let fn = m - 1;
    let sn = n - 1;
    while (fn % 2 === 1) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
    }
    let fr = path[0]!;
    let sr = path[0]!;
    for (const c of path.slice(1)) {
        if (sn === 0) {
            return undefined;
        }
        if (fn % 2 === 1 || fn === sn) {
            fr = hasher.hashChildren(c, fr);
            sr = hasher.hashChildren(c, sr);
            while (fn % 2 === 0 && fn !== 0) {
                fn = Math.floor(fn / 2);
                sn = Math.floor(sn / 2);
            }
        } else {
            sr = hasher.hashChildren(sr, c);
        }
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
    }
    return sn === 0 ? { first: fr, second: sr } : undefined;
}

function isPowerOfTwo(n: number): boolean {
    let k = 1;
    while (k < n) {
        k *= 2;
    }
    return k === n;
}
