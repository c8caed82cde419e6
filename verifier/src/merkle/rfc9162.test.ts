import { inclusionProof, leafHash as domainLeafHash, merkleRoot } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { toHex } from '../encoding/bytes.js';
import { leafHash, rootFromInclusionProof } from './rfc9162.js';

describe('rootFromInclusionProof', () => {
    it('agrees with the chaincode’s Merkle trees for every leaf of trees up to 33 leaves', () => {
        for (let size = 1; size <= 33; size++) {
            const leaves = Array.from({ length: size }, (_, i) => new TextEncoder().encode(`leaf ${i}`));
            const hashes = leaves.map(domainLeafHash);
            const root = toHex(merkleRoot(leaves));
            for (let index = 0; index < size; index++) {
                const proof = inclusionProof(hashes, index);
                const computed = rootFromInclusionProof(leafHash(leaves[index]!), index, size, proof);
                expect(computed && toHex(computed)).toBe(root);
            }
        }
    });

    it('returns undefined for an index outside the tree or a proof of the wrong length', () => {
        const leaf = leafHash(new Uint8Array());
        expect(rootFromInclusionProof(leaf, 4, 4, [])).toBeUndefined();
        expect(rootFromInclusionProof(leaf, 0, 1, [leaf])).toBeUndefined();
        expect(rootFromInclusionProof(leaf, 0, 4, [leaf])).toBeUndefined();
    });
});
