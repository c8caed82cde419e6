import { type ForumRole } from '../membership/roles.js';
import { type AnchorLocation } from './anchor.js';
import { type AttestationRecord } from './attestation.js';
import { type ChainView, type KeyHistoryEntry } from './evidence-requests.js';
import { type EvidenceRecordId, type EvidenceStatus, type Submitter } from './evidence-record.js';
import { type Fingerprint, type FingerprintInput } from './fingerprint.js';
import { type LoanRef } from './pseudonyms.js';
import { type LifecycleStage } from './stages.js';

/** Case states. */
export const CASE_STATUSES = ['FILED', 'ACCEPTED', 'REJECTED', 'JUDGED', 'ENFORCED', 'CLOSED'] as const;

/** A case state. */
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The moves a court may make from each state. REJECTED and CLOSED are final. */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = Object.freeze({
    FILED: ['ACCEPTED', 'REJECTED'],
    ACCEPTED: ['JUDGED', 'CLOSED'],
    JUDGED: ['ENFORCED', 'CLOSED'],
    ENFORCED: ['CLOSED'],
    REJECTED: [],
    CLOSED: [],
});

/** Target states whose step must carry a reason code. */
export const REASON_REQUIRED_STATES: readonly CaseStatus[] = ['REJECTED'];

/**
 * The forum of a case filed before forums had roles: only courts took cases then, so a stored case without
 * `forumRole` was filed to a court.
 */
export function forumRoleOfCase(record: Pick<CaseRecord, 'forumRole'>): ForumRole {
    return record.forumRole ?? 'court';
}

/** Most cases one `Case:FileBatch` accepts. */
export const MAX_CASE_BATCH = 100;

/** Most fingerprints in one evidence package. */
export const MAX_PACKAGE_SIZE = 2000;

/** Most package fingerprints in one `Case:FileBatch` altogether; each is looked up on the ledger. */
export const MAX_CASE_BATCH_FINGERPRINTS = 10_000;

/**
 * An evidence package: fingerprints of evidence records of the case's loan or of anchored items, and the RFC 9162
 * root over them in this order (leaves as for anchors: UTF-8 canonical fingerprints).
 */
export interface EvidencePackageInput {
    readonly fingerprints: readonly FingerprintInput[];
    /** Lower-case hex root computed by the filer; the chaincode recomputes it. */
    readonly root: string;
}

/** `Case:File`, and each item of `Case:FileBatch`. */
export interface FileCaseRequest {
    readonly caseId: string;
    readonly loanRef: LoanRef;
    /**
     * MSP ID of the forum the case is filed to: a member holding the court or the arbitration role in the registry
     * at filing time. The field keeps its historical name `court` so that filed cases, case packages and clients
     * stay valid; the record's `forumRole` says which kind of forum it is.
     */
    readonly court: string;
    /**
     * Which of its forum roles the forum takes the case in; needed only when the forum holds both, otherwise the
     * registry's role is used.
     */
    readonly forumRole?: ForumRole;
    /** Fingerprint of the filing document (complaint, application). */
    readonly documentFingerprint: FingerprintInput;
    /** Short code of the claim, e.g. `LOAN_DEFAULT`. */
    readonly claimCode?: string;
    readonly package: EvidencePackageInput;
}

/** `Case:FileBatch`. */
export interface FileCaseBatchRequest {
    readonly cases: readonly FileCaseRequest[];
}

/** A case's current state; rewritten on each step (its key history lists every state). */
export interface CaseRecord {
    readonly caseId: string;
    readonly loanRef: LoanRef;
    /** MSP ID of the forum (a court or an arbitration commission), under its historical name. */
    readonly court: string;
    /**
     * The forum's role for this case: only a member holding it, and being `court`, moves the case. Absent on cases
     * filed before forums had roles, which were all filed to courts ({@link forumRoleOfCase}).
     */
    readonly forumRole?: ForumRole;
    readonly status: CaseStatus;
    readonly claimCode?: string;
    readonly package: { readonly root: string; readonly size: number };
    readonly filer: Submitter;
    readonly filedAt: string;
    /** Number of steps recorded, the filing included. */
    readonly steps: number;
    readonly updatedAt: string;
    readonly lastTxId: string;
}

/** One step of a case, written once: the filing (from null to FILED) or a forum's move. */
export interface CaseStep {
    readonly caseId: string;
    readonly seq: number;
    readonly from: CaseStatus | null;
    readonly to: CaseStatus;
    readonly documentFingerprint: Fingerprint;
    readonly reasonCode?: string;
    readonly actor: Submitter;
    readonly txId: string;
    readonly time: string;
}

