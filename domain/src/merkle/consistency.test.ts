import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHA256_TREE_HASHER as H } from '../node/sha256.js';
import { merkleRoot } from '../node/merkle.js';
import { consistencyProof, consistencyProofRanges, verifyConsistency } from './rfc9162.js';

const leaves = Array.from({ length: 400 }, (_, i) => new TextEncoder().encode(`leaf ${i}`));
const leafHashes = leaves.map((leaf) => H.hashLeaf(leaf));
/** Roots of every prefix, from the project's merkleRoot over raw leaves (not from the proof code). */
const roots = Array.from({ length: leaves.length + 1 }, (_, n) => merkleRoot(leaves.slice(0, n)));

const proofOf = (m: number, n: number): Uint8Array[] => consistencyProof(H, leafHashes.slice(0, n), m);
const verify = (m: number, n: number, r1: Uint8Array, r2: Uint8Array, proof: readonly Uint8Array[]): boolean =>
    verifyConsistency(H, m, n, r1, r2, proof);

/** Sizes 0 ≤ m ≤ n ≤ 400. */
const sizes = fc
    .integer({ min: 0, max: 400 })
    .chain((n) => fc.record({ n: fc.constant(n), m: fc.integer({ min: 0, max: n }) }));

/** One byte of a hash flipped. */
function flipped(hash: Uint8Array, byte: number): Uint8Array {
    const copy = Uint8Array.from(hash);
    const at = byte % copy.length;
    copy[at] = copy[at]! ^ 0x01;
    return copy;
}

describe('RFC 9162 consistency proofs', () => {
    // Every pair up to 128 leaves covers every proof shape of trees of up to seven levels; larger sizes are sampled
    // below. (Up to 200, about eight times the work, timed out under a loaded unit run.)
    it('verify for every pair of sizes up to 128 leaves, against the roots merkleRoot gives', () => {
        for (let n = 0; n <= 128; n++) {
            for (let m = 0; m <= n; m++) {
                expect(verify(m, n, roots[m]!, roots[n]!, proofOf(m, n)), `m=${m} n=${n}`).toBe(true);
            }
        }
    });

    it('verify for sampled pairs up to 400 leaves', () => {
        fc.assert(fc.property(sizes, ({ m, n }) => verify(m, n, roots[m]!, roots[n]!, proofOf(m, n))));
    });

    it('have one hash per range, each the root of its leaves', () => {
        fc.assert(
            fc.property(sizes, ({ m, n }) => {
                const ranges = consistencyProofRanges(m, n);
                expect(proofOf(m, n)).toEqual(ranges.map(({ start, end }) => merkleRoot(leaves.slice(start, end))));
                expect(ranges.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(Math.max(n, 2))));
            }),
        );
    });

    it('fail when any single hash of the proof is rewritten', () => {
        fc.assert(
            fc.property(
                sizes.filter(({ m, n }) => m > 0 && m < n),
                fc.nat(),
                fc.nat({ max: 31 }),
                ({ m, n }, which, byte) => {
                    const proof = proofOf(m, n);
                    const at = which % proof.length;
                    const tampered = proof.map((hash, i) => (i === at ? flipped(hash, byte) : hash));
                    return !verify(m, n, roots[m]!, roots[n]!, tampered);
                },
            ),
        );
    });

    it('fail when either root is rewritten', () => {
        fc.assert(
            fc.property(sizes, fc.nat({ max: 31 }), fc.boolean(), ({ m, n }, byte, first) => {
                const proof = proofOf(m, n);
                const r1 = first ? flipped(roots[m]!, byte) : roots[m]!;
                const r2 = first ? roots[n]! : flipped(roots[n]!, byte);
                // m = n = 0 compares nothing but the first root with the empty tree's.
                return (m === 0 && !first) || !verify(m, n, r1, r2, proof);
            }),
        );
    });

    it('fail when a hash is added or dropped', () => {
        fc.assert(
            fc.property(sizes, fc.nat(), ({ m, n }, at) => {
                const proof = proofOf(m, n);
                const extra = [...proof];
                extra.splice(at % (proof.length + 1), 0, leafHashes[0]!);
                const fewer = proof.filter((_, i) => i !== at % Math.max(proof.length, 1));
                expect(verify(m, n, roots[m]!, roots[n]!, extra)).toBe(false);
                if (proof.length > 0) {
                    expect(verify(m, n, roots[m]!, roots[n]!, fewer)).toBe(false);
                }
            }),
        );
    });

    it('cannot bind the second size by hashes alone: from 2 leaves to 3 and to 4 take one right-hand hash', () => {
        // Why the verifier takes both sizes from trusted pool-root records (verifyPoolRootConsistency).
        expect(verify(2, 4, roots[2]!, roots[3]!, proofOf(2, 3))).toBe(true);
    });

    it('fail when the first size is rewritten, the roots and proof kept', () => {
        fc.assert(
            fc.property(sizes, fc.integer({ min: -2, max: 402 }), ({ m, n }, other) => {
                fc.pre(other !== m);
                return !verify(other, n, roots[m]!, roots[n]!, proofOf(m, n));
            }),
        );
    });

    it('refuse sizes out of order or unsafe, and an empty first tree with a non-empty root', () => {
        expect(verify(3, 2, roots[3]!, roots[2]!, [])).toBe(false);
        expect(verify(1.5, 2, roots[1]!, roots[2]!, proofOf(1, 2))).toBe(false);
        expect(verify(0, 5, roots[1]!, roots[5]!, [])).toBe(false);
        expect(() => consistencyProofRanges(3, 2)).toThrow(RangeError);
    });
});
