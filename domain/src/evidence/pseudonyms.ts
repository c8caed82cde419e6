/**
 * Loan references are keyed pseudonyms: `loan:` followed by the 64 lower-case hex characters of
 * HMAC-SHA256(key, internal loan number), where the key stays with the organisation that originated the loan. Without
 * the key the reference cannot be linked to a loan number, and nothing else about the borrower reaches the ledger.
 */
export const LOAN_REF_PATTERN = /^loan:[0-9a-f]{64}$/;

/** A pseudonymous loan reference, `loan:<64 hex>`. */
export type LoanRef = string;

/** True when the value has the shape of a loan reference. */
export function isLoanRef(value: string): boolean {
    return LOAN_REF_PATTERN.test(value);
}

/**
 * Short codes (evidence types, reason codes, statement codes, claim codes): upper-case letters, digits and
 * underscores, 2 to 32 characters, starting with a letter and never holding five digits in a row. The last rule
 * keeps phone, identity and account numbers out of fields that are meant for codes.
 */
export const SHORT_CODE_PATTERN = /^(?!.*[0-9]{5})[A-Z][A-Z0-9_]{1,31}$/;

/**
 * Case identifiers chosen by the filing bank: upper-case letters, digits and hyphens, 4 to 48 characters, starting
 * with a letter or digit (e.g. `BK-2026-000123`).
 */
export const CASE_ID_PATTERN = /^[A-Z0-9][A-Z0-9-]{3,47}$/;

/**
 * Consent identifiers as the consent area issues them. Checked loosely here (letters, digits and `:._-`, at most
 * 128 characters); whether the consent exists and is in force is the consent contract's decision.
 */
export const CONSENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,127}$/;
