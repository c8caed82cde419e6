import {
    EVIDENCE_RECORD_KINDS,
    type AnchorInclusionProof,
    type AnchorLocation,
    type EvidenceView,
} from '@lendledger/domain';
import { Type, type Static } from 'typebox';
import {
    closed,
    FingerprintString,
    Hex64,
    InclusionProofMembers,
    IsoTime,
    LoanRef,
    oneOf,
    RecordId,
    Submitter,
} from '../schemas/common.js';
import { EvidenceStatus, Stage } from '../schemas/evidence.js';

const EvidenceSummary = Type.Object(
    {
        id: RecordId,
        // A fingerprint names a registration or a correction; a withdrawal's id is prefixed.
        kind: oneOf(EVIDENCE_RECORD_KINDS.filter((kind) => kind !== 'WITHDRAWAL')),
        loanRef: LoanRef,
        seq: Type.Integer({ minimum: 1, description: "Position in the loan's evidence chain" }),
        stage: Stage,
        evidenceType: Type.String(),
        salted: Type.Boolean(),
        status: EvidenceStatus,
        submitter: Submitter,
        txId: Type.String({ description: 'Transaction that registered the record' }),
        registeredAt: IsoTime,
        linkHash: Hex64,
        attestations: Type.Array(
            closed({ statementCode: Type.String(), notaryMspId: Type.String(), txId: Type.String(), time: IsoTime }),
        ),
    },
    { additionalProperties: false, description: 'The evidence record registered under the fingerprint' },
);

const AnchorSummary = closed({
    anchorId: Hex64,
    index: Type.Integer({ minimum: 0, description: 'Leaf index of the fingerprint in the anchor' }),
    size: Type.Integer({ minimum: 1 }),
    txId: Type.String(),
    anchoredAt: IsoTime,
});

const InclusionProof = Type.Object(InclusionProofMembers, {
    additionalProperties: false,
    description:
        'RFC 9162 inclusion proof in the earliest anchor: verifyInclusion(fingerprintLeafHash(fingerprint), index, treeSize, auditPath, root)',
});

/** The answer of both verify operations: where the fingerprint is on the ledger and, for an upload, what was hashed. */
export const VerifyResult = closed({
    fingerprint: FingerprintString,
    found: Type.Boolean({ description: 'True when the fingerprint is registered as evidence or anchored' }),
    evidence: Type.Optional(EvidenceSummary),
    anchors: Type.Array(AnchorSummary, { description: 'Every anchor holding the fingerprint, earliest first' }),
    proof: Type.Optional(InclusionProof),
    upload: Type.Optional(
        Type.Object(
            { bytes: Type.Integer({ minimum: 0 }), salted: Type.Boolean() },
            { additionalProperties: false, description: 'What was hashed (POST only)' },
        ),
    ),
});

/** The answer of both verify operations. */
export type VerifyAnswer = Static<typeof VerifyResult>;

/** The summary of an evidence record; a withdrawal never answers a fingerprint. */
export function evidenceSummary({
    record,
    status,
    attestations,
}: EvidenceView): Static<typeof EvidenceSummary> | undefined {
    // A fingerprint names a registration or a correction; a withdrawal's id is prefixed, so it never answers one.
    if (record.kind === 'WITHDRAWAL') {
        return undefined;
    }
    return {
        id: record.id,
        kind: record.kind,
        loanRef: record.loanRef,
        seq: record.seq,
        stage: record.stage,
        evidenceType: record.evidenceType,
        salted: record.salted,
        status,
        submitter: record.submitter,
        txId: record.txId,
        registeredAt: record.time,
        linkHash: record.linkHash,
        attestations: attestations.map((attestation) => ({
            statementCode: attestation.statementCode,
            notaryMspId: attestation.notary.mspId,
            txId: attestation.txId,
            time: attestation.time,
        })),
    };
}

/** Where one anchor holds the fingerprint. */
export function anchorSummary(location: AnchorLocation): Static<typeof AnchorSummary> {
    return {
        anchorId: location.anchorId,
        index: location.index,
        size: location.size,
        txId: location.txId,
        anchoredAt: location.time,
    };
}

/** The inclusion proof as the verify answer carries it, without the chaincode's other members. */
export function proofSummary(proof: AnchorInclusionProof): Static<typeof InclusionProof> {
    const { anchorId, index, treeSize, leafHash, auditPath, root } = proof;
    return { anchorId, index, treeSize, leafHash, auditPath, root };
}
