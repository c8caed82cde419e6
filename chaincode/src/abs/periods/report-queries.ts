import {
    type AcknowledgementRecord,
    type DealTransitionRecord,
    periodTag,
    type PeriodMetrics,
    type PeriodRecord,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { allByPartialKey } from '../../core/ledger-state.js';
import { readDeal } from '../deals/deal-store.js';
import { ABS_OBJECTS } from '../keys.js';
import { digestOf } from '../private-data.js';
import { readPeriod } from './period-store.js';

/** A period with the digest investors acknowledge (`sha256:` of the canonical JSON of `period`). */
export interface PeriodView {
    readonly period: PeriodRecord;
    readonly reportDigest: string;
}

/** Reads a period and its digest. */
export async function periodView(ctx: Context, dealId: string, periodNo: number): Promise<PeriodView> {
    const period = await readPeriod(ctx, dealId, periodNo);
    return { period, reportDigest: digestOf(period) };
}

/** One point of a deal's metrics time series. */
export interface MetricsPoint {
    readonly periodNo: number;
    readonly startDate: string;
    readonly endDate: string;
    readonly closingBalance: number;
    readonly activeLoanCount: number;
    readonly metrics: PeriodMetrics;
    readonly breachedTriggers: string[];
    readonly dealTransition: DealTransitionRecord | null;
}

/** The metrics of a deal's closed periods from `fromPeriod` to `toPeriod` (inclusive), in period order. */
export async function metricsSeries(
    ctx: Context,
    dealId: string,
    range: Readonly<{ fromPeriod: number; toPeriod: number }>,
): Promise<{ dealId: string; series: MetricsPoint[] }> {
    await readDeal(ctx, dealId);
    const periods = await allByPartialKey<PeriodRecord>(ctx, ABS_OBJECTS.period, [dealId]);
    const series = periods
        .filter((period) => period.periodNo >= range.fromPeriod && period.periodNo <= range.toPeriod)
        .flatMap((period): MetricsPoint[] =>
            period.report === null
                ? []
                : [
                      {
                          periodNo: period.periodNo,
                          startDate: period.startDate,
                          endDate: period.endDate,
                          closingBalance: period.report.rollForward.closingBalance,
                          activeLoanCount: period.report.activeLoanCount,
                          metrics: period.report.metrics,
                          breachedTriggers: period.report.triggers.filter((t) => t.breached).map((t) => t.triggerId),
                          dealTransition: period.report.dealTransition,
                      },
                  ],
        );
    return { dealId, series };
}

/** Every acknowledgement of a period's report, in transaction-ID order. */
export async function acknowledgements(
    ctx: Context,
    dealId: string,
    periodNo: number,
): Promise<AcknowledgementRecord[]> {
    await readPeriod(ctx, dealId, periodNo);
    return allByPartialKey<AcknowledgementRecord>(ctx, ABS_OBJECTS.ack, [dealId, periodTag(periodNo)]);
}
