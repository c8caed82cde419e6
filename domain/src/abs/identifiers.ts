/**
 * Identifier and fingerprint formats of the ABS area. The chaincode refuses anything else, and the gateway can
 * validate with the same patterns before it submits.
 */

/** A deal identifier chosen by the issuer, e.g. `ANYIHUA-2026-1`. */
export const DEAL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * A loan identifier: a per-deal keyed pseudonym, `ln_` followed by the 64 lower-case hex digits of
 * HMAC-SHA256(key, dealId || originatorLoanRef) (or HMAC-SM3). The key stays with the issuer, so the ID reveals
 * nothing and can never be brute-forced from a contract number. Never reused, even after the loan leaves the pool.
 */
export const LOAN_ID_PATTERN = /^ln_[0-9a-f]{64}$/;

/** A salted document fingerprint on the wire: `sha256:<64 hex>` or `sm3:<64 hex>`, lower case. */
export const FINGERPRINT_PATTERN = /^(sha256|sm3):[0-9a-f]{64}$/;

/** A batch identifier, unique within a deal and a period (cut-off batches use period 0). */
export const BATCH_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A short upper-case code: tranche IDs, trigger IDs, reason and statement codes, document types. */
export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;

/**
 * The salt a client adds to each private record so that the hash Fabric publishes for it on the channel cannot be
 * reversed by guessing small integer amounts: 32 to 128 lower-case hex digits (16 to 64 random bytes).
 */
export const SALT_PATTERN = /^[0-9a-f]{32,128}$/;

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
