import { type Fingerprint } from './fingerprint.js';
import { type LoanParties } from './loan-parties.js';
import { type LoanRef } from './pseudonyms.js';
import { type LifecycleStage } from './stages.js';

/** How a record entered a loan's chain. */
export const EVIDENCE_RECORD_KINDS = ['REGISTRATION', 'CORRECTION', 'WITHDRAWAL'] as const;

/** How a record entered a loan's chain. */
export type EvidenceRecordKind = (typeof EVIDENCE_RECORD_KINDS)[number];

/**
 * Identifier of an evidence record: the record's fingerprint for registrations and corrections, and
 * `withdrawal:<fingerprint of the withdrawn record>` for a withdrawal (a record is withdrawn at most once).
 */
export type EvidenceRecordId = string;

/** Prefix of a withdrawal record's identifier. */
export const WITHDRAWAL_ID_PREFIX = 'withdrawal:';

/** The identifier of the record that withdraws `target`. */
export function withdrawalIdOf(target: EvidenceRecordId): EvidenceRecordId {
    return `${WITHDRAWAL_ID_PREFIX}${target}`;
}

/** Who wrote a record, as the chaincode read it from the transaction's creator certificate. */
export interface Submitter {
    readonly mspId: string;
    readonly subject: string;
}

/** The link to the previous record of the same loan: its identifier and its link hash. */
export interface ChainLink {
    readonly id: EvidenceRecordId;
    readonly linkHash: string;
}

interface RecordCommon {
    readonly id: EvidenceRecordId;
    readonly loanRef: LoanRef;
    /** Position in the loan's chain, from 1. */
    readonly seq: number;
    /** The loan's previous record, or null for the first record of the loan. */
    readonly previous: ChainLink | null;
    readonly stage: LifecycleStage;
    readonly submitter: Submitter;
    readonly txId: string;
    /** Transaction time, ISO-8601 UTC with milliseconds. */
    readonly time: string;
    /** SHA-256 (hex) of the canonical JSON of every other member of this record; see `evidenceLinkHash` of `@lendledger/domain/node`. */
    readonly linkHash: string;
}

/** A document's fingerprint registered on a loan's chain. */
export interface RegistrationRecord extends RecordCommon {
    readonly kind: 'REGISTRATION';
    readonly fingerprint: Fingerprint;
    readonly salted: boolean;
    readonly evidenceType: string;
    readonly metadataFingerprint?: Fingerprint;
    readonly consentId?: string;
    /** On the record that bound the loan's parties (its first), the parties; covered by the link hash. */
    readonly parties?: LoanParties;
}

/** A replacement document for an earlier record of the same loan and stage. */
export interface CorrectionRecord extends RecordCommon {
    readonly kind: 'CORRECTION';
    readonly fingerprint: Fingerprint;
    readonly salted: boolean;
    readonly evidenceType: string;
    readonly metadataFingerprint?: Fingerprint;
    readonly consentId?: string;
    /** The record this one replaces. */
    readonly corrects: EvidenceRecordId;
    readonly reasonCode: string;
}

/** The withdrawal of an earlier record; it carries no document of its own. */
export interface WithdrawalRecord extends RecordCommon {
    readonly kind: 'WITHDRAWAL';
    /** The record withdrawn. */
    readonly withdraws: EvidenceRecordId;
    readonly reasonCode: string;
}

/** Any record of a loan's evidence chain. Records are written once and never changed. */
export type EvidenceRecord = RegistrationRecord | CorrectionRecord | WithdrawalRecord;

/** A record before its link hash is computed. */
export type EvidenceRecordBody = DistributiveOmit<EvidenceRecord, 'linkHash'>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A record's standing: still in effect, replaced by a correction, or withdrawn. */
export type EvidenceStatus = 'CURRENT' | 'CORRECTED' | 'WITHDRAWN';

/** What replaced or withdrew a record. */
export interface Supersession {
    readonly id: EvidenceRecordId;
    readonly kind: 'CORRECTION' | 'WITHDRAWAL';
    readonly by: EvidenceRecordId;
    readonly reasonCode: string;
    readonly txId: string;
    readonly time: string;
}

/** The records of a loan the chaincode keeps as one small head entry, so appending never scans the chain. */
export interface LoanHead {
    readonly loanRef: LoanRef;
    /** Number of records on the chain. */
    readonly length: number;
    /** The last record. */
    readonly head: ChainLink & { readonly seq: number };
    /** Number of current (neither corrected nor withdrawn) records per stage; stages without any are absent. */
    readonly currentStages: Readonly<Partial<Record<LifecycleStage, number>>>;
    /** MSP IDs that wrote to the chain, sorted. */
    readonly writers: readonly string[];
    readonly openedAt: string;
    readonly updatedAt: string;
}
