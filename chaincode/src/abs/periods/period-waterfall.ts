import {
    type DealRecord,
    type PeriodRecord,
    type PeriodReport,
    periodWaterfall,
    type WaterfallRecord,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { txTime } from '../../core/ledger-state.js';
import { withAmountRange } from '../amount-range.js';
import { type ClosePeriodRequest } from './close-period.js';
import { readWaterfallIfAny } from './waterfall-store.js';

/** What a close hands to its waterfall. */
export interface ClosingWaterfallInput {
    readonly deal: DealRecord;
    readonly period: PeriodRecord;
    readonly report: PeriodReport;
    readonly request: Pick<ClosePeriodRequest, 'interestCollections'>;
    /** The period closed before this one (0 for the first). */
    readonly previousPeriodNo: number;
}

/**
 * The waterfall of the period being closed, starting from the previous period's tranche balances and shortfalls.
 * A previous period closed before waterfalls existed left none: the tranches then start from their original
 * balances, the only state the ledger has for them.
 *
 * @throws ChaincodeError ABS_AMOUNT_OUT_OF_RANGE when an amount leaves the safe-integer range.
 */
export async function closingWaterfall(ctx: Context, input: ClosingWaterfallInput): Promise<WaterfallRecord> {
    const previous =
        input.previousPeriodNo === 0
            ? null
            : ((await readWaterfallIfAny(ctx, input.deal.dealId, input.previousPeriodNo)) ?? null);
    const computed = withAmountRange(() =>
        periodWaterfall({
            deal: input.deal,
            period: { ...input.period, report: input.report },
            interestCollections: input.request.interestCollections,
            previous,
        }),
    );
    return { ...computed, txId: ctx.stub.getTxID(), time: txTime(ctx) };
}
