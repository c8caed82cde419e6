import { tapeLeaf, toHex } from '@lendledger/domain';
import { appendToFrontier, frontierRoot, inclusionProof, leafHash } from '@lendledger/domain/node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLoanProof, type CutOffTape, type LoanProof } from './tape-proof.ts';

/** A tape of `size` loans built the way the chaincode builds it (frontier), and the proof GetLoanProof answers. */
function tapeWithProof(size: number, index: number): { proof: LoanProof; root: string; tape: CutOffTape } {
    const loans = Array.from({ length: size }, (_, i) => ({
        loanId: `ln_${i.toString(16).padStart(64, '0')}`,
        fingerprint: `sha256:${(i + 7).toString(16).padStart(64, 'c')}`,
    }));
    const leaves = loans.map((loan) => tapeLeaf(loan.loanId, loan.fingerprint));
    const root = toHex(frontierRoot(appendToFrontier({ size: 0, frontier: [] }, leaves)));
    const leafHashes = leaves.map((leaf) => leafHash(leaf));
    const loan = loans[index]!;
    return {
        root,
        tape: { tapeRoot: root, tapeSize: size },
        proof: {
            dealId: 'DEAL-1',
            loanId: loan.loanId,
            fingerprint: loan.fingerprint,
            tapeIndex: index,
            tapeSize: size,
            leafHash: toHex(leafHashes[index]!),
            proof: inclusionProof(leafHashes, index).map(toHex),
            tapeRoot: root,
        },
    };
}

const position = fc
    .integer({ min: 1, max: 70 })
    .chain((size) => fc.record({ size: fc.constant(size), index: fc.nat({ max: size - 1 }) }));

describe('checkLoanProof', () => {
    it('finds every loan of a tape in the root the chaincode computes, with the browser’s own SHA-256', () => {
        fc.assert(
            fc.property(position, ({ size, index }) => {
                const { proof, root, tape } = tapeWithProof(size, index);
                expect(checkLoanProof(proof, proof.loanId, tape)).toEqual({
                    included: true,
                    tapeRoot: root,
                    tapeIndex: index,
                    tapeSize: size,
                });
            }),
        );
    });

    it('refuses a proof with any byte of its audit path changed', () => {
        fc.assert(
            fc.property(
                position.filter(({ size }) => size > 1),
                fc.nat(),
                fc.nat({ max: 63 }),
                ({ size, index }, step, digit) => {
                    const { proof, tape } = tapeWithProof(size, index);
                    const at = step % proof.proof.length;
                    const hex = proof.proof[at]!;
                    const flipped = hex.slice(0, digit) + (hex[digit] === '0' ? '1' : '0') + hex.slice(digit + 1);
                    const tampered = { ...proof, proof: proof.proof.map((h, i) => (i === at ? flipped : h)) };
                    expect(checkLoanProof(tampered, proof.loanId, tape)).toEqual({
                        included: false,
                        failure: 'PATH_DOES_NOT_REACH_ROOT',
                    });
                },
            ),
        );
    });

    it('refuses a proof at another position, of another size, or with a step more or fewer', () => {
        const { proof, tape } = tapeWithProof(11, 6);
        const fails = (changed: Partial<LoanProof>): unknown =>
            checkLoanProof({ ...proof, ...changed }, proof.loanId, tape);
        const path = { included: false, failure: 'PATH_DOES_NOT_REACH_ROOT' };
        expect(fails({ tapeIndex: 5 })).toEqual(path);
        expect(fails({ tapeSize: 7 })).toEqual(path);
        expect(fails({ tapeIndex: 11 })).toEqual(path);
        expect(fails({ proof: proof.proof.slice(1) })).toEqual(path);
        expect(fails({ proof: [...proof.proof, proof.leafHash] })).toEqual(path);
    });

    it('recomputes the leaf from the loan ID and fingerprint instead of trusting the proof’s leaf hash', () => {
        const { proof, tape } = tapeWithProof(5, 2);
        expect(checkLoanProof({ ...proof, fingerprint: `sha256:${'0'.repeat(64)}` }, proof.loanId, tape)).toEqual({
            included: false,
            failure: 'LEAF_DIFFERS',
        });
    });

    it('refuses the proof of another loan than the one looked up', () => {
        const { proof, tape } = tapeWithProof(5, 2);
        expect(checkLoanProof(proof, `ln_${'f'.repeat(64)}`, tape)).toEqual({ included: false, failure: 'OTHER_LOAN' });
    });

    it('refuses a consistent proof of a tape whose root or size is not the one the cut-off fixed', () => {
        const { proof, tape } = tapeWithProof(5, 2);
        const notTheTape = { included: false, failure: 'NOT_THE_CUT_OFF_TAPE' };
        expect(checkLoanProof(proof, proof.loanId, tapeWithProof(6, 2).tape)).toEqual(notTheTape);
        // An 11-leaf path of leaf 6 folds to the same root for any size from 9 to 16: only the size tells them apart.
        const eleven = tapeWithProof(11, 6);
        expect(checkLoanProof({ ...eleven.proof, tapeSize: 12 }, eleven.proof.loanId, eleven.tape)).toEqual(notTheTape);
        expect(checkLoanProof(proof, proof.loanId, { ...tape, tapeSize: 6 })).toEqual(notTheTape);
    });

    it('refuses hashes that are not 64 lower-case hex digits', () => {
        const { proof, tape } = tapeWithProof(5, 2);
        for (const changed of [
            { leafHash: proof.leafHash.toUpperCase() },
            { tapeRoot: 'zz' },
            { tapeRoot: proof.tapeRoot.slice(1) },
            { proof: [...proof.proof.slice(1), 'not hex'] },
        ]) {
            expect(checkLoanProof({ ...proof, ...changed }, proof.loanId, tape)).toEqual({
                included: false,
                failure: 'MALFORMED',
            });
        }
    });
});
