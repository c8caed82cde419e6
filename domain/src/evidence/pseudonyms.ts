import { fixedFormatPattern, identifierPattern } from '../privacy/ledger-safe.js';

/**
 * Loan references are keyed pseudonyms: `loan:` followed by the 64 lower-case hex characters of
 * HMAC-SHA256(key, internal loan number), where the key stays with the organisation that originated the loan. Without
 * the key the reference cannot be linked to a loan number, and nothing else about the borrower reaches the ledger.
 */
export const LOAN_REF_PATTERN = fixedFormatPattern(/^loan:[0-9a-f]{64}$/);

/** A pseudonymous loan reference, `loan:<64 hex>`. */
export type LoanRef = string;

/** True when the value has the shape of a loan reference. */
export function isLoanRef(value: string): boolean {
    return LOAN_REF_PATTERN.test(value);
}

/**
 * Short codes (evidence types, reason codes, statement codes, claim codes): upper-case letters, digits and
 * underscores, 2 to 32 characters, starting with a letter, under the identifier rule of `privacy/ledger-safe.ts`
 * (never five digits in a row, which keeps phone, identity and account numbers out of fields meant for codes).
 */
export const SHORT_CODE_PATTERN = identifierPattern({
    lowerCase: false,
    digitFirst: false,
    punctuation: ['_'],
    min: 2,
    max: 32,
});

/**
 * Case identifiers chosen by the filing bank: upper-case letters, digits and hyphens, 4 to 48 characters, starting
 * with a letter or digit, under the identifier rule. A sequence number longer than four digits is split into groups
 * by hyphens (`BK-2026-000-123`, not `BK-2026-000123`), so that no digit run can be an identity or phone number.
 */
export const CASE_ID_PATTERN = identifierPattern({
    lowerCase: false,
    digitFirst: true,
    punctuation: ['-'],
    min: 4,
    max: 48,
});

/**
 * Consent identifiers as the consent area issues them: letters, digits and `:._-`, at most 128 characters, under the
 * identifier rule. Whether the consent exists and is in force is the consent contract's decision.
 */
export const CONSENT_ID_PATTERN = identifierPattern({
    lowerCase: true,
    digitFirst: true,
    punctuation: [':', '.', '_', '-'],
    min: 1,
    max: 128,
});
