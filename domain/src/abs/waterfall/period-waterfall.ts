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

/**
 * Why a close stores no waterfall. `CHAIN_BROKEN`: the period is not the deal's first and the previous period has
 * no waterfall (closed without `interestCollections`, or before the ledger ran waterfalls), so the tranches'
 * balances, shortfalls and any switch to sequential pay are unknown to the ledger; no later period of the deal gets
 * one either. `NO_INTEREST_COLLECTIONS`: the close did not state the interest funds, and the ledger does not guess
 * them (zero would pay fees and coupons out of principal).
 */
export const WATERFALL_SKIP_REASONS = ['CHAIN_BROKEN', 'NO_INTEREST_COLLECTIONS'] as const;

/** Why a close stores no waterfall. */
export type WaterfallSkipReason = (typeof WATERFALL_SKIP_REASONS)[number];

/** What decides whether a close may run the waterfall. */
export interface WaterfallChainInput {
    /** The period closed before this one (0 when this is the deal's first). */
    readonly previousPeriodNo: number;
    /** The previous period's waterfall, `null` when it has none (or this is the first period). */
    readonly previous: WaterfallRecord | null;
    /** The close request's interest collections, `null` when it gave none. */
    readonly interestCollections: number | null;
}

/**
 * Why the close must not run the waterfall, or `null` when it may: only a deal's first period, or one whose
 * previous period has a waterfall, starts from known tranche balances; and only a stated figure funds the interest
 * account. A broken chain outranks a missing figure: stating it would not help.
 */
export function waterfallSkipReason(input: WaterfallChainInput): WaterfallSkipReason | null {
    if (input.previousPeriodNo !== 0 && input.previous === null) {
        return 'CHAIN_BROKEN';
    }
    return input.interestCollections === null ? 'NO_INTEREST_COLLECTIONS' : null;
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

/**
 * The tranches' state before a period: after the previous waterfall, or at issue for the first one. Only valid
 * when {@link waterfallSkipReason} allows the waterfall: `null` stands for the first period, never a missing one.
 */
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
    /**
     * The previous period's waterfall; `null` for the deal's first period only. A later period whose previous one
     * has no waterfall has none either ({@link waterfallSkipReason}): starting it over would be wrong.
     */
    readonly previous: WaterfallRecord | null;
}

/**
 * The waterfall of a closed period, without the transaction fields. The caller checks
 * {@link waterfallSkipReason} first.
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
