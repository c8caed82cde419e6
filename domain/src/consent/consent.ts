import { fixedFormatPattern, identifierPattern } from '../privacy/ledger-safe.js';

/**
 * Consent (authorization) records: a borrower's signed authorization, collected by the platform, for a grantee to
 * use their personal information for one purpose, once or a bounded number of times, inside a validity window.
 * The ledger holds only a keyed pseudonym of the subject and a salted fingerprint of the signed document.
 */

/** Purpose codes, versioned so a later list can add codes without changing the meaning of recorded ones. */
export const CONSENT_PURPOSE_LISTS = Object.freeze({
    v1: ['CREDIT_INQUIRY', 'CREDIT_REPORTING', 'LOAN_SERVICING', 'RISK_ASSESSMENT', 'COLLECTION_CONTACT'],
} as const);

/** A version of the purpose list. */
export type ConsentPurposeListVersion = keyof typeof CONSENT_PURPOSE_LISTS;

/** Keyed pseudonym of a data subject: `subj:` + hex(HMAC-SHA256(collector's key, internal subject id)). */
export const SUBJECT_PATTERN = fixedFormatPattern(/^subj:[0-9a-f]{64}$/);

/** The version of the privacy notice the subject saw when signing, e.g. `v2.1` or `2026.01`. */
export const NOTICE_VERSION_PATTERN = identifierPattern({
    lowerCase: true,
    digitFirst: true,
    punctuation: ['.', '_', '-'],
    min: 1,
    max: 32,
});

/** How often a consent may be used. */
export const CONSENT_USE_MODES = ['ONE_TIME', 'RECURRING'] as const;
export type ConsentUseMode = (typeof CONSENT_USE_MODES)[number];

/** Largest number of uses a recurring consent may allow. */
export const MAX_CONSENT_USES = 1000;

/**
 * Most items one `Consent:RecordBatch` or `Consent:UseBatch` transaction takes: a platform files a day's signed
 * authorizations, a bank logs a run of credit-bureau inquiries, in transactions of this many.
 */
export const MAX_CONSENT_BATCH = 500;

/**
 * Stored status. EXPIRED is never stored: a consent whose window has passed at a transaction's time is reported
 * as EXPIRED by reads and refused by uses, so expiry needs no transaction of its own.
 */
export const CONSENT_STORED_STATUSES = ['ACTIVE', 'CONSUMED', 'WITHDRAWN', 'SUPERSEDED'] as const;
export type ConsentStoredStatus = (typeof CONSENT_STORED_STATUSES)[number];
export type ConsentStatus = ConsentStoredStatus | 'EXPIRED';

export interface ConsentActor {
    readonly mspId: string;
    readonly subject: string;
}

/** Request of `Consent:Record`. The validity window is [validFrom, validUntil): validUntil itself is outside. */
export interface RecordConsentRequest {
    readonly consentId: string;
    readonly subject: string;
    /**
     * MSP ID of the bank the consent is granted to: a member holding the bank role, which must have admitted the
     * recording platform for `product` at the transaction's time (名单制).
     */
    readonly grantee: string;
    /** The grantee bank's product the subject applies for, a short code (e.g. `CONSUMER_LOAN`). */
    readonly product: string;
    readonly purpose: string;
    readonly purposeListVersion: ConsentPurposeListVersion;
    readonly dataScope: readonly string[];
    readonly useMode: ConsentUseMode;
    /** Required for RECURRING (2..1000); ONE_TIME is always 1. */
    readonly maxUses?: number;
    readonly validFrom: string;
    readonly validUntil: string;
    readonly documentFingerprint: string;
    readonly signingMethod: string;
    readonly noticeVersion: string;
    /** A consent of the same subject, collector and grantee that this one replaces. */
    readonly supersedes?: string;
}

/** A consent as stored on the ledger. */
export interface ConsentRecord {
    readonly consentId: string;
    readonly subject: string;
    readonly collector: string;
    readonly grantee: string;
    /**
     * The grantee's product the consent was recorded for; its uses need the grantee's admission of the collector
     * for it. Absent on consents recorded before consents named a product, whose uses are not admission-checked.
     */
    readonly product?: string;
    readonly purpose: string;
    readonly purposeListVersion: string;
    readonly dataScope: readonly string[];
    readonly useMode: ConsentUseMode;
    readonly maxUses: number;
    readonly usesCount: number;
    readonly validFrom: string;
    readonly validUntil: string;
    readonly documentFingerprint: string;
    readonly signingMethod: string;
    readonly noticeVersion: string;
    readonly status: ConsentStoredStatus;
    readonly supersedes?: string;
    readonly supersededBy?: string;
    readonly withdrawal?: { readonly reasonCode: string; readonly time: string; readonly by: ConsentActor };
    readonly recordedBy: ConsentActor;
    readonly recordedAt: string;
    readonly txId: string;
    readonly updatedAt: string;
}

