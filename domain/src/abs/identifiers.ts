import { fixedFormatPattern, identifierPattern } from '../privacy/ledger-safe.js';

/**
 * Identifier and digest formats of the ABS area; fingerprints follow the evidence area's one rule,
 * `FINGERPRINT_PATTERN` of `evidence/fingerprint.ts`. The chaincode refuses anything else, and the gateway validates
 * with the same patterns before it submits. Identifiers follow the one identifier rule of `privacy/ledger-safe.ts`
 * (ASCII, bounded, never five digits in a row); the rest are fixed formats.
 */

/** A deal identifier chosen by the issuer, e.g. `ANYIHUA-2026-1`. */
export const DEAL_ID_PATTERN = identifierPattern({
    lowerCase: true,
    digitFirst: true,
    punctuation: ['.', '_', '-'],
    min: 1,
    max: 64,
});

/**
 * A loan identifier: a per-deal keyed pseudonym, `ln_` followed by the 64 lower-case hex digits of
 * HMAC-SHA256(key, dealId || originatorLoanRef) (or HMAC-SM3). The key stays with the issuer, so the ID reveals
 * nothing and can never be brute-forced from a contract number. Never reused, even after the loan leaves the pool.
 */
export const LOAN_ID_PATTERN = fixedFormatPattern(/^ln_[0-9a-f]{64}$/);

/** The digest of a period report as `GetPeriodReport` answers it and an acknowledgement names it. */
export const REPORT_DIGEST_PATTERN = fixedFormatPattern(/^sha256:[0-9a-f]{64}$/);

/** A batch identifier, unique within a deal and a period (cut-off batches use period 0). */
export const BATCH_ID_PATTERN = DEAL_ID_PATTERN;

/** A short upper-case code: tranche IDs, trigger IDs, reason and statement codes, document types. */
export const CODE_PATTERN = identifierPattern({
    lowerCase: false,
    digitFirst: true,
    punctuation: ['_', '-'],
    min: 1,
    max: 32,
});

/** A tranche's credit rating as the agency writes it, e.g. `AAA`, `AA+`, `Aa1`, `AAAsf`, `A-1+`. */
export const RATING_PATTERN = identifierPattern({
    lowerCase: true,
    digitFirst: false,
    punctuation: ['+', '-'],
    min: 1,
    max: 16,
});

/**
 * The salt a client adds to each private record so that the hash Fabric publishes for it on the channel cannot be
 * reversed by guessing small integer amounts: 32 to 128 lower-case hex digits (16 to 64 random bytes).
 */
export const SALT_PATTERN = fixedFormatPattern(/^[0-9a-f]{32,128}$/);

/** Most loans (or period rows) one batch transaction accepts. */
export const MAX_LOANS_PER_BATCH = 500;

/** Highest interest or coupon rate, in basis points (100%). */
export const MAX_RATE_BPS = 10_000;

/** Longest loan term, in months (50 years). */
export const MAX_TERM_MONTHS = 600;

/** Most days past due a loan row may report. */
export const MAX_DAYS_PAST_DUE = 9999;

/** Highest period number a deal can reach (50 years of monthly periods, with room). */
export const MAX_PERIOD_NO = 9999;

/**
 * The fixed-width text form of a period number used inside composite keys, so that periods iterate in numeric
 * order. Period 0 stands for the cut-off.
 */
export function periodTag(periodNo: number): string {
    return String(periodNo).padStart(6, '0');
}
