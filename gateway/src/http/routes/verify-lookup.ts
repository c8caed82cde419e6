import {
    EVIDENCE_ERRORS,
    type AnchorInclusionProof,
    type AnchorLocations,
    type EvidenceView,
} from '@lendledger/domain';
import { type Principal } from '../../auth/principal.js';
import { evaluateJson, type LedgerReads } from '../../fabric/evaluate-json.js';
import { ChaincodeRejectedError } from '../../fabric/ledger-errors.js';
import { anchorSummary, evidenceSummary, proofSummary, type VerifyAnswer } from './verify-result.js';

/**
 * Where `fingerprint` is on the ledger, asked as `principal`: its evidence record (absent when none), every anchor
 * holding it, and the inclusion proof in the earliest of them.
 */
export async function lookUp(fingerprint: string, principal: Principal, reads: LedgerReads): Promise<VerifyAnswer> {
    const evaluate = <T>(name: string, request: Record<string, unknown>): Promise<T> =>
        evaluateJson<T>(reads, principal.subject, name, request);
    const [view, located] = await Promise.all([
        evaluate<EvidenceView>('Evidence:Get', { id: fingerprint }).catch(
            absentWhen(EVIDENCE_ERRORS.EVIDENCE_NOT_FOUND.code),
        ),
        evaluate<AnchorLocations>('Anchor:FindByFingerprint', { fingerprint }),
    ]);
    const earliest = located.anchors[0];
    const proof = earliest
        ? await evaluate<AnchorInclusionProof>('Anchor:GetProof', { fingerprint, anchorId: earliest.anchorId })
        : undefined;
    const evidence = view && evidenceSummary(view);
    return {
        fingerprint,
        found: view !== undefined || earliest !== undefined,
        ...(evidence ? { evidence } : {}),
        anchors: located.anchors.map(anchorSummary),
        ...(proof ? { proof: proofSummary(proof) } : {}),
    };
}

/** Turns the chaincode's refusal with `code` into "absent"; other errors pass. */
function absentWhen(code: string): (error: unknown) => undefined {
    return (error) => {
        if (error instanceof ChaincodeRejectedError && error.code === code) {
            return undefined;
        }
        throw error;
    };
}
