import { type PeriodMetrics, type TriggerDefinition } from '@lendledger/domain';
import { type MetricsPoint } from './metrics-series.ts';

/**
 * Test data of the investor area's unit tests: a period's metrics with every figure distinct (the period number
 * times a field's own offset), so a test that reads the wrong field cannot pass.
 */
export function metricsOf(periodNo: number): PeriodMetrics {
    const v = (offset: number): number => periodNo * 1_000 + offset;
    const bucket = (offset: number): { count: number; balance: number; balancePpm: number } => ({
        count: offset,
        balance: offset * 100,
        balancePpm: v(offset),
    });
    return {
        poolFactorPpm: v(1),
        delinquency: {
            CURRENT: bucket(2),
            DPD_1_30: bucket(3),
            DPD_31_60: bucket(4),
            DPD_61_90: bucket(5),
            DPD_90_PLUS: bucket(6),
        },
        delinquent60PlusPpm: v(7),
        delinquent90PlusPpm: v(8),
        smmE12: v(9) * 1_000_000,
        smmPpm: v(9),
        cprE12: v(10) * 1_000_000,
        cprPpm: v(10),
        mdrE12: v(11) * 1_000_000,
        mdrPpm: v(11),
        cdrE12: v(12) * 1_000_000,
        cdrPpm: v(12),
        cumulativeDefaultRatePpm: v(13),
        cumulativeNetLossPpm: v(14),
        wacBps: v(15),
        warmMonthsX100: v(16),
    };
}

/** A closed period of a metrics series with {@link metricsOf} metrics. */
export function pointOf(periodNo: number, breachedTriggers: readonly string[] = []): MetricsPoint {
    return {
        periodNo,
        startDate: `2026-0${periodNo}-01`,
        endDate: `2026-0${periodNo}-28`,
        closingBalance: 500_000 - periodNo * 10_001,
        activeLoanCount: 10 - periodNo,
        metrics: metricsOf(periodNo),
        breachedTriggers,
    };
}

/** Triggers on three charts; the cumulative default rate's threshold steps up from period 3. */
export const TRIGGERS: readonly TriggerDefinition[] = [
    {
        triggerId: 'CDR_EARLY_AMORTISATION',
        metric: 'CUMULATIVE_DEFAULT_RATE',
        comparator: 'GT',
        thresholds: [
            { fromPeriod: 1, valuePpm: 50_000 },
            { fromPeriod: 3, valuePpm: 80_000 },
        ],
        consequence: 'EARLY_AMORTISATION',
    },
    {
        triggerId: 'DQ60_WATCH',
        metric: 'DELINQUENCY_60_PLUS',
        comparator: 'GT',
        thresholds: [{ fromPeriod: 1, valuePpm: 200_000 }],
        consequence: 'REPORT_ONLY',
    },
    {
        triggerId: 'CPR_FLOOR',
        metric: 'CPR',
        comparator: 'LT',
        thresholds: [{ fromPeriod: 1, valuePpm: 10_000 }],
        consequence: 'REPORT_ONLY',
    },
];
