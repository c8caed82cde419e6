import { type AttestationRecord } from './attestation.js';
import {
    type EvidenceRecord,
    type EvidenceRecordId,
    type EvidenceStatus,
    type LoanHead,
    type Supersession,
} from './evidence-record.js';
import { type AdmissionRecord } from '../membership/admissions.js';
import { type FingerprintInput } from './fingerprint.js';
import { type LoanParties, type LoanPartiesRequest } from './loan-parties.js';
import { type LoanRef } from './pseudonyms.js';
import { type LifecycleStage } from './stages.js';

/** Most records one `Evidence:RegisterBatch` transaction accepts. */
export const MAX_EVIDENCE_BATCH = 1000;

/** `Evidence:Register`, and each item of `Evidence:RegisterBatch`. */
export interface RegisterEvidenceRequest {
    readonly fingerprint: FingerprintInput;
    /** True when the digest covers the document together with a secret salt. */
    readonly salted: boolean;
    /** Short code of the kind of document, e.g. `E_CONTRACT` (see SHORT_CODE_PATTERN). */
    readonly evidenceType: string;
    readonly stage: LifecycleStage;
    readonly loanRef: LoanRef;
    /** The loan's current last record, or null (or absent) when this is the loan's first record. */
    readonly previous?: EvidenceRecordId | null;
    /** Fingerprint of the generation-side metadata (system, version, device, time source). */
    readonly metadataFingerprint?: FingerprintInput;
    /** Required for CREDIT_AUTHORIZATION: the consent that must be in force. */
    readonly consentId?: string;
    /**
     * The loan's parties: required on the loan's first record, which binds them; on a later record, refused unless
     * every member stated equals the bound one.
     */
    readonly parties?: LoanPartiesRequest;
}

/** `Evidence:RegisterBatch`: items are appended in the given order; items of one loan chain through each other. */
export interface RegisterEvidenceBatchRequest {
    readonly items: readonly RegisterEvidenceRequest[];
}

/** `Evidence:Correct`: a replacement document for `target`, same loan and stage. */
export interface CorrectEvidenceRequest {
    readonly target: EvidenceRecordId;
    readonly fingerprint: FingerprintInput;
    readonly salted: boolean;
    /** Defaults to the target's evidence type. */
    readonly evidenceType?: string;
    readonly metadataFingerprint?: FingerprintInput;
    /** Required when the target's stage is CREDIT_AUTHORIZATION. */
    readonly consentId?: string;
    readonly reasonCode: string;
    readonly previous: EvidenceRecordId;
}

/** `Evidence:Withdraw`. */
export interface WithdrawEvidenceRequest {
    readonly target: EvidenceRecordId;
    readonly reasonCode: string;
    readonly previous: EvidenceRecordId;
}

/** The answer to a write of one record. `created` is false when an identical record already existed. */
export interface EvidenceWriteResult {
    readonly created: boolean;
    readonly record: EvidenceRecord;
}

/** The answer to `Evidence:RegisterBatch`, items in request order. */
export interface EvidenceBatchResult {
    readonly created: number;
    readonly items: readonly EvidenceWriteResult[];
}

/** `Evidence:Get`, `Evidence:History`. */
export interface EvidenceIdRequest {
    /** A record identifier; a fingerprint may also be given in object form. */
    readonly id: EvidenceRecordId | FingerprintInput;
}

/** The answer to `Evidence:Get`: the record as written, its standing and its attestations. */
export interface EvidenceView {
    readonly record: EvidenceRecord;
    readonly status: EvidenceStatus;
    readonly supersession?: Supersession;
    readonly attestations: readonly AttestationRecord[];
}

/** `Evidence:GetLoan`, `Evidence:GetChain`. */
export interface LoanRequest {
    readonly loanRef: LoanRef;
}

/** `Evidence:ListByLoan`. */
export interface ListByLoanRequest {
    readonly loanRef: LoanRef;
    /** 1 to 1000, default 100. */
    readonly pageSize?: number;
    readonly bookmark?: string;
}

/** A chain integrity problem found by `Evidence:GetChain`. */
export interface ChainProblem {
    readonly seq: number;
    readonly code: 'SEQUENCE_GAP' | 'BROKEN_LINK' | 'LINK_HASH_MISMATCH' | 'HEAD_MISMATCH' | 'LENGTH_MISMATCH';
}

/** One record of a chain with its standing, derived from the later records of the same chain. */
export interface ChainEntry {
    readonly record: EvidenceRecord;
    readonly status: EvidenceStatus;
    readonly supersededBy?: EvidenceRecordId;
}

/**
 * The answer to `Evidence:GetChain`. `intact` says the stored records form one unbroken hash chain from seq 1 to
 * the loan head; `missingStages` lists expected lifecycle stages (EXPECTED_STAGES) that lack a current record
 * although a later stage is on the chain; `complete` is both together.
 */
export interface ChainView {
    readonly loan: LoanHead;
    /** The loan's parties as its first record bound them; absent only for a loan written before parties existed. */
    readonly parties?: LoanParties;
    /** The bank's admission of the platform for the product in force at the read's time, or null when none is. */
    readonly admission?: AdmissionRecord | null;
    readonly entries: readonly ChainEntry[];
    readonly intact: boolean;
    readonly problems: readonly ChainProblem[];
    readonly missingStages: readonly LifecycleStage[];
    readonly complete: boolean;
}

/** A key's history entry as the peer's history database returns it, newest first. */
export interface KeyHistoryEntry<T> {
    readonly txId: string;
    readonly time: string;
    readonly isDelete: boolean;
    readonly value: T | null;
}

/** The answer to `Evidence:History`: every committed version of the record key and of its supersession key. */
export interface EvidenceHistory {
    readonly id: EvidenceRecordId;
    readonly record: readonly KeyHistoryEntry<EvidenceRecord>[];
    readonly supersession: readonly KeyHistoryEntry<Supersession>[];
}

/** One page of a paginated query. */
export interface PageResult<T> {
    readonly items: readonly T[];
    /** Empty when there is no further page. */
    readonly bookmark: string;
    readonly fetched: number;
}

/** Item of the `evidence.registered`, `evidence.corrected` and `evidence.withdrawn` event payloads. */
export interface EvidenceEventItem {
    readonly id: EvidenceRecordId;
    readonly kind: EvidenceRecord['kind'];
    readonly loanRef: LoanRef;
    readonly seq: number;
    readonly stage: LifecycleStage;
    readonly linkHash: string;
    readonly target?: EvidenceRecordId;
    readonly reasonCode?: string;
}

/** Payload of the evidence events: one event per transaction, all records it wrote. */
export interface EvidenceEventPayload {
    readonly mspId: string;
    readonly txId: string;
    readonly items: readonly EvidenceEventItem[];
}
