import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes.js';
import { inclusionProof, leafHash, merkleRoot, rootOfLeafHashes, verifyInclusion } from './merkle.js';

// The Certificate Transparency reference test vectors (RFC 6962 / RFC 9162 trees over these eight leaves).
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(
    fromHex,
);
const ROOTS = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('merkleRoot', () => {
    it('hashes the empty tree to SHA-256 of the empty string', () => {
        expect(toHex(merkleRoot([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    });

    it.each(ROOTS.map((root, i) => [i + 1, root] as const))('matches the reference root for %i leaves', (n, root) => {
        expect(toHex(merkleRoot(LEAVES.slice(0, n)))).toBe(root);
    });
});

describe('inclusionProof', () => {
    it('produces the reference audit path for leaf 0 of 8', () => {
        const proof = inclusionProof(LEAVES.map(leafHash), 0).map(toHex);
        expect(proof).toEqual([
            '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
            '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
            '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
        ]);
    });

    it('verifies every leaf of every tree size up to 8 and rejects a tampered step, a wrong index or a wrong root', () => {
        for (let size = 1; size <= 8; size++) {
            const hashes = LEAVES.slice(0, size).map(leafHash);
            const root = rootOfLeafHashes(hashes);
            for (let index = 0; index < size; index++) {
                const proof = inclusionProof(hashes, index);
                expect(verifyInclusion(hashes[index]!, index, size, proof, root)).toBe(true);
                if (proof.length > 0) {
                    const tampered = proof.map((step, i) => (i === proof.length - 1 ? hashes[index]! : step));
                    expect(verifyInclusion(hashes[index]!, index, size, tampered, root)).toBe(false);
                }
                if (size > 1) {
                    expect(verifyInclusion(hashes[index]!, (index + 1) % size, size, proof, root)).toBe(false);
                }
                expect(verifyInclusion(hashes[index]!, index, size, proof, fromHex(ROOTS[7]!.replace(/^5/, '6')))).toBe(
                    false,
                );
            }
        }
    });

    it('rejects an index outside the tree', () => {
        expect(() => inclusionProof([leafHash(LEAVES[0]!)], 1)).toThrow(RangeError);
    });
});