/**
 * A filing's proof that a package fingerprint is a leaf of a sealed batch (whose leaves are not on the ledger): the
 * batch's root and the RFC 9162 audit path at `index`, as the seal's proof bundle gives it. The chaincode checks it
 * against the size the seal record holds before it accepts the item.
 */
export interface SealedPackageProof {
    readonly fingerprint: Fingerprint;
    readonly root: string;
    readonly index: number;
    readonly auditPath: readonly string[];
}

/** Where a package fingerprint sits in a sealed batch, as checked at filing. */
export interface SealedPackageItem {
    readonly fingerprint: Fingerprint;
    /** The batch's root, which is its identifier. */
    readonly anchorId: string;
    readonly index: number;
    readonly size: number;
}

/** A case's evidence package as stored, written once. */
export interface CasePackage {
    readonly caseId: string;
    readonly root: string;
    readonly size: number;
    readonly fingerprints: readonly Fingerprint[];
    /** Package items proven at filing to be leaves of sealed batches; absent when there are none. */
    readonly sealed?: readonly SealedPackageItem[];
}

/** A sealed batch holding a package item: its place, and the seal's sealer, transaction and time. */
export interface SealedItemLocation {
    readonly anchorId: string;
    readonly index: number;
    readonly size: number;
    /** MSP ID of the organisation that sealed the batch, whose gateway holds its leaves. */
    readonly sealer: string;
    readonly txId: string;
    readonly time: string;
}

/** The answer to `Case:File`; `created` is false when the identical case was already filed. */
export interface CaseWriteResult {
    readonly created: boolean;
    readonly case: CaseRecord;
}

/** The answer to `Case:FileBatch`, items in request order. */
export interface CaseBatchResult {
    readonly created: number;
    readonly items: readonly CaseWriteResult[];
}

/** `Case:Accept`, `Case:Reject`, `Case:Judge`, `Case:Enforce`, `Case:Close`. */
export interface TransitionCaseRequest {
    readonly caseId: string;
    /** Fingerprint of the court's document for this step (acceptance notice, ruling, enforcement record...). */
    readonly documentFingerprint: FingerprintInput;
    /** Short code; required when rejecting. */
    readonly reasonCode?: string;
}

/** The answer to a court's move. */
export interface CaseTransitionResult {
    readonly case: CaseRecord;
    readonly step: CaseStep;
}

/** `Case:Get`, `Case:GetEvidence`, `Case:History`. */
export interface CaseIdRequest {
    readonly caseId: string;
}

/** The answer to `Case:Get`. */
export interface CaseView {
    readonly case: CaseRecord;
    readonly package: CasePackage;
    readonly steps: readonly CaseStep[];
    readonly attestations: readonly AttestationRecord[];
}

/** How one package fingerprint is held on the ledger. */
export interface PackageItem {
    readonly fingerprint: Fingerprint;
    readonly evidence?: {
        readonly id: EvidenceRecordId;
        readonly seq: number;
        readonly stage: LifecycleStage;
        readonly status: EvidenceStatus;
    };
    readonly anchors: readonly AnchorLocation[];
    /** The sealed batch the filing proved the item a leaf of, when it is neither registered nor anchored. */
    readonly sealed?: SealedItemLocation;
}

/** The answer to `Case:GetEvidence`: the case, each package item resolved, and the loan's checked chain. */
export interface CaseEvidenceView {
    readonly case: CaseRecord;
    readonly packageRoot: string;
    readonly items: readonly PackageItem[];
    readonly chain: ChainView;
    readonly attestations: readonly AttestationRecord[];
}

/** The answer to `Case:History`. */
export interface CaseHistory {
    readonly caseId: string;
    readonly versions: readonly KeyHistoryEntry<CaseRecord>[];
}

/** `Case:ListByCourt`; a forum (court or arbitration commission) may omit `court` and sees only its own cases. */
export interface ListByCourtRequest {
    readonly court?: string;
    readonly pageSize?: number;
    readonly bookmark?: string;
}

/** Payload of the `case.filed` event. */
export interface CaseFiledEventPayload {
    readonly mspId: string;
    readonly txId: string;
    readonly items: readonly {
        readonly caseId: string;
        readonly loanRef: LoanRef;
        readonly court: string;
        readonly forumRole: ForumRole;
        readonly packageRoot: string;
        readonly packageSize: number;
    }[];
}

/** Payload of the `case.transitioned` event. */
export interface CaseTransitionedEventPayload {
    readonly caseId: string;
    readonly court: string;
    readonly forumRole: ForumRole;
    readonly from: CaseStatus;
    readonly to: CaseStatus;
    readonly seq: number;
    readonly documentFingerprint: Fingerprint;
    readonly mspId: string;
    readonly txId: string;
}
