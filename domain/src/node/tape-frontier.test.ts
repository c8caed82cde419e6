import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../canonical-json.js';
import { EMPTY_FRONTIER, tapeLeaf } from '../abs/tape.js';
import { toHex } from '../bytes.js';
import { inclusionProof, leafHash, merkleRoot, verifyInclusion } from './merkle.js';
import { appendToFrontier, type CompletedSubtree, frontierRoot } from './tape-frontier.js';

function leaves(count: number): Uint8Array[] {
    return Array.from({ length: count }, (_, i) =>
        tapeLeaf(`ln_${String(i).padStart(64, '0')}`, `sha256:${'a'.repeat(64)}`),
    );
}

describe('tape frontier', () => {
    it('encodes a leaf as the canonical JSON of fingerprint and loan ID', () => {
        expect(new TextDecoder().decode(tapeLeaf('ln_x', 'sha256:y'))).toBe(
            canonicalJson({ fingerprint: 'sha256:y', loanId: 'ln_x' }),
        );
    });

    it('gives the RFC 9162 root of the empty tree', () => {
        expect(toHex(frontierRoot(EMPTY_FRONTIER))).toBe(toHex(merkleRoot([])));
    });

    it.each(Array.from({ length: 40 }, (_, i) => i + 1))('matches merkleRoot for %i leaves added one by one', (n) => {
        const all = leaves(n);
        let tree = EMPTY_FRONTIER;
        for (const leaf of all) {
            tree = appendToFrontier(tree, [leaf]);
        }
        expect(tree.size).toBe(n);
        expect(tree.frontier.length).toBe(n.toString(2).replaceAll('0', '').length);
        expect(toHex(frontierRoot(tree))).toBe(toHex(merkleRoot(all)));
    });

    it('gives the same root whatever the batch sizes', () => {
        const all = leaves(37);
        const batched = [5, 1, 16, 7, 8].reduce(
            (acc, size) => ({ tree: appendToFrontier(acc.tree, all.slice(acc.at, acc.at + size)), at: acc.at + size }),
            { tree: EMPTY_FRONTIER, at: 0 },
        ).tree;
        expect(toHex(frontierRoot(batched))).toBe(toHex(merkleRoot(all)));
    });

    it('yields a root that RFC 9162 inclusion proofs verify against', () => {
        const all = leaves(11);
        const root = frontierRoot(appendToFrontier(EMPTY_FRONTIER, all));
        const hashes = all.map(leafHash);
        expect(verifyInclusion(hashes[6]!, 6, 11, inclusionProof(hashes, 6), root)).toBe(true);
    });

    it('reports every perfect subtree exactly once, with its RFC 9162 root, whatever the batch sizes', () => {
        fc.assert(
            fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), (sizes) => {
                const all = leaves(sizes.reduce((sum, size) => sum + size, 0));
                const seen: CompletedSubtree[] = [];
                let tree = EMPTY_FRONTIER;
                for (const size of sizes) {
                    tree = appendToFrontier(tree, all.slice(tree.size, tree.size + size), (subtree) =>
                        seen.push(subtree),
                    );
                }
                const expected: string[] = [];
                for (let level = 0; 2 ** level <= all.length; level++) {
                    for (let index = 0; (index + 1) * 2 ** level <= all.length; index++) {
                        const span = all.slice(index * 2 ** level, (index + 1) * 2 ** level);
                        expected.push(`${level}/${index}/${toHex(merkleRoot(span))}`);
                    }
                }
                const reported = seen.map(({ level, index, hash }) => `${level}/${index}/${toHex(hash)}`);
                expect(reported.sort()).toEqual(expected.sort());
            }),
        );
    });
});
