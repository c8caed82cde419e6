import { describe, expect, it } from 'vitest';
import { type PeriodTotals } from '../totals.js';
import { emptyCumulativeTotals, emptyPeriodTotals } from '../period-totals.js';
import { computePeriodMetrics, exposedPrincipal, type MetricBasis, weightedAverage } from './period-metrics.js';

const BASIS: MetricBasis = { initialBalance: 1000, cumulativeBasis: 'INITIAL_BALANCE', basisBalance: 1000 };

function totals(overrides: Partial<PeriodTotals>): PeriodTotals {
    return { ...emptyPeriodTotals(), ...overrides };
}

describe('computePeriodMetrics', () => {
    /*
     * opening 1000, scheduled 100, prepaid 90 → D = 900, SMM = 0.1 exactly, CPR = 1 − 0.9^12 = 0.717570463519
     * closing 810 = CURRENT 500 (rate 1000 bps, 10 months) + DPD_90_PLUS 310 (rate 2000 bps, 3 months)
     * 60+ = 90+ = 310 / 810 = 0.38271604… → 382 716 ppm
     * WAC = (1000·500 + 2000·310) / 810 = 1 120 000 / 810 = 1382.72 → 1383 bps
     * WARM×100 = (10·500 + 3·310)·100 / 810 = 593 000 / 810 = 732.10 → 732
     * cumulative defaults 50, recoveries 20 on basis 1000 → default rate 50 000 ppm, net loss 30 000 ppm
     */
    const example = totals({
        openingBalance: 1000,
        scheduledPrincipal: 100,
        prepaidPrincipal: 90,
        closingBalance: 810,
        delinquency: {
            ...emptyPeriodTotals().delinquency,
            CURRENT: { count: 1, balance: 500 },
            DPD_90_PLUS: { count: 1, balance: 310 },
        },
        weightedRateSum: '1120000',
        weightedTermSum: '5930',
    });
    const cumulative = { ...emptyCumulativeTotals(), defaultedPrincipal: 50, recoveredAmount: 20 };

    it('computes every metric of a small hand example', () => {
        expect(computePeriodMetrics(example, cumulative, BASIS)).toEqual({
            poolFactorPpm: 810_000,
            delinquency: {
                CURRENT: { count: 1, balance: 500, balancePpm: 617_284 },
                DPD_1_30: { count: 0, balance: 0, balancePpm: 0 },
                DPD_31_60: { count: 0, balance: 0, balancePpm: 0 },
                DPD_61_90: { count: 0, balance: 0, balancePpm: 0 },
                DPD_90_PLUS: { count: 1, balance: 310, balancePpm: 382_716 },
            },
            delinquent60PlusPpm: 382_716,
            delinquent90PlusPpm: 382_716,
            smmE12: 100_000_000_000,
            smmPpm: 100_000,
            cprE12: 717_570_463_519,
            cprPpm: 717_570,
            mdrE12: 0,
            mdrPpm: 0,
            cdrE12: 0,
            cdrPpm: 0,
            cumulativeDefaultRatePpm: 50_000,
            cumulativeNetLossPpm: 30_000,
            wacBps: 1383,
            warmMonthsX100: 732,
        });
    });

    it('answers zeros, not errors, for an empty pool', () => {
        const metrics = computePeriodMetrics(emptyPeriodTotals(), emptyCumulativeTotals(), BASIS);
        expect(metrics.poolFactorPpm).toBe(0);
        expect(metrics.smmPpm).toBe(0);
        expect(metrics.cprPpm).toBe(0);
        expect(metrics.wacBps).toBe(0);
        expect(metrics.delinquency.CURRENT.balancePpm).toBe(0);
    });

    it('uses the deal basis for cumulative rates', () => {
        const basis: MetricBasis = { ...BASIS, cumulativeBasis: 'INITIAL_PLUS_REVOLVING', basisBalance: 1250 };
        // 50 / 1250 = 0.04 → 40 000 ppm; (50 − 20) / 1250 = 0.024 → 24 000 ppm.
        expect(computePeriodMetrics(example, cumulative, basis)).toMatchObject({
            cumulativeDefaultRatePpm: 40_000,
            cumulativeNetLossPpm: 24_000,
        });
    });
});

describe('exposedPrincipal', () => {
    it('adds the period’s purchases to the opening balance before taking off scheduled principal', () => {
        const exposed = exposedPrincipal(
            totals({
                openingBalance: 1000,
                revolvingPurchasedPrincipal: 200,
                substitutionInPrincipal: 50,
                scheduledPrincipal: 100,
            }),
        );
        expect(exposed).toBe(1150n);
    });
});

describe('weightedAverage', () => {
    it('rounds half to even and handles sums beyond 2^53', () => {
        expect(weightedAverage('25', 10, 1n)).toBe(2);
        expect(weightedAverage('35', 10, 1n)).toBe(4);
        expect(weightedAverage('90071992547409910000', 9_007_199_254_740_991, 1n)).toBe(10_000);
        expect(weightedAverage('5', 0, 1n)).toBe(0);
    });
});
