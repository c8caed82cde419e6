import {
    ATTESTATION_TARGET_KINDS,
    EVIDENCE_RECORD_KINDS,
    LIFECYCLE_STAGES,
    MAX_EVIDENCE_BATCH,
    PRODUCT_CODE_PATTERN,
    type EvidenceStatus as EvidenceStatusValue,
} from '@lendledger/domain';
import { Type } from 'typebox';
import {
    closed,
    ConsentId,
    Fingerprint,
    FingerprintString,
    Hex64,
    IsoTime,
    LoanRef,
    MspId,
    oneOf,
    Open,
    RecordId,
    ShortCode,
    Submitter,
} from './common.js';

/** Request and answer schemas of the evidence area (chaincode/docs/evidence-api.md). */

export const Stage = oneOf(LIFECYCLE_STAGES);

/** The statuses the domain's `EvidenceStatus` type allows; the domain has no list of them. */
const EVIDENCE_STATUSES = ['CURRENT', 'CORRECTED', 'WITHDRAWN'] as const satisfies readonly EvidenceStatusValue[];

/** Where a record stands: current, corrected by a later record, or withdrawn. */
export const EvidenceStatus = oneOf(EVIDENCE_STATUSES);

/** A bank's product code. */
export const ProductCode = Type.String({
    pattern: PRODUCT_CODE_PATTERN.source,
    maxLength: 32,
    examples: ['CONSUMER_LOAN'],
});

/** A loan's parties as a loan's first record names them; `platform` defaults to a writing platform. */
export const LoanPartiesRequest = closed({
    platform: Type.Optional(MspId),
    bank: MspId,
    product: ProductCode,
});

/** A loan's parties as bound on the ledger. */
export const LoanParties = Open({ platform: Type.String(), bank: Type.String(), product: Type.String() });

/** A bank's admission of a platform for a product. */
export const AdmissionRecord = Open(
    {
        id: Type.String(),
        bank: Type.String(),
        platform: Type.String(),
        product: Type.String(),
        validFrom: IsoTime,
        validUntil: IsoTime,
        admittedAt: IsoTime,
        txId: Type.String(),
        admittedBy: Type.String(),
    },
    'A bank admits a platform for a product within a window (名单制)',
);

export const RegisterEvidence = closed({
    fingerprint: Fingerprint,
    salted: Type.Boolean({ description: 'True when the digest covers the document with a secret salt' }),
    evidenceType: ShortCode,
    stage: Stage,
    loanRef: LoanRef,
    previous: Type.Optional(Type.Union([RecordId, Type.Null()], { description: "The loan's current head, or null" })),
    metadataFingerprint: Type.Optional(Fingerprint),
    consentId: Type.Optional(ConsentId),
    parties: Type.Optional(LoanPartiesRequest),
});

/** The body of a batch registration; batches above the job threshold are accepted as jobs. */
export const RegisterEvidenceBatch = Type.Object(
    { items: Type.Array(RegisterEvidence, { minItems: 1, maxItems: 200_000 }) },
    {
        additionalProperties: false,
        description: `Up to ${MAX_EVIDENCE_BATCH} items run as one transaction; larger batches become a job`,
    },
);

export const CorrectEvidence = closed({
    fingerprint: Fingerprint,
    salted: Type.Boolean(),
    reasonCode: ShortCode,
    previous: RecordId,
    evidenceType: Type.Optional(ShortCode),
    metadataFingerprint: Type.Optional(Fingerprint),
    consentId: Type.Optional(ConsentId),
});

export const WithdrawEvidence = closed({ reasonCode: ShortCode, previous: RecordId });

export const EvidenceRecord = Open(
    {
        kind: oneOf(EVIDENCE_RECORD_KINDS),
        id: RecordId,
        loanRef: LoanRef,
        seq: Type.Integer({ minimum: 1 }),
        previous: Type.Union([Open({ id: RecordId, linkHash: Hex64 }), Type.Null()]),
        stage: Stage,
        submitter: Submitter,
        txId: Type.String(),
        time: IsoTime,
        linkHash: Hex64,
        fingerprint: Type.Optional(FingerprintString),
        salted: Type.Optional(Type.Boolean()),
        evidenceType: Type.Optional(Type.String()),
        metadataFingerprint: Type.Optional(FingerprintString),
        consentId: Type.Optional(ConsentId),
        corrects: Type.Optional(RecordId),
        withdraws: Type.Optional(RecordId),
        reasonCode: Type.Optional(Type.String()),
        parties: Type.Optional(LoanParties),
    },
    'An evidence record, written once',
);

export const EvidenceWriteResult = Open({ created: Type.Boolean(), record: EvidenceRecord });

export const EvidenceBatchResult = Open({
    created: Type.Integer({ description: 'Items newly written' }),
    items: Type.Array(EvidenceWriteResult),
});

export const AttestationRecord = Open({
    target: Open({
        kind: oneOf(ATTESTATION_TARGET_KINDS),
        id: Type.String(),
        linkHash: Type.Optional(Hex64),
        packageRoot: Type.Optional(Hex64),
        packageSize: Type.Optional(Type.Integer({ minimum: 1 })),
    }),
    statementCode: Type.String(),
    documentFingerprint: Type.Optional(FingerprintString),
    notary: Submitter,
    txId: Type.String(),
    time: IsoTime,
});

export const EvidenceView = Open({
    record: EvidenceRecord,
    status: EvidenceStatus,
    supersession: Type.Optional(Open({})),
    attestations: Type.Array(AttestationRecord),
});

export const LoanHead = Open({
    loanRef: LoanRef,
    length: Type.Integer(),
    head: Open({ id: RecordId, seq: Type.Integer(), linkHash: Hex64 }),
    currentStages: Open({}),
    writers: Type.Array(Type.String()),
    openedAt: IsoTime,
    updatedAt: IsoTime,
});

export const ChainView = Open({
    loan: LoanHead,
    entries: Type.Array(Open({ record: EvidenceRecord, status: EvidenceStatus })),
    intact: Type.Boolean(),
    problems: Type.Array(Open({ seq: Type.Integer(), code: Type.String() })),
    missingStages: Type.Array(Stage),
    complete: Type.Boolean(),
    parties: Type.Optional(LoanParties),
    admission: Type.Optional(Type.Union([AdmissionRecord, Type.Null()])),
});

const HistoryEntry = Open({
    txId: Type.String(),
    time: Type.String(),
    isDelete: Type.Boolean(),
    value: Type.Unknown(),
});

export const EvidenceHistory = Open({
    id: RecordId,
    record: Type.Array(HistoryEntry),
    supersession: Type.Array(HistoryEntry),
});

export { HistoryEntry };
