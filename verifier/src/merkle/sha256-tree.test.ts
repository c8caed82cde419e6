import { inclusionProof, leafHash as domainLeafHash, merkleRoot } from '@lendledger/domain/node';
import { rfc9162 } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { toHex } from '../encoding/bytes.js';
import { SHA256_TREE } from './sha256-tree.js';

describe('rootFromInclusionProof over the verifier’s SHA-256', () => {
    it('agrees with the chaincode’s Merkle trees for every leaf of trees up to 33 leaves', () => {
        for (let size = 1; size <= 33; size++) {
            const leaves = Array.from({ length: size }, (_, i) => new TextEncoder().encode(`leaf ${i}`));
            const hashes = leaves.map(domainLeafHash);
            const root = toHex(merkleRoot(leaves));
            for (let index = 0; index < size; index++) {
                const proof = inclusionProof(hashes, index);
                const leaf = SHA256_TREE.hashLeaf(leaves[index]!);
                const computed = rfc9162.rootFromInclusionProof(SHA256_TREE, leaf, index, size, proof);
                expect(computed && toHex(computed)).toBe(root);
            }
        }
    });

    it('returns undefined for an index outside the tree or a proof of the wrong length', () => {
        const leaf = SHA256_TREE.hashLeaf(new Uint8Array());
        expect(rfc9162.rootFromInclusionProof(SHA256_TREE, leaf, 4, 4, [])).toBeUndefined();
        expect(rfc9162.rootFromInclusionProof(SHA256_TREE, leaf, 0, 1, [leaf])).toBeUndefined();
        expect(rfc9162.rootFromInclusionProof(SHA256_TREE, leaf, 0, 4, [leaf])).toBeUndefined();
    });
});
