import { createHash } from 'node:crypto';

/**
 * Merkle trees as RFC 9162 (Certificate Transparency v2) §2.1 defines them, over SHA-256:
 * leaf hash = SHA-256(0x00 || leaf), node hash = SHA-256(0x01 || left || right), and a tree of n leaves splits at
 * the largest power of two smaller than n. The hash of an empty tree is SHA-256 of the empty string.
 */

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** SHA-256 of the concatenation of the given byte strings. */
export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
    const hash = createHash('sha256');
    for (const part of parts) {
        hash.update(part);
    }
    return new Uint8Array(hash.digest());
}

/** RFC 9162 leaf hash of one entry. */
export function leafHash(leaf: Uint8Array): Uint8Array {
    return sha256(LEAF_PREFIX, leaf);
}

/** RFC 9162 interior node hash. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
    return sha256(NODE_PREFIX, left, right);
}

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
export function rootOfLeafHashes(leafHashes: readonly Uint8Array[]): Uint8Array {
    if (leafHashes.length === 0) {
        return sha256();
    }
    let level: Uint8Array[] = [...leafHashes];
    while (level.length > 1) {
        const next: Uint8Array[] = [];
        for (let i = 0; i + 1 < level.length; i += 2) {
            next.push(nodeHash(level[i]!, level[i + 1]!));
        }
        if (level.length % 2 === 1) {
            next.push(level[level.length - 1]!);
        }
        level = next;
    }
    return level[0]!;
}

/** Merkle Tree Hash (RFC 9162 §2.1.1) of raw leaves. */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
    return rootOfLeafHashes(leaves.map(leafHash));
}

/**
 * Inclusion proof (RFC 9162 §2.1.3.1) for the leaf at `index` among leaf hashes; the audit path runs from the
 * leaf's sibling up to the root's child.
 */
export function inclusionProof(leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
    if (!Number.isInteger(index) || index < 0 || index >= leafHashes.length) {
        throw new RangeError(`leaf index ${index} is outside a tree of ${leafHashes.length} leaves`);
    }
    return subproof(leafHashes, index);
}

function subproof(hashes: readonly Uint8Array[], index: number): Uint8Array[] {
    if (hashes.length <= 1) {
        return [];
    }
    const k = splitPoint(hashes.length);
    if (index < k) {
        return [...subproof(hashes.slice(0, k), index), rootOfLeafHashes(hashes.slice(k))];
    }
    return [...subproof(hashes.slice(k), index - k), rootOfLeafHashes(hashes.slice(0, k))];
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
    if (!isLeafOf(index, treeSize)) {
        return false;
    }
    let fn = index;
    let sn = treeSize - 1;
    let r = leafHashValue;
    for (const p of proof) {
        if (sn === 0) {
            return false;
        }
        if (fn % 2 === 1 || fn === sn) {
            r = nodeHash(p, r);
            if (fn % 2 === 0) {
                while (fn % 2 === 0 && fn !== 0) {
                    fn = Math.floor(fn / 2);
                    sn = Math.floor(sn / 2);
                }
            }
        } else {
            r = nodeHash(r, p);
        }
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
    }
    return sn === 0 && bytesEqual(r, root);
}

function isLeafOf(index: number, treeSize: number): boolean {
    return Number.isSafeInteger(index) && Number.isSafeInteger(treeSize) && index >= 0 && index < treeSize;
}

/** Constant-length comparison of two byte strings. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
    if (a.length !== b.length) {
        return false;
    }
    let diff = 0;
    for (let i = 0; i < a.length; i++) {
        diff |= a[i]! ^ b[i]!;
    }
    return diff === 0;
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
    return Buffer.from(bytes).toString('hex');
}

/** Bytes of a hex string (no validation beyond what Buffer does; validate input before calling). */
export function fromHex(hex: string): Uint8Array {
    return new Uint8Array(Buffer.from(hex, 'hex'));
}