/**
 * One use of a consent (a credit inquiry, say), with the ticket the grantee keeps with its own query log. A use
 * carries what a reconciliation line needs without another read: the loan it served, the data items it read, the
 * consent's subject pseudonym and window, and the consent's status once the use was logged (ACTIVE, or CONSUMED
 * when it was the last use). Uses logged before uses named these carry none of them.
 */
export interface ConsentUse {
    /**
     * `ticket:<txId>` for a use logged alone, `ticket:<txId>:<n>` for item n (from 0) of a `Consent:UseBatch`.
     */
    readonly ticketId: string;
    readonly consentId: string;
    readonly useNo: number;
    readonly grantee: string;
    readonly purpose: string;
    readonly usedBy: ConsentActor;
    readonly inquiryFingerprint?: string;
    /** The loan the use served; required for purposes in {@link LOAN_BOUND_PURPOSES}. */
    readonly loanRef?: string;
    /** The data items the use read, each inside the consent's dataScope. */
    readonly dataScope?: readonly string[];
    readonly subject?: string;
    readonly validFrom?: string;
    readonly validUntil?: string;
    readonly consentStatus?: ConsentStoredStatus;
    readonly time: string;
    readonly txId: string;
}

/** Request of `Consent:Use`. */
export interface UseConsentRequest {
    readonly consentId: string;
    readonly purpose: string;
    /** The data items the use reads: non-empty, each inside the consent's dataScope. */
    readonly dataScope: readonly string[];
    /** The loan the use serves: required for purposes in {@link LOAN_BOUND_PURPOSES}, checked against the loan. */
    readonly loanRef?: string;
    /** Salted fingerprint of the grantee's own record of the use (its bureau query, say). */
    readonly inquiryFingerprint?: string;
}

/**
 * Purposes whose uses serve one loan and must name it: a credit inquiry is made for a loan application, and a
 * disbursement requires one logged on its loan.
 */
export const LOAN_BOUND_PURPOSES: readonly string[] = ['CREDIT_INQUIRY'];

/** The purpose a consent cited by credit-authorization evidence must have been given for. */
export const CREDIT_AUTHORIZATION_PURPOSE = 'CREDIT_INQUIRY';

/**
 * A loan's subject, bound by the credit-authorization record (citing a consent) filed while the loan had no current
 * one: every later consent used on the loan must be of this subject. Released (the key deleted) when a withdrawal
 * leaves the loan without a current authorization record.
 */
export interface LoanSubject {
    readonly loanRef: string;
    readonly subject: string;
    readonly consentId: string;
    /** The evidence record that bound it. */
    readonly recordId: string;
    readonly time: string;
    readonly txId: string;
}

/**
 * A consent cited by a loan's credit-authorization evidence: logged with the consent, it spends none of its uses,
 * since the use the subject allowed is the grantee's inquiry, not the platform's filing of the authorization.
 */
export interface ConsentLoanBinding {
    readonly consentId: string;
    readonly loanRef: string;
    readonly subject: string;
    readonly recordId: string;
    readonly boundBy: ConsentActor;
    readonly time: string;
    readonly txId: string;
}

/** Request of `Consent:Withdraw`. */
export interface WithdrawConsentRequest {
    readonly consentId: string;
    readonly reasonCode: string;
}

/** Answer of `Consent:Get`. */
export interface ConsentView {
    readonly consent: ConsentRecord;
    /** Status at the time of the read (EXPIRED when the window has passed). */
    readonly status: ConsentStatus;
    readonly usesLeft: number;
    readonly uses: readonly ConsentUse[];
    /** The credit-authorization records citing the consent, by loan: the first 100 at most. */
    readonly bindings: readonly ConsentLoanBinding[];
    /** True when more records cite the consent than `bindings` lists (each loan's chain names its own). */
    readonly bindingsTruncated: boolean;
    readonly history: readonly { readonly txId: string; readonly time: string; readonly status: string }[];
}

/** Event names of the consent area. */
export const CONSENT_EVENTS = Object.freeze({
    recorded: 'consent.recorded',
    used: 'consent.used',
    withdrawn: 'consent.withdrawn',
} as const);

/** The status a stored consent has at a given time. */
export function consentStatusAt(consent: ConsentRecord, isoTime: string): ConsentStatus {
    if (consent.status === 'ACTIVE' && isoTime >= consent.validUntil) {
        return 'EXPIRED';
    }
    return consent.status;
}
