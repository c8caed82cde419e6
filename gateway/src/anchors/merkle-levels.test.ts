import { createHash } from 'node:crypto';
import { fromHex, toHex } from '@lendledger/domain';
import { fingerprintLeafHash, inclusionProof, merkleRoot, verifyInclusion } from '@lendledger/domain/node';
import { describe, expect, it } from 'vitest';
import { MerkleLevels } from './merkle-levels.js';

const fingerprints = (n: number): string[] =>
    Array.from({ length: n }, (_, i) => `sha256:${createHash('sha256').update(`leaf ${i}`).digest('hex')}`);

describe('MerkleLevels', () => {
    it.each([1, 2, 3, 5, 7, 8, 13, 64, 100, 1025])('agrees with the RFC 9162 reference for %i leaves', (n) => {
        const leaves = fingerprints(n);
        const tree = MerkleLevels.ofLeaves(leaves);
        const leafHashes = leaves.map(fingerprintLeafHash);
        expect(tree.root).toBe(toHex(merkleRoot(leaves.map((leaf) => new TextEncoder().encode(leaf)))));
        for (let index = 0; index < n; index += Math.max(1, Math.floor(n / 17))) {
            const path = tree.auditPath(index);
            expect(path).toEqual(inclusionProof(leafHashes, index).map(toHex));
            expect(tree.leafHash(index)).toBe(toHex(leafHashes[index]!));
            expect(verifyInclusion(leafHashes[index]!, index, n, path.map(fromHex), fromHex(tree.root))).toBe(true);
        }
    });

    it('builds the same tree when it yields to the event loop', async () => {
        const leaves = fingerprints(10_000);
        const yielding = await MerkleLevels.ofLeavesYielding(leaves);
        const direct = MerkleLevels.ofLeaves(leaves);
        expect(yielding.root).toBe(direct.root);
        expect(yielding.auditPath(7_777)).toEqual(direct.auditPath(7_777));
    });

    it('refuses an empty tree and an index outside the tree', () => {
        expect(() => MerkleLevels.ofLeaves([])).toThrow(RangeError);
        const tree = MerkleLevels.ofLeaves(fingerprints(3));
        expect(() => tree.auditPath(3)).toThrow(RangeError);
        expect(() => tree.auditPath(-1)).toThrow(RangeError);
    });
});
