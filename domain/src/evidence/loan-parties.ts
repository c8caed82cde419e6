import { SHORT_CODE_PATTERN } from './pseudonyms.js';

/**
 * The parties of one loan, bound by the loan's first evidence record and never changed: the platform that acquired
 * the borrower, the bank that funds the loan and the bank's product code. Every later write on the loan is checked
 * against them (the writer must be the party the stage needs) and against the bank's admission of the platform for
 * the product (名单制).
 */
export interface LoanParties {
    /** MSP ID of the platform (role platform). */
    readonly platform: string;
    /** MSP ID of the funding bank (role bank). */
    readonly bank: string;
    /** The bank's product code, a short code such as `CONSUMER_LOAN`. */
    readonly product: string;
}

/** The roles a loan's party holds on the loan. */
export const LOAN_PARTY_ROLES = ['platform', 'bank'] as const;

/** A role a party holds on a loan. */
export type LoanPartyRole = (typeof LOAN_PARTY_ROLES)[number];

/** A product code: a short code under the identifier rule (no long digit runs). */
export const PRODUCT_CODE_PATTERN = SHORT_CODE_PATTERN;

/**
 * The `parties` member of a loan's first evidence record as a writer states it. `platform` may be left out when the
 * writer holds the platform role: the writer is then the loan's platform.
 */
export interface LoanPartiesRequest {
    readonly platform?: string;
    readonly bank: string;
    readonly product: string;
}

/** True when two statements of a loan's parties name the same platform, bank and product. */
export function sameLoanParties(a: LoanParties, b: LoanParties): boolean {
    return a.platform === b.platform && a.bank === b.bank && a.product === b.product;
}
