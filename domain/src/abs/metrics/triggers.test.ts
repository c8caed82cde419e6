import { describe, expect, it } from 'vitest';
import { TRIGGER_METRICS, type TriggerDefinition } from '../deal.js';
import { emptyCumulativeTotals, emptyPeriodTotals } from '../period-totals.js';
import { computePeriodMetrics, type PeriodMetrics } from './period-metrics.js';
import { compare, evaluateTriggers, thresholdFor, triggerValue } from './triggers.js';

const METRICS: PeriodMetrics = {
    ...computePeriodMetrics(emptyPeriodTotals(), emptyCumulativeTotals(), {
        initialBalance: 1,
        cumulativeBasis: 'INITIAL_BALANCE',
        basisBalance: 1,
    }),
    cumulativeDefaultRatePpm: 60_000,
    cumulativeNetLossPpm: 40_000,
    delinquent60PlusPpm: 30_000,
    delinquent90PlusPpm: 20_000,
    poolFactorPpm: 95_000,
    cprPpm: 150_000,
    cdrPpm: 70_000,
};

const SCHEDULED: TriggerDefinition = {
    triggerId: 'CDR',
    metric: 'CUMULATIVE_DEFAULT_RATE',
    comparator: 'GT',
    thresholds: [
        { fromPeriod: 1, valuePpm: 20_000 },
        { fromPeriod: 7, valuePpm: 50_000 },
        { fromPeriod: 13, valuePpm: 80_000 },
    ],
    consequence: 'EARLY_AMORTISATION',
};

describe('triggers', () => {
    it('reads each trigger metric from the period metrics', () => {
        expect(TRIGGER_METRICS.map((metric) => triggerValue(metric, METRICS))).toEqual([
            60_000, 40_000, 30_000, 20_000, 95_000, 150_000, 70_000,
        ]);
    });

    it('takes the threshold of the last schedule step at or before the period', () => {
        expect([1, 6, 7, 12, 13, 60].map((period) => thresholdFor(SCHEDULED, period))).toEqual([
            20_000, 20_000, 50_000, 50_000, 80_000, 80_000,
        ]);
    });

    it('refuses a period before the schedule starts', () => {
        expect(() => thresholdFor({ ...SCHEDULED, thresholds: [{ fromPeriod: 2, valuePpm: 1 }] }, 1)).toThrow(
            RangeError,
        );
    });

    it('compares strictly or not as the comparator says', () => {
        expect([compare(5, 'GT', 5), compare(5, 'GTE', 5), compare(5, 'LT', 5), compare(5, 'LTE', 5)]).toEqual([
            false,
            true,
            false,
            true,
        ]);
        expect([compare(6, 'GT', 5), compare(4, 'LT', 5)]).toEqual([true, true]);
    });

    it('evaluates every trigger against its scheduled threshold', () => {
        const poolFactor: TriggerDefinition = {
            triggerId: 'PF',
            metric: 'POOL_FACTOR',
            comparator: 'LT',
            thresholds: [{ fromPeriod: 1, valuePpm: 100_000 }],
            consequence: 'REPORT_ONLY',
        };
        expect(evaluateTriggers([SCHEDULED, poolFactor], METRICS, 7)).toEqual([
            {
                triggerId: 'CDR',
                metric: 'CUMULATIVE_DEFAULT_RATE',
                comparator: 'GT',
                thresholdPpm: 50_000,
                valuePpm: 60_000,
                breached: true,
                consequence: 'EARLY_AMORTISATION',
            },
            {
                triggerId: 'PF',
                metric: 'POOL_FACTOR',
                comparator: 'LT',
                thresholdPpm: 100_000,
                valuePpm: 95_000,
                breached: true,
                consequence: 'REPORT_ONLY',
            },
        ]);
        expect(evaluateTriggers([SCHEDULED], METRICS, 13)[0]!.breached).toBe(false);
    });
});
