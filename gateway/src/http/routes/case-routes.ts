import {
    CASE_STATUSES,
    FORUM_ROLES,
    MAX_CASE_BATCH_FINGERPRINTS,
    MAX_PACKAGE_SIZE,
    MAX_SEALED_BATCH,
    MSP_ID_PATTERN,
} from '@lendledger/domain';
import { Type } from 'typebox';
import { ledgerRoute, type LedgerRoute } from '../ledger-route.js';
import {
    AnchorLocation,
    CaseId,
    closed,
    Fingerprint,
    FingerprintString,
    Hex64,
    IsoTime,
    LoanRef,
    oneOf,
    Open,
    Page,
    PageQuery,
    RecordId,
    ShortCode,
    Submitter,
} from '../schemas/common.js';
import { AttestationRecord, ChainView, EvidenceStatus, HistoryEntry, Stage } from '../schemas/evidence.js';

const CaseStatus = oneOf(CASE_STATUSES);

/**
 * The forum's MSP ID under its historical name `court`: a court or an arbitration commission. Which MSPs hold a
 * forum role is the registry's record on the ledger, so the chaincode decides (CASE_FORUM_INVALID).
 */
const Court = Type.String({
    pattern: MSP_ID_PATTERN.source,
    description: 'MSP ID of the forum (a court or an arbitration commission) the case is filed to',
    examples: ['CourtMSP', 'ArbitrationMSP'],
});
const ForumRole = oneOf(FORUM_ROLES);

const FileCase = closed({
    caseId: CaseId,
    loanRef: LoanRef,
    court: Court,
    forumRole: Type.Optional(ForumRole),
    documentFingerprint: Fingerprint,
    claimCode: Type.Optional(ShortCode),
    package: closed({
        fingerprints: Type.Array(Fingerprint, { minItems: 1, maxItems: MAX_PACKAGE_SIZE }),
        root: Hex64,
        sealed: Type.Optional(
            Type.Array(
                closed({
                    fingerprint: Fingerprint,
                    root: Hex64,
                    index: Type.Integer({ minimum: 0, maximum: MAX_SEALED_BATCH - 1 }),
                    auditPath: Type.Array(Hex64, { maxItems: Math.ceil(Math.log2(MAX_SEALED_BATCH)) }),
                }),
                {
                    minItems: 1,
                    maxItems: MAX_PACKAGE_SIZE,
                    description:
                        'Proofs, from the seal proof bundle, that package items are leaves of sealed batches ' +
                        '(an item neither registered nor anchored needs one); the chaincode checks each against ' +
                        'the sealed root and size',
                },
            ),
        ),
    }),
});

/** Where a package item sits in a sealed batch, and who sealed it (whose gateway holds its leaves). */
const SealedLocation = Open({
    anchorId: Hex64,
    index: Type.Integer(),
    size: Type.Integer(),
    sealer: Type.String(),
    txId: Type.String(),
    time: IsoTime,
});

const CaseRecord = Open({
    caseId: CaseId,
    loanRef: LoanRef,
    court: Type.String(),
    forumRole: Type.Optional(ForumRole),
    claimCode: Type.Optional(Type.String()),
    status: CaseStatus,
    package: Open({ root: Hex64, size: Type.Integer() }),
    filer: Submitter,
    filedAt: IsoTime,
    steps: Type.Integer(),
    updatedAt: IsoTime,
    lastTxId: Type.String(),
});

const CaseStep = Open({
    caseId: CaseId,
    seq: Type.Integer(),
    from: Type.Union([CaseStatus, Type.Null()]),
    to: CaseStatus,
    documentFingerprint: FingerprintString,
    reasonCode: Type.Optional(Type.String()),
    actor: Submitter,
    txId: Type.String(),
    time: IsoTime,
});

const CaseWrite = Open({ created: Type.Boolean(), case: CaseRecord });
/** The path parameters of a route about one case. */
export const CaseParams = closed({ caseId: CaseId });
const TAGS = ['cases'];

const STEPS = [
    ['accept', 'Accept', "Accept a filed case (the case's forum: court or arbitration commission)"],
    ['reject', 'Reject', "Reject a filed case, with a reason code (the case's forum)"],
    ['judge', 'Judge', "Record the ruling or award (the case's forum)"],
    ['enforce', 'Enforce', "Record enforcement (the case's forum)"],
    ['close', 'Close', "Close the case (the case's forum)"],
] as const;

