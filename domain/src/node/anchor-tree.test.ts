import { describe, expect, it } from 'vitest';
import { toHex } from '../bytes.js';
import { ANCHOR_CHUNK_SIZE } from '../evidence/anchor.js';
import { chunkedInclusionProof, chunkRoots } from './anchor-tree.js';
import { inclusionProof, leafHash, rootOfLeafHashes, verifyInclusion } from './merkle.js';

function leaves(n: number): Uint8Array[] {
    return Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`leaf-${i}`)));
}

describe('chunked anchor trees', () => {
    it.each([1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100])(
        'give the RFC 9162 root and proofs of %i leaves with chunks of 4',
        (n) => {
            const hashes = leaves(n);
            const roots = chunkRoots(hashes, 4);
            const root = rootOfLeafHashes(hashes);
            expect(toHex(rootOfLeafHashes(roots))).toBe(toHex(root));
            for (let index = 0; index < n; index++) {
                const chunk = Math.floor(index / 4);
                const proof = chunkedInclusionProof(hashes.slice(chunk * 4, chunk * 4 + 4), roots, index, 4);
                expect(proof.map(toHex)).toEqual(inclusionProof(hashes, index).map(toHex));
                expect(verifyInclusion(hashes[index]!, index, n, proof, root)).toBe(true);
            }
        },
    );

    it.each([ANCHOR_CHUNK_SIZE - 1, ANCHOR_CHUNK_SIZE, ANCHOR_CHUNK_SIZE + 1, 3000])(
        'agrees with the plain tree for %i leaves at the default chunk size',
        (n) => {
            const hashes = leaves(n);
            const roots = chunkRoots(hashes);
            expect(roots).toHaveLength(Math.ceil(n / ANCHOR_CHUNK_SIZE));
            expect(toHex(rootOfLeafHashes(roots))).toBe(toHex(rootOfLeafHashes(hashes)));
            for (const index of [0, n - 1, Math.floor(n / 2)]) {
                const chunk = Math.floor(index / ANCHOR_CHUNK_SIZE);
                const chunkHashes = hashes.slice(chunk * ANCHOR_CHUNK_SIZE, (chunk + 1) * ANCHOR_CHUNK_SIZE);
                expect(chunkedInclusionProof(chunkHashes, roots, index).map(toHex)).toEqual(
                    inclusionProof(hashes, index).map(toHex),
                );
            }
        },
    );
});
