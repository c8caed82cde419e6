import { addAmounts } from '../amounts.js';
import { type DealRecord } from '../deal.js';
import { type PeriodRecord, type TriggerResult } from '../period-report.js';
import { type PeriodTotals } from '../totals.js';
import { periodDays } from './accrual.js';
import { DEFAULT_WATERFALL_TERMS, type WaterfallTerms } from './terms.js';
import { computeWaterfall, type TrancheOpening, type WaterfallResult } from './waterfall.js';

/**
 * From a closed period to its waterfall: the funds its totals make available, whether sequential pay is in force,
 * and the tranches' state carried from the previous period's waterfall. The chaincode runs this at the close; an
 * investor runs it on what it reads to recompute every figure.
 */

/** The cash a period brings to the trust, as the waterfall record keeps it. */
export interface PeriodFunds {
    /** The servicer's interest collections (interest, fees and penalty interest of the loans), stated at the close. */
    readonly interestCollections: number;
    /** Scheduled and prepaid principal, repurchase prices and recoveries, from the loan-level rows. */
    readonly principalCollections: number;
    /** Principal collections spent on revolving purchases (never more than were collected). */
    readonly purchasesFunded: number;
    /** Principal collections left for the notes. */
    readonly principalAvailable: number;
    /** Principal of the loans that defaulted in the period. */
    readonly defaultedPrincipal: number;
    /** The pool's balance at the period's start. */
    readonly poolBalance: number;
}

/** The trigger breach that switched a deal's principal to sequential pay. */
export interface SequentialSwitch {
    readonly periodNo: number;
    readonly triggerId: string;
}

/** A period's waterfall as the ledger keeps it (`abs.waterfall/<dealId>/<period>`). */
export interface WaterfallRecord extends WaterfallResult {
    readonly dealId: string;
    readonly periodNo: number;
    readonly startDate: string;
    readonly endDate: string;
    readonly funds: PeriodFunds;
    /** The switch to sequential pay, once a trigger has made it; it stays in force for good. */
    readonly sequentialSince: SequentialSwitch | null;
    readonly txId: string;
    readonly time: string;
}

/** Trigger consequences that switch principal to sequential pay. */
export const SEQUENTIAL_CONSEQUENCES: readonly string[] = ['SEQUENTIAL_PAY', 'EARLY_AMORTISATION'];

/** The funds of a period from its totals and the servicer's interest collections. */
export function periodFunds(totals: PeriodTotals, interestCollections: number): PeriodFunds {
    const principalCollections = [totals.prepaidPrincipal, totals.repurchasedPrincipal, totals.recoveredAmount].reduce(
        (sum, amount) => addAmounts(sum, amount, 'principalCollections'),
        totals.scheduledPrincipal,
    );
    const purchasesFunded = Math.min(totals.revolvingPurchasedPrincipal, principalCollections);
    return {
        interestCollections,
        principalCollections,
        purchasesFunded,
        principalAvailable: principalCollections - purchasesFunded,
        defaultedPrincipal: totals.defaultedPrincipal,
        poolBalance: totals.openingBalance,
    };
}

/** The switch in force after this period: the earlier one, or the first breached switching trigger of this one. */
export function sequentialSwitch(
    previous: SequentialSwitch | null,
    triggers: readonly TriggerResult[],
    periodNo: number,
): SequentialSwitch | null {
    if (previous !== null) {
        return previous;
    }
    const breach = triggers.find(
        (trigger) => trigger.breached && SEQUENTIAL_CONSEQUENCES.includes(trigger.consequence),
    );
    return breach === undefined ? null : { periodNo, triggerId: breach.triggerId };
}

/** The tranches' state before a period: after the previous waterfall, or at issue for the first one. */
export function trancheOpenings(
    deal: Pick<DealRecord, 'tranches'>,
    previous: WaterfallRecord | null,
): TrancheOpening[] {
    return deal.tranches.map((tranche) => {
        const carried = previous?.tranches.find((flow) => flow.trancheId === tranche.trancheId);
        return carried === undefined
            ? { trancheId: tranche.trancheId, balance: tranche.originalBalance, interestShortfall: 0 }
            : {
                  trancheId: tranche.trancheId,
                  balance: carried.closingBalance,
                  interestShortfall: carried.interestShortfall,
              };
    });
}

/** The deal's waterfall terms, or the defaults of a deal that defines none. */
export function waterfallTermsOf(deal: Pick<DealRecord, 'waterfall'>): WaterfallTerms {
    return deal.waterfall ?? DEFAULT_WATERFALL_TERMS;
}

/** What the waterfall of a closed period is computed from. */
export interface PeriodWaterfallInput {
    readonly deal: Pick<DealRecord, 'tranches' | 'waterfall'>;
    /** The closed period, with its report. */
    readonly period: Pick<PeriodRecord, 'dealId' | 'periodNo' | 'startDate' | 'endDate'> & {
        readonly report: { readonly totals: PeriodTotals; readonly triggers: readonly TriggerResult[] };
    };
    readonly interestCollections: number;
    /** The previous period's waterfall; `null` for the first period (or one closed before waterfalls existed). */
    readonly previous: WaterfallRecord | null;
}

/**
 * The waterfall of a closed period, without the transaction fields.
 *
 * @throws {@link AbsAmountRangeError} when an amount leaves the safe-integer range.
 */
export function periodWaterfall(input: PeriodWaterfallInput): Omit<WaterfallRecord, 'txId' | 'time'> {
    const { deal, period } = input;
    const terms = waterfallTermsOf(deal);
    const funds = periodFunds(period.report.totals, input.interestCollections);
    const sequentialSince = sequentialSwitch(
        input.previous?.sequentialSince ?? null,
        period.report.triggers,
        period.periodNo,
    );
    const result = computeWaterfall({
        tranches: deal.tranches,
        opening: trancheOpenings(deal, input.previous),
        terms,
        sequential: terms.principalPayment === 'SEQUENTIAL' || sequentialSince !== null,
        days: periodDays(period.startDate, period.endDate),
        poolBalance: funds.poolBalance,
        interestCollections: funds.interestCollections,
        principalCollections: funds.principalAvailable,
        defaultedPrincipal: funds.defaultedPrincipal,
    });
    return {
        dealId: period.dealId,
        periodNo: period.periodNo,
        startDate: period.startDate,
        endDate: period.endDate,
        funds,
        sequentialSince,
        ...result,
    };
}
