/** A deal's payment-waterfall terms: fees and how principal is shared between the rated tranches. */

/** How principal reaches the rated (non-subordinated) tranches: in proportion to their balances, or by rank. */
export const PRINCIPAL_PAYMENTS = ['PRO_RATA', 'SEQUENTIAL'] as const;

/** A principal payment mode. */
export type PrincipalPayment = (typeof PRINCIPAL_PAYMENTS)[number];

/** The fee ID of the servicer fee, paid before every fixed fee; a fixed fee may not take it. */
export const SERVICER_FEE_ID = 'SERVICER';

/** Highest servicer fee a deal may set: 10% a year of the pool balance, in basis points. */
export const MAX_SERVICER_FEE_BPS = 1_000;

/** Most fixed fees a deal may list. */
export const MAX_FIXED_FEES = 10;

/** A fee of a fixed amount each period (trustee, custodian, rating agency, paying agent...). */
export interface FixedFee {
    readonly feeId: string;
    /** Minor units per period. */
    readonly amount: number;
}

/** The waterfall terms a deal may define at creation (`CreateDeal.waterfall`). */
export interface WaterfallTerms {
    /** Servicer fee, basis points a year of the pool's opening balance, accrued over the period's days. */
    readonly servicerFeeBps: number;
    /** Fixed fees, paid after the servicer fee in this order. */
    readonly fees: readonly FixedFee[];
    /** Principal mode until a trigger switches the deal to sequential pay. */
    readonly principalPayment: PrincipalPayment;
}

/** The terms of a deal that defines none (every deal created before waterfalls): no fees, pro rata. */
export const DEFAULT_WATERFALL_TERMS: WaterfallTerms = Object.freeze({
    servicerFeeBps: 0,
    fees: Object.freeze([]),
    principalPayment: 'PRO_RATA',
});
