import { addAmounts } from './amounts.js';
import { type PeriodTotals } from './totals.js';

/**
 * The account bank's cash report (资金保管机构的资金到账报告) and its reconciliation with the servicer's collections.
 *
 * A deal names its account bank (`accountBankMspId`): a member holding role bank that is not the issuer, so the
 * servicer's figures meet a second institution's account statement. For each period the account bank states the
 * cash the deal's collection account actually received, in integer minor units (fen), and a salted fingerprint of
 * the account statement it read them from. `ClosePeriod` closes only when every figure equals the servicer's:
 *
 * | figure       | account bank          | servicer (from the period's loan-level rows and the close request)   |
 * | ------------ | --------------------- | --------------------------------------------------------------------- |
 * | `principal`  | principal received    | scheduledPrincipal + prepaidPrincipal + repurchasedPrincipal          |
 * | `recoveries` | recoveries received   | recoveredAmount                                                       |
 * | `interest`   | interest received     | the close's `interestCollections` (compared only when the close states it) |
 *
 * Defaults and substitutions bring no cash, and purchases are paid out, not received, so none is a collection.
 */

/** The figures an account bank reports, in the order refusals name them. */
export const CASH_FIGURES = ['principal', 'interest', 'recoveries'] as const;

/** A cash figure. */
export type CashFigure = (typeof CASH_FIGURES)[number];

/** The request of `AbsReport:SubmitCashReport`. */
export interface CashReportRequest {
    readonly dealId: string;
    readonly periodNo: number;
    readonly principal: number;
    readonly interest: number;
    readonly recoveries: number;
    /** Salted fingerprint of the account statement the figures come from (the statement stays off the ledger). */
    readonly statementFingerprint: string;
}

/** `abs.cashreport/<dealId>/<period>`: the account bank's cash report of a period (public state: pool-level sums). */
export interface CashReportRecord extends CashReportRequest {
    readonly accountBankMspId: string;
    readonly accountBankSubject: string;
    readonly txId: string;
    readonly time: string;
    /** Set when this report replaced an earlier one for the same period (before the close). */
    readonly replacedTxId: string | null;
}

/** The servicer's collections of a period; `interest` null when the close states no `interestCollections`. */
export interface ServicerCollections {
    readonly principal: number;
    readonly interest: number | null;
    readonly recoveries: number;
}

/** One figure on which the account bank and the servicer differ. */
export interface CashMismatch {
    readonly figure: CashFigure;
    readonly servicer: number;
    readonly accountBank: number;
}

/**
 * The servicer's collections from a period's totals and the close's `interestCollections`.
 *
 * @throws {@link AbsAmountRangeError} when the principal sum leaves the safe-integer range.
 */
export function servicerCollections(totals: PeriodTotals, interestCollections: number | null): ServicerCollections {
    return {
        principal: addAmounts(
            addAmounts(totals.scheduledPrincipal, totals.prepaidPrincipal, 'principal'),
            totals.repurchasedPrincipal,
            'principal',
        ),
        interest: interestCollections,
        recoveries: totals.recoveredAmount,
    };
}

/** Every figure on which a cash report differs from the servicer's collections, in {@link CASH_FIGURES} order. */
export function cashMismatches(
    servicer: ServicerCollections,
    cash: Pick<CashReportRequest, CashFigure>,
): CashMismatch[] {
    return CASH_FIGURES.flatMap((figure): CashMismatch[] => {
        const stated = servicer[figure];
        return stated === null || stated === cash[figure]
            ? []
            : [{ figure, servicer: stated, accountBank: cash[figure] }];
    });
}
