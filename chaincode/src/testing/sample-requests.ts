import { createHash } from 'node:crypto';
import { fingerprintTreeRoot } from '@lendledger/domain/node';

/**
 * Valid requests that several tests and the ledger story build alike, so that a new required field is added once.
 * Each takes the values its callers vary; everything else is a fixed, valid sample.
 */

/** A JSON object as a request holds it. */
export type JsonObject = { [key: string]: JsonValue };
type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A `sha256:` fingerprint of a label: one distinct document per label. */
export function fp(label: string): string {
    return `sha256:${createHash('sha256').update(label).digest('hex')}`;
}

/** A `Case:File` request for a loan, filed to the court with the given evidence package. */
export function caseFiling(
    caseId: string,
    loanRef: string,
    fingerprints: readonly string[],
    extra: JsonObject = {},
): JsonObject {
    return {
        caseId,
        loanRef,
        court: 'CourtMSP',
        documentFingerprint: fp(`complaint ${caseId}`),
        claimCode: 'LOAN_DEFAULT',
        package: { fingerprints: [...fingerprints], root: fingerprintTreeRoot(fingerprints) },
        ...extra,
    };
}

/** A `Consent:Record` request: a recurring credit-inquiry consent of the subject, granted to the bank. */
export function consentRecording(consentId: string, subject: string, extra: JsonObject = {}): JsonObject {
    return {
        consentId,
        subject,
        grantee: 'BankMSP',
        product: 'CONSUMER_LOAN',
        purpose: 'CREDIT_INQUIRY',
        purposeListVersion: 'v1',
        dataScope: ['CREDIT_REPORT', 'IDENTITY_BASIC'],
        useMode: 'RECURRING',
        maxUses: 5,
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: '2026-12-31T00:00:00.000Z',
        documentFingerprint: fp(`authorization ${consentId}`),
        signingMethod: 'E_SIGNATURE',
        noticeVersion: 'notice-2026.1',
        ...extra,
    };
}

/** The data items the sample consent covers and a sample credit inquiry reads. */
export const INQUIRY_SCOPE: readonly string[] = ['CREDIT_REPORT'];

/** A `Consent:Use` request: the bank's credit inquiry on a loan, reading {@link INQUIRY_SCOPE}. */
export function creditInquiry(consentId: string, loanRef: string, extra: JsonObject = {}): JsonObject {
    return {
        consentId,
        purpose: 'CREDIT_INQUIRY',
        loanRef,
        dataScope: [...INQUIRY_SCOPE],
        inquiryFingerprint: fp(`bureau query ${consentId} ${loanRef}`),
        ...extra,
    };
}

/**
 * An `Evidence:Register` request: the platform's credit-authorization record of a loan citing a consent, which binds
 * the consent's subject to the loan. Without `previous` it is the loan's first record and names the sample parties.
 */
export function creditAuthorization(loanRef: string, consentId: string, extra: JsonObject = {}): JsonObject {
    return {
        fingerprint: fp(`authorization ${consentId} ${loanRef}`),
        salted: true,
        evidenceType: 'CREDIT_AUTH_FORM',
        stage: 'CREDIT_AUTHORIZATION',
        loanRef,
        consentId,
        ...(extra.previous === undefined ? { parties: { bank: 'BankMSP', product: 'CONSUMER_LOAN' } } : {}),
        ...extra,
    };
}
