import {
    thresholdFor,
    type Comparator,
    type PeriodMetrics,
    type TriggerDefinition,
    type TriggerMetric,
} from '@lendledger/domain';

/** One closed period of `GET /v1/abs/deals/:dealId/metrics` (`AbsReport:GetMetricsSeries`). */
export interface MetricsPoint {
    readonly periodNo: number;
    readonly startDate: string;
    readonly endDate: string;
    readonly closingBalance: number;
    readonly activeLoanCount: number;
    readonly metrics: PeriodMetrics;
    readonly breachedTriggers: readonly string[];
}

/** The answer of `GET /v1/abs/deals/:dealId/metrics`. */
export interface MetricsSeries {
    readonly dealId: string;
    readonly series: readonly MetricsPoint[];
}

/** The charts of the dashboard, one per question an investor asks of the pool. */
export const CHART_IDS = ['poolFactor', 'cpr', 'cdr', 'delinquency', 'cumulativeLoss'] as const;
export type ChartId = (typeof CHART_IDS)[number];

/** A metric drawn as a line: a name (a message key) and the chaincode's own figure for it, never a recomputation. */
export interface MetricLine {
    readonly key: string;
    readonly ppm: (metrics: PeriodMetrics) => number;
}

/** The lines of each chart. CPR and CDR are the chaincode's annualised rates (`1 − (1 − m)^12`). */
export const CHART_LINES: Readonly<Record<ChartId, readonly MetricLine[]>> = {
    poolFactor: [{ key: 'poolFactor', ppm: (m) => m.poolFactorPpm }],
    cpr: [{ key: 'cpr', ppm: (m) => m.cprPpm }],
    cdr: [{ key: 'cdr', ppm: (m) => m.cdrPpm }],
    delinquency: [
        { key: 'dpd1to30', ppm: (m) => m.delinquency.DPD_1_30.balancePpm },
        { key: 'dpd31to60', ppm: (m) => m.delinquency.DPD_31_60.balancePpm },
        { key: 'dpd61to90', ppm: (m) => m.delinquency.DPD_61_90.balancePpm },
        { key: 'dpd60Plus', ppm: (m) => m.delinquent60PlusPpm },
        { key: 'dpd90Plus', ppm: (m) => m.delinquent90PlusPpm },
    ],
    cumulativeLoss: [
        { key: 'cumulativeDefaultRate', ppm: (m) => m.cumulativeDefaultRatePpm },
        { key: 'cumulativeNetLoss', ppm: (m) => m.cumulativeNetLossPpm },
    ],
};

/** The chart on which a trigger's threshold is drawn: the one showing the metric it tests. */
export const TRIGGER_CHART: Readonly<Record<TriggerMetric, ChartId>> = {
    POOL_FACTOR: 'poolFactor',
    CPR: 'cpr',
    CDR: 'cdr',
    DELINQUENCY_60_PLUS: 'delinquency',
    DELINQUENCY_90_PLUS: 'delinquency',
    CUMULATIVE_DEFAULT_RATE: 'cumulativeLoss',
    CUMULATIVE_NET_LOSS: 'cumulativeLoss',
};

/** A line of a chart: its key and one value (ppm) per period of the chart. */
export interface ChartLine {
    readonly key: string;
    readonly valuesPpm: readonly number[];
}

/** A trigger's threshold over the chart's periods (its schedule may step), and how the metric is compared with it. */
export interface ThresholdLine {
    readonly triggerId: string;
    readonly metric: TriggerMetric;
    readonly comparator: Comparator;
    readonly valuesPpm: readonly number[];
}

/** What one chart draws: periods on the x axis, metric lines and threshold lines in ppm. */
export interface ChartData {
    readonly id: ChartId;
    readonly periods: readonly number[];
    readonly lines: readonly ChartLine[];
    readonly thresholds: readonly ThresholdLine[];
}

/**
 * The data of one chart from the chaincode's metrics series and the deal's triggers. Periods are in period order;
 * each threshold takes the step in force in each period, as the chaincode tests it (`thresholdFor` of the domain).
 */
export function chartData(
    id: ChartId,
    series: readonly MetricsPoint[],
    triggers: readonly TriggerDefinition[],
): ChartData {
    const points = [...series].sort((a, b) => a.periodNo - b.periodNo);
    const periods = points.map((point) => point.periodNo);
    return {
        id,
        periods,
        lines: CHART_LINES[id].map((line) => ({
            key: line.key,
            valuesPpm: points.map((point) => line.ppm(point.metrics)),
        })),
        thresholds: triggers
            .filter((trigger) => TRIGGER_CHART[trigger.metric] === id)
            .map((trigger) => ({
                triggerId: trigger.triggerId,
                metric: trigger.metric,
                comparator: trigger.comparator,
                valuesPpm: periods.map((periodNo) => thresholdFor(trigger, periodNo)),
            })),
    };
}

/** The first and last value of a line and its range, for a chart's text summary. */
export interface LineSpan {
    readonly first: number;
    readonly last: number;
    readonly min: number;
    readonly max: number;
}

/** The span of a line's values, or undefined for a chart without periods. */
export function lineSpan(values: readonly number[]): LineSpan | undefined {
    const [first] = values;
    const last = values.at(-1);
    if (first === undefined || last === undefined) {
        return undefined;
    }
    return { first, last, min: Math.min(...values), max: Math.max(...values) };
}
