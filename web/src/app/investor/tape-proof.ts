import { bytesEqual, fromHex, rfc9162, rfc9162Hasher, tapeLeaf, type TreeHasher } from '@lendledger/domain';
import { sha256 } from '@noble/hashes/sha2.js';

/**
 * Checks a loan's inclusion in its deal's cut-off tape in the browser, with the domain's one RFC 9162
 * implementation (the code the chaincode builds the tape with) over a pure-JavaScript SHA-256.
 */

/** `GET /v1/abs/deals/:dealId/pool/loans/:loanId/proof` (`AbsPool:GetLoanProof`). */
export interface LoanProof {
    readonly dealId: string;
    readonly loanId: string;
    readonly fingerprint: string;
    readonly tapeIndex: number;
    readonly tapeSize: number;
    readonly leafHash: string;
    readonly proof: readonly string[];
    readonly tapeRoot: string;
}

const TAPE_TREE: TreeHasher = rfc9162Hasher((...parts) => {
    const hash = sha256.create();
    for (const part of parts) {
        hash.update(part);
    }
    return hash.digest();
});

/** Why a proof does not show the loan in the tape. */
export type ProofFailure =
    'OTHER_LOAN' | 'LEAF_DIFFERS' | 'PATH_DOES_NOT_REACH_ROOT' | 'NOT_THE_CUT_OFF_TAPE' | 'MALFORMED';

/** The outcome: the loan is in the tape whose root the deal's cut-off record fixed, or why not. */
export type ProofCheck =
    | { readonly included: true; readonly tapeRoot: string; readonly tapeIndex: number; readonly tapeSize: number }
    | { readonly included: false; readonly failure: ProofFailure };

const HEX64 = /^[0-9a-f]{64}$/;

/** The tape the deal's cut-off record fixed (`GET …/pool`, `cutOff`). */
export interface CutOffTape {
    readonly tapeRoot: string;
    readonly tapeSize: number;
}

/**
 * Whether `proof` shows loan `loanId` in the tape the pool's cut-off record fixed (read separately): the leaf is
 * recomputed from the loan ID and tape fingerprint, the audit path is folded to a root, and that root and the tree
 * size must be the proof's and the cut-off's. The size is compared too because an RFC 9162 path binds the size
 * only through the root: the same path folds to the same root for every size sharing the leaf's subtrees.
 */
export function checkLoanProof(proof: LoanProof, loanId: string, cutOff: CutOffTape): ProofCheck {
    const hashes = [proof.leafHash, proof.tapeRoot, cutOff.tapeRoot, ...proof.proof];
    if (!hashes.every((hex) => HEX64.test(hex))) {
        return { included: false, failure: 'MALFORMED' };
    }
    if (proof.loanId !== loanId) {
        return { included: false, failure: 'OTHER_LOAN' };
    }
    const leafHash = TAPE_TREE.hashLeaf(tapeLeaf(proof.loanId, proof.fingerprint));
    if (!bytesEqual(leafHash, fromHex(proof.leafHash))) {
        return { included: false, failure: 'LEAF_DIFFERS' };
    }
    const path = proof.proof.map((hex) => fromHex(hex));
    if (!rfc9162.verifyInclusion(TAPE_TREE, leafHash, proof.tapeIndex, proof.tapeSize, path, fromHex(proof.tapeRoot))) {
        return { included: false, failure: 'PATH_DOES_NOT_REACH_ROOT' };
    }
    if (proof.tapeRoot !== cutOff.tapeRoot || proof.tapeSize !== cutOff.tapeSize) {
        return { included: false, failure: 'NOT_THE_CUT_OFF_TAPE' };
    }
    return { included: true, tapeRoot: proof.tapeRoot, tapeIndex: proof.tapeIndex, tapeSize: proof.tapeSize };
}
