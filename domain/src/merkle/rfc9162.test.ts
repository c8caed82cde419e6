import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHA256_TREE_HASHER } from '../node/sha256.js';
import { inclusionProof, rootFromInclusionProof, rootOfLeafHashes } from './rfc9162.js';

const leavesOf = (size: number): Uint8Array[] =>
    Array.from({ length: size }, (_, i) => SHA256_TREE_HASHER.hashLeaf(new TextEncoder().encode(`leaf ${i}`)));

/** A tree size and one of its leaves. */
const position = fc
    .integer({ min: 1, max: 300 })
    .chain((treeSize) => fc.record({ treeSize: fc.constant(treeSize), index: fc.nat({ max: treeSize - 1 }) }));

/*
 * Verifiers rely on this: an audit path verifies at (index, size) only with exactly the number of steps RFC 9162
 * gives that leaf, so the verifier's inclusion check is also its path-length check. (Paths of the same length and
 * shape still verify at other (index, size) pairs; the verifier takes the size from the ledger for that reason.)
 */
describe('rootFromInclusionProof', () => {
    it('accepts only the audit path length the proof generator produces: one step more or fewer leads nowhere', () => {
        fc.assert(
            fc.property(position, ({ treeSize, index }) => {
                const leaves = leavesOf(treeSize);
                const path = inclusionProof(SHA256_TREE_HASHER, leaves, index);
                const root = (steps: Uint8Array[]): Uint8Array | undefined =>
                    rootFromInclusionProof(SHA256_TREE_HASHER, leaves[index]!, index, treeSize, steps);
                expect(root(path)).toEqual(rootOfLeafHashes(SHA256_TREE_HASHER, leaves));
                expect(root([...path, leaves[0]!])).toBeUndefined();
                if (path.length > 0) {
                    expect(root(path.slice(1))).toBeUndefined();
                }
            }),
        );
    });
});
