import { type EvidenceRecordId, type Submitter } from './evidence-record.js';
import { type Fingerprint, type FingerprintInput } from './fingerprint.js';

/** What a notary attests: an evidence record or a case's evidence package. */
export const ATTESTATION_TARGET_KINDS = ['EVIDENCE', 'CASE'] as const;

/** What a notary attests. */
export type AttestationTargetKind = (typeof ATTESTATION_TARGET_KINDS)[number];

/** The attested object together with the digest the notary saw, so the attestation cannot drift to other content. */
export type AttestationTarget =
    | { readonly kind: 'EVIDENCE'; readonly id: EvidenceRecordId; readonly linkHash: string }
    | { readonly kind: 'CASE'; readonly id: string; readonly packageRoot: string; readonly packageSize: number };

/**
 * A notary's attestation, its own record. One per target and statement code: attesting the same statement again
 * returns the existing attestation.
 */
export interface AttestationRecord {
    readonly target: AttestationTarget;
    /** Short code of what the notary states, e.g. `ORIGINAL_INSPECTED`, `PACKAGE_VERIFIED`. */
    readonly statementCode: string;
    /** Fingerprint of the notary's own document (certificate, verification report), when there is one. */
    readonly documentFingerprint?: Fingerprint;
    readonly notary: Submitter;
    readonly txId: string;
    readonly time: string;
}

/** `Attestation:AttestEvidence`. */
export interface AttestEvidenceRequest {
    readonly id: EvidenceRecordId;
    readonly statementCode: string;
    readonly documentFingerprint?: FingerprintInput;
}

/** `Attestation:AttestCase`: `packageRoot` is the root the notary verified and must equal the case's. */
export interface AttestCaseRequest {
    readonly caseId: string;
    readonly packageRoot: string;
    readonly statementCode: string;
    readonly documentFingerprint?: FingerprintInput;
}

/** The answer to an attestation. `created` is false when the same statement was already recorded. */
export interface AttestationWriteResult {
    readonly created: boolean;
    readonly attestation: AttestationRecord;
}

/** `Attestation:ListByTarget`. */
export interface AttestationTargetRequest {
    readonly kind: AttestationTargetKind;
    readonly id: string;
}

/** Payload of the `attestation.recorded` event. */
export interface AttestationEventPayload {
    readonly target: AttestationTarget;
    readonly statementCode: string;
    readonly mspId: string;
    readonly txId: string;
}
