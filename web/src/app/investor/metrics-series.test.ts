import { TRIGGER_METRICS } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { CHART_IDS, chartData, lineSpan, TRIGGER_CHART } from './metrics-series.ts';
import { pointOf, TRIGGERS } from './testing-metrics.ts';

describe('chartData', () => {
    const series = [pointOf(3), pointOf(1), pointOf(2)];

    it('puts the periods in period order and takes each line from the chaincode’s own field', () => {
        expect(chartData('cpr', series, [])).toEqual({
            id: 'cpr',
            periods: [1, 2, 3],
            lines: [{ key: 'cpr', valuesPpm: [1_010, 2_010, 3_010] }],
            thresholds: [],
        });
        expect(chartData('poolFactor', series, []).lines).toEqual([
            { key: 'poolFactor', valuesPpm: [1_001, 2_001, 3_001] },
        ]);
        expect(chartData('cdr', series, []).lines).toEqual([{ key: 'cdr', valuesPpm: [1_012, 2_012, 3_012] }]);
    });

    it('draws the delinquency buckets and the 60+ and 90+ ratios the triggers test', () => {
        expect(chartData('delinquency', series, []).lines).toEqual([
            { key: 'dpd1to30', valuesPpm: [1_003, 2_003, 3_003] },
            { key: 'dpd31to60', valuesPpm: [1_004, 2_004, 3_004] },
            { key: 'dpd61to90', valuesPpm: [1_005, 2_005, 3_005] },
            { key: 'dpd60Plus', valuesPpm: [1_007, 2_007, 3_007] },
            { key: 'dpd90Plus', valuesPpm: [1_008, 2_008, 3_008] },
        ]);
        expect(chartData('cumulativeLoss', series, []).lines).toEqual([
            { key: 'cumulativeDefaultRate', valuesPpm: [1_013, 2_013, 3_013] },
            { key: 'cumulativeNetLoss', valuesPpm: [1_014, 2_014, 3_014] },
        ]);
    });

    it('draws each trigger on the chart of its metric, with the threshold step in force in each period', () => {
        expect(chartData('cumulativeLoss', series, TRIGGERS).thresholds).toEqual([
            {
                triggerId: 'CDR_EARLY_AMORTISATION',
                metric: 'CUMULATIVE_DEFAULT_RATE',
                comparator: 'GT',
                valuesPpm: [50_000, 50_000, 80_000],
            },
        ]);
        expect(chartData('delinquency', series, TRIGGERS).thresholds.map((t) => t.triggerId)).toEqual(['DQ60_WATCH']);
        expect(chartData('cpr', series, TRIGGERS).thresholds).toMatchObject([
            { triggerId: 'CPR_FLOOR', comparator: 'LT', valuesPpm: [10_000, 10_000, 10_000] },
        ]);
        expect(chartData('poolFactor', series, TRIGGERS).thresholds).toEqual([]);
    });

    it('has a chart for every metric a trigger can test', () => {
        for (const metric of TRIGGER_METRICS) {
            expect(CHART_IDS).toContain(TRIGGER_CHART[metric]);
        }
    });

    it('draws an empty chart for a deal without closed periods', () => {
        expect(chartData('cpr', [], TRIGGERS)).toEqual({
            id: 'cpr',
            periods: [],
            lines: [{ key: 'cpr', valuesPpm: [] }],
            thresholds: [{ triggerId: 'CPR_FLOOR', metric: 'CPR', comparator: 'LT', valuesPpm: [] }],
        });
    });
});

describe('lineSpan', () => {
    it('gives the first, last, lowest and highest value', () => {
        expect(lineSpan([5, 2, 9, 4])).toEqual({ first: 5, last: 4, min: 2, max: 9 });
        expect(lineSpan([])).toBeUndefined();
    });
});
