import {
    type DealRecord,
    type PeriodRecord,
    type PeriodReport,
    periodWaterfall,
    type WaterfallRecord,
    type WaterfallSkipReason,
    waterfallSkipReason,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { txTime } from '../../core/ledger-state.js';
import { withAmountRange } from '../amount-range.js';
import { readWaterfallIfAny } from './waterfall-store.js';

/** What a close hands to its waterfall. */
export interface ClosingWaterfallInput {
    readonly deal: DealRecord;
    readonly period: PeriodRecord;
    readonly report: PeriodReport;
    /** The close request's interest collections (`null` when absent), as ClosePeriodRequest holds them. */
    readonly request: { readonly interestCollections: number | null };
    /** The period closed before this one (0 for the first). */
    readonly previousPeriodNo: number;
}

/** The close's waterfall, or why it has none. */
export type ClosingWaterfall =
    | { readonly written: true; readonly record: WaterfallRecord }
    | { readonly written: false; readonly skipped: WaterfallSkipReason };

/**
 * The waterfall of the period being closed, starting from the previous period's tranche balances and shortfalls;
 * or none, when the close gives no `interestCollections` or the previous period has no waterfall to start from
 * (closed without the figure, or before waterfalls existed). Restarting the tranches at their original balances
 * would store a wrong waterfall for good and carry it into every later period.
 *
 * @throws ChaincodeError ABS_AMOUNT_OUT_OF_RANGE when an amount leaves the safe-integer range.
 */
export async function closingWaterfall(ctx: Context, input: ClosingWaterfallInput): Promise<ClosingWaterfall> {
    const previous =
        input.previousPeriodNo === 0
            ? null
            : ((await readWaterfallIfAny(ctx, input.deal.dealId, input.previousPeriodNo)) ?? null);
    const interestCollections = input.request.interestCollections;
    const skipped = waterfallSkipReason({ previousPeriodNo: input.previousPeriodNo, previous, interestCollections });
    if (skipped !== null || interestCollections === null) {
        return { written: false, skipped: skipped ?? 'NO_INTEREST_COLLECTIONS' };
    }
    const computed = withAmountRange(() =>
        periodWaterfall({
            deal: input.deal,
            period: { ...input.period, report: input.report },
            interestCollections,
            previous,
        }),
    );
    return { written: true, record: { ...computed, txId: ctx.stub.getTxID(), time: txTime(ctx) } };
}