const stepRoutes: LedgerRoute[] = STEPS.map(([path, fn, summary]) => ({
    method: 'POST',
    url: `/v1/cases/:caseId/${path}`,
    operationId: `${path}Case`,
    summary,
    description: 'Repeating the move that produced the current state with the same document answers the stored step.',
    tags: TAGS,
    transaction: `Case:${fn}`,
    mode: 'submit',
    schema: {
        params: CaseParams,
        body: closed({
            documentFingerprint: Fingerprint,
            reasonCode: fn === 'Reject' ? ShortCode : Type.Optional(ShortCode),
        }),
        result: Open({ case: CaseRecord, step: CaseStep }),
    },
}));

/** Dispute cases (`Case:*`): filing (single or bulk), forum steps and reads. */
export const CASE_ROUTES: readonly LedgerRoute[] = [
    {
        method: 'POST',
        url: '/v1/cases',
        operationId: 'fileCase',
        summary: "File a dispute case with its evidence package to a court or arbitration commission (the loan's bank)",
        tags: TAGS,
        transaction: 'Case:File',
        mode: 'submit',
        schema: { body: FileCase, result: CaseWrite },
    },
    ledgerRoute({
        method: 'POST',
        url: '/v1/cases/batch',
        operationId: 'fileCaseBatch',
        summary: 'File many cases; large filings are accepted as a job (202)',
        tags: TAGS,
        transaction: 'Case:FileBatch',
        mode: 'submit',
        schema: {
            body: closed({ cases: Type.Array(FileCase, { minItems: 1, maxItems: 100_000 }) }),
            result: Open({ created: Type.Integer(), items: Type.Array(CaseWrite) }),
        },
        job: {
            area: 'case',
            items: ({ body }) => body.cases,
            request: (_input, cases) => ({ cases }),
            weight: (item) => item.package.fingerprints.length,
            maxWeight: MAX_CASE_BATCH_FINGERPRINTS,
        },
    }),
    ...stepRoutes,
    {
        method: 'GET',
        url: '/v1/cases',
        operationId: 'listCases',
        summary: "One page of a forum's cases (a court's or arbitration commission's inbox)",
        tags: TAGS,
        transaction: 'Case:ListByCourt',
        mode: 'evaluate',
        schema: {
            querystring: closed({ court: Type.Optional(Court), ...PageQuery }),
            result: Page(CaseRecord),
        },
    },
    {
        method: 'GET',
        url: '/v1/cases/:caseId',
        operationId: 'getCase',
        summary: 'A case with its package, steps and attestations',
        tags: TAGS,
        transaction: 'Case:Get',
        mode: 'evaluate',
        schema: {
            params: CaseParams,
            result: Open({
                case: CaseRecord,
                package: Open({
                    caseId: CaseId,
                    root: Hex64,
                    size: Type.Integer(),
                    fingerprints: Type.Array(FingerprintString),
                }),
                steps: Type.Array(CaseStep),
                attestations: Type.Array(AttestationRecord),
            }),
        },
    },
    {
        method: 'GET',
        url: '/v1/cases/:caseId/evidence',
        operationId: 'getCaseEvidence',
        summary: "A case's package items resolved to evidence and anchors, with the loan's chain check",
        tags: TAGS,
        transaction: 'Case:GetEvidence',
        mode: 'evaluate',
        schema: {
            params: CaseParams,
            result: Open({
                case: CaseRecord,
                packageRoot: Hex64,
                items: Type.Array(
                    Open({
                        fingerprint: FingerprintString,
                        evidence: Type.Optional(
                            Open({ id: RecordId, seq: Type.Integer(), stage: Stage, status: EvidenceStatus }),
                        ),
                        anchors: Type.Array(AnchorLocation),
                        sealed: Type.Optional(SealedLocation),
                    }),
                ),
                chain: ChainView,
                attestations: Type.Array(AttestationRecord),
            }),
        },
    },
    {
        method: 'GET',
        url: '/v1/cases/:caseId/history',
        operationId: 'getCaseHistory',
        summary: 'Every version of the case record, newest first',
        tags: TAGS,
        transaction: 'Case:History',
        mode: 'evaluate',
        schema: { params: CaseParams, result: Open({ caseId: CaseId, versions: Type.Array(HistoryEntry) }) },
    },
];
