import { fixedFormatPattern } from '../privacy/ledger-safe.js';

/**
 * Partner admission (名单制): a bank records which platforms it admits, for which of its products, from when until
 * when, and may withdraw an admission. Evidence writes on a loan are refused unless the loan's bank admitted the
 * loan's platform for the loan's product at the transaction's time. Each admission and each withdrawal is its own
 * record, written once, so the admission history of a bank and a platform is the list of both.
 */

/** Identifier of an admission: `adm:` and 32 hex characters derived from the admitting transaction. */
export const ADMISSION_ID_PATTERN = fixedFormatPattern(/^adm:[0-9a-f]{32}$/);

/** Most products one `Admission:Admit` names. */
export const MAX_ADMISSION_PRODUCTS = 32;

/** One admission: bank admits platform for one product within a window. Written once. */
export interface AdmissionRecord {
    readonly id: string;
    readonly bank: string;
    readonly platform: string;
    readonly product: string;
    /** The window the bank chose, ISO-8601 UTC; in force from `max(validFrom, admittedAt)` until before `validUntil`. */
    readonly validFrom: string;
    readonly validUntil: string;
    /** Transaction time and ID of the admitting transaction: an admission is never in force before it was recorded. */
    readonly admittedAt: string;
    readonly txId: string;
    /** Certificate subject of the bank's user who recorded it. */
    readonly admittedBy: string;
}

/** The withdrawal of one admission, its own record. Written once. */
export interface AdmissionWithdrawal {
    readonly admissionId: string;
    readonly bank: string;
    readonly platform: string;
    readonly product: string;
    readonly reasonCode: string;
    readonly withdrawnAt: string;
    readonly txId: string;
    readonly withdrawnBy: string;
}

/** An admission with its withdrawal, if any, and whether it is in force at the time the read was made for. */
export interface AdmissionView {
    readonly admission: AdmissionRecord;
    readonly withdrawal?: AdmissionWithdrawal;
    readonly inForce: boolean;
}

/** `Admission:Admit`, by the bank itself. `validFrom` defaults to the transaction's time. */
export interface AdmitRequest {
    readonly platform: string;
    readonly products: readonly string[];
    readonly validFrom?: string;
    readonly validUntil: string;
}

/** The answer to `Admission:Admit`: one admission per product, in request order. */
export interface AdmitResult {
    readonly admissions: readonly AdmissionRecord[];
}

/**
 * `Admission:Withdraw`: either one admission by its ID, or every admission of the caller for a platform and product
 * that is in force or not yet in force.
 */
export type WithdrawAdmissionRequest =
    | { readonly admissionId: string; readonly reasonCode: string }
    | { readonly platform: string; readonly product: string; readonly reasonCode: string };

/** The answer to `Admission:Withdraw`. */
export interface WithdrawAdmissionResult {
    readonly withdrawals: readonly AdmissionWithdrawal[];
}

/** `Admission:ListPartners`: the caller bank's admissions in force at `at` (default: the transaction's time). */
export interface ListPartnersRequest {
    readonly at?: string;
}

/** The answer to `Admission:ListPartners`. */
export interface PartnerList {
    readonly bank: string;
    readonly at: string;
    readonly admissions: readonly AdmissionView[];
}

/** `Admission:History`: every admission and withdrawal of a bank and a platform. */
export interface AdmissionHistoryRequest {
    readonly bank: string;
    readonly platform: string;
}

/** The answer to `Admission:History`, admissions in the order they were recorded. */
export interface AdmissionHistory {
    readonly bank: string;
    readonly platform: string;
    readonly at: string;
    readonly admissions: readonly AdmissionView[];
}

/** Events of the admission contract. */
export const ADMISSION_EVENTS = Object.freeze({
    admitted: 'admission.admitted',
    withdrawn: 'admission.withdrawn',
} as const);

/** When an admission starts to be in force: its chosen start, never before it was recorded. */
export function admissionStart(admission: AdmissionRecord): string {
    return admission.validFrom > admission.admittedAt ? admission.validFrom : admission.admittedAt;
}

/**
 * Whether an admission is in force at `at` (ISO-8601 UTC with milliseconds, as every ledger time is): started,
 * not expired, and not withdrawn by then.
 */
export function admissionInForce(
    admission: AdmissionRecord,
    withdrawal: AdmissionWithdrawal | undefined,
    at: string,
): boolean {
    const started = admissionStart(admission) <= at;
    const expired = admission.validUntil <= at;
    const withdrawn = withdrawal !== undefined && withdrawal.withdrawnAt <= at;
    return started && !expired && !withdrawn;
}
