import { ANCHOR_CHUNK_SIZE } from '../evidence/anchor.js';
import { inclusionProof, rootOfLeafHashes } from '../merkle/rfc9162.js';
import { type TreeHasher } from '../merkle/tree-hasher.js';
import { SHA256_TREE_HASHER } from './sha256.js';

/**
 * Anchors store their leaves in chunks of {@link ANCHOR_CHUNK_SIZE}, a power of two. In an RFC 9162 tree every
 * split point of a tree larger than one chunk is a multiple of the chunk size, so each chunk is a subtree and the
 * tree over the chunks' roots has the same root as the tree over all leaves. An inclusion proof is then the path
 * inside one chunk followed by the path of that chunk among the chunk roots: a proof needs one chunk of leaves and
 * the list of chunk roots, never the whole batch. The hasher defaults to Node's SHA-256, the anchors' algorithm.
 */

/** Roots of consecutive chunks of leaf hashes; the last chunk may be partial. */
export function chunkRoots(
    leafHashes: readonly Uint8Array[],
    chunkSize = ANCHOR_CHUNK_SIZE,
    hasher: TreeHasher = SHA256_TREE_HASHER,
): Uint8Array[] {
    const roots: Uint8Array[] = [];
    for (let start = 0; start < leafHashes.length; start += chunkSize) {
        roots.push(rootOfLeafHashes(hasher, leafHashes.slice(start, start + chunkSize)));
    }
    return roots;
}

/**
 * Inclusion proof of leaf `index` from the chunk that holds it and the roots of all chunks. Equal to
 * `inclusionProof(allLeafHashes, index)`.
 *
 * @throws RangeError when the index lies outside the given chunk.
 */
export function chunkedInclusionProof(
    chunkLeafHashes: readonly Uint8Array[],
    roots: readonly Uint8Array[],
    index: number,
    chunkSize = ANCHOR_CHUNK_SIZE,
    hasher: TreeHasher = SHA256_TREE_HASHER,
): Uint8Array[] {
    const chunk = Math.floor(index / chunkSize);
    const inner = inclusionProof(hasher, chunkLeafHashes, index - chunk * chunkSize);
    return [...inner, ...inclusionProof(hasher, roots, chunk)];
}
