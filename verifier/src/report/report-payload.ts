import { type CheckName, type CheckStatus } from '../checks/check-result.js';

/** Format tag of version 1 notary reports. */
export const REPORT_FORMAT = 'lendledger-notary-report/1';

/** `typ` of the JWS that carries a report. */
export const REPORT_JWS_TYPE = 'lendledger-notary-report+jws';

/** `verified` when every check of every item passed or did not apply. */
export type ReportVerdict = 'verified' | 'not-verified';

/** Whether the checks behind one court question all passed (or did not apply). */
export type FindingVerdict = 'established' | 'not-established';

/** An organisation member as the receipt names it. */
export interface ReportIdentity {
    readonly mspId: string;
    /** Subject DN of the certificate, RFC 4514 order. */
    readonly subject: string;
    readonly role?: string;
}

/** One receipt check as the notary saw it. */
export interface ReportedCheck {
    readonly id: CheckName;
    readonly status: CheckStatus;
    /** What the check establishes when it passes. */
    readonly title: string;
    /** Why it passed, failed or was skipped, with the values compared. */
    readonly detail: string;
}

/** What every finding has: the question, the answer and the checks it rests on. */
export interface Finding {
    readonly question: string;
    readonly verdict: FindingVerdict;
    readonly checks: readonly ReportedCheck[];
}

/** (a) Who wrote the record and when. Facts are `null` when the receipt's summary could not be confirmed. */
export interface CreationFinding extends Finding {
    readonly writtenBy: ReportIdentity | null;
    /** Transaction time as the submitting client asserted and signed it, ISO-8601. */
    readonly time: string | null;
    readonly blockNumber: number | null;
    readonly transactionId: string | null;
    readonly transactionIndex: number | null;
    readonly channel: string | null;
    readonly chaincode: string | null;
    readonly function: string | null;
}

/** (b) Whether the record is unchanged since it was written. */
export interface IntegrityFinding extends Finding {
    readonly fingerprint: string | null;
    /** The world-state key and member the fingerprint (or its anchor root) was written to. */
    readonly written: { readonly key: string; readonly member: string } | null;
    /** Present when the fingerprint was anchored in a batch: where it sits in the Merkle tree. */
    readonly anchor: { readonly anchorId: string; readonly index: number; readonly treeSize: number } | null;
    /** Whether the document itself was presented and hashed, or only its fingerprint examined. */
    readonly documentPresented: boolean;
}

/** (c) The organisations that independently witnessed the write. */
export interface WitnessFinding extends Finding {
    readonly endorsedBy: readonly ReportIdentity[];
    readonly orderedBy: readonly ReportIdentity[];
}

/** (d) How the record was verified; the algorithms and roots are the report's {@link VerificationMethod}. */
export interface MethodFinding extends Finding {
    readonly receiptFormat: string | null;
}

/** The verification of one receipt, arranged by what a court examines. */
export interface ReportItem {
    readonly fingerprint: string | null;
    readonly verdict: ReportVerdict;
    readonly creation: CreationFinding;
    readonly integrity: IntegrityFinding;
    readonly witnesses: WitnessFinding;
    readonly method: MethodFinding;
}

/** A certificate the verification trusted, identified by its SHA-256. */
export interface TrustAnchor {
    readonly mspId: string;
    readonly kind: 'root' | 'intermediate';
    readonly subject: string;
    /** SHA-256 of the DER certificate, lower-case hex. */
    readonly sha256: string;
    readonly notBefore: string;
    readonly notAfter: string;
}

/** A cryptographic algorithm the verification relied on. */
export interface ReportAlgorithm {
    readonly name: string;
    readonly standard: string;
    readonly usedFor: string;
}

/** How anyone can repeat the verification. */
export interface VerificationMethod {
    readonly verifier: string;
    readonly verifierVersion: string;
    readonly algorithms: readonly ReportAlgorithm[];
    readonly trustAnchors: readonly TrustAnchor[];
}

/** The organisation and member that issued the report. */
export interface ReportIssuer {
    readonly mspId: string;
    /** Subject DN of the signing certificate, RFC 4514 order. */
    readonly subject: string;
}

/** A notary verification report: what the notary verified, signed as a JWS over its canonical JSON. */
export interface NotaryReportPayload {
    readonly format: typeof REPORT_FORMAT;
    readonly reportId: string;
    /** When the notary issued the report, ISO-8601. */
    readonly issuedAt: string;
    readonly caseId?: string;
    readonly issuer: ReportIssuer;
    readonly verdict: ReportVerdict;
    readonly counts: { readonly items: number; readonly verified: number; readonly notVerified: number };
    readonly method: VerificationMethod;
    readonly items: readonly ReportItem[];
}
