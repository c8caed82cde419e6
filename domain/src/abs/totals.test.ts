import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type AmountRecord, WEIGHTED_SUM_FIELDS, zeroAmounts } from './amounts.js';
import { addLoanBatchTotals, emptyLoanBatchTotals, LOAN_BATCH_SUM_FIELDS, type LoanBatchSums } from './batch.js';
import { PERFORMING_STATUSES } from './loan.js';
import { addCumulative, addPeriodTotals, emptyPeriodTotals, rollForwardOf, rowTotals } from './period-totals.js';
import { ROW_AMOUNT_FIELDS, type RowAmounts } from './period-row.js';
import {
    CUMULATIVE_FIELDS,
    type CumulativeTotals,
    EXIT_STATUSES,
    type ExitCounts,
    PERIOD_SUM_FIELDS,
    type PeriodTotals,
    ROLL_FORWARD_LINES,
    type RollForward,
} from './totals.js';

/**
 * The field lists are the single source of the money types: a field is in a type only through its list, and every
 * sum walks the list. These tests walk the values themselves, not the lists, so a field a sum forgot shows up.
 */

/** Every number or decimal-string leaf of a totals value, by path. */
function leaves(value: unknown, path = ''): Map<string, bigint> {
    if (typeof value === 'number' || typeof value === 'string') {
        return new Map([[path, BigInt(value)]]);
    }
    const entries = Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => [
        ...leaves(child, path === '' ? key : `${path}.${key}`),
    ]);
    return new Map(entries);
}

/** The same shape with every leaf replaced, numbers kept numbers and decimal strings kept strings. */
function withLeaves<T>(value: T, leafOf: (path: string) => number, path = ''): T {
    if (typeof value === 'number') {
        return leafOf(path) as T;
    }
    if (typeof value === 'string') {
        return String(leafOf(path)) as T;
    }
    return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([key, child]) => [
            key,
            withLeaves(child, leafOf, path === '' ? key : `${path}.${key}`),
        ]),
    ) as T;
}

const PERIOD_TOTALS_PATHS = [...leaves(emptyPeriodTotals()).keys()];
const amount = fc.integer({ min: 0, max: 2 ** 40 });
const leafValues = (paths: readonly string[]) => fc.tuple(...paths.map(() => amount));

describe('money types derive from their field lists', () => {
    it('types hold exactly the fields of their lists', () => {
        expectTypeOf<keyof RollForward>().toEqualTypeOf<(typeof ROLL_FORWARD_LINES)[number]>();
        expectTypeOf<keyof CumulativeTotals>().toEqualTypeOf<(typeof CUMULATIVE_FIELDS)[number]>();
        expectTypeOf<keyof ExitCounts>().toEqualTypeOf<(typeof EXIT_STATUSES)[number]>();
        expectTypeOf<keyof RowAmounts>().toEqualTypeOf<(typeof ROW_AMOUNT_FIELDS)[number]>();
        expectTypeOf<keyof LoanBatchSums>().toEqualTypeOf<
            (typeof LOAN_BATCH_SUM_FIELDS)[number] | (typeof WEIGHTED_SUM_FIELDS)[number]
        >();
        expectTypeOf<keyof PeriodTotals>().toEqualTypeOf<
            (typeof PERIOD_SUM_FIELDS)[number] | (typeof WEIGHTED_SUM_FIELDS)[number] | 'delinquency' | 'exits'
        >();
        // @ts-expect-error a record over a list is incomplete without every field of the list
        const incomplete: AmountRecord<typeof ROLL_FORWARD_LINES> = { openingBalance: 0 };
        expect(incomplete).toBeDefined();
    });

    it('builds empty totals with every field of the lists, all zero', () => {
        const empty = emptyPeriodTotals();
        expect(Object.keys(empty).sort()).toEqual(
            [...PERIOD_SUM_FIELDS, ...WEIGHTED_SUM_FIELDS, 'delinquency', 'exits'].sort(),
        );
        expect(Object.keys(empty.exits).sort()).toEqual([...EXIT_STATUSES].sort());
        expect(Object.keys(empty.delinquency).sort()).toEqual([...PERFORMING_STATUSES].sort());
        expect([...leaves(empty).values()].every((leaf) => leaf === 0n)).toBe(true);
    });

    it('adds every leaf of period totals, whatever the values', () => {
        fc.assert(
            fc.property(leafValues(PERIOD_TOTALS_PATHS), leafValues(PERIOD_TOTALS_PATHS), (left, right) => {
                const at = (values: number[]) => (path: string) => values[PERIOD_TOTALS_PATHS.indexOf(path)]!;
                const a = withLeaves(emptyPeriodTotals(), at(left));
                const b = withLeaves(emptyPeriodTotals(), at(right));
                const sum = leaves(addPeriodTotals(a, b));
                expect([...sum.keys()].sort()).toEqual([...PERIOD_TOTALS_PATHS].sort());
                for (const [path, value] of sum) {
                    expect(value, path).toBe(BigInt(at(left)(path)) + BigInt(at(right)(path)));
                }
            }),
        );
    });

    it('carries each cumulative field from the period sum of its name, and each roll-forward line too', () => {
        for (const [index, field] of CUMULATIVE_FIELDS.entries()) {
            const period = { ...emptyPeriodTotals(), [field]: index + 1 };
            expect(addCumulative(zeroAmounts(CUMULATIVE_FIELDS), period)).toEqual({
                ...zeroAmounts(CUMULATIVE_FIELDS),
                [field]: index + 1,
            });
        }
        for (const [index, line] of ROLL_FORWARD_LINES.entries()) {
            const totals = { ...emptyPeriodTotals(), [line]: index + 1 };
            expect(rollForwardOf(totals)).toEqual({ ...zeroAmounts(ROLL_FORWARD_LINES), [line]: index + 1 });
        }
    });

    it('lets every amount of a period row reach the period totals', () => {
        for (const field of ROW_AMOUNT_FIELDS) {
            const totals = rowTotals({
                priorStatus: 'CURRENT',
                status: 'CURRENT',
                acquisition: 'REVOLVING_PURCHASE',
                rateBps: 0,
                remainingTerm: 0,
                amounts: { ...zeroAmounts(ROW_AMOUNT_FIELDS), [field]: 1234 },
            });
            const reached = PERIOD_SUM_FIELDS.filter((sum) => totals[sum] === 1234);
            expect(reached, field).not.toEqual([]);
        }
    });

    it('adds every leaf of loan batch totals', () => {
        const paths = [...leaves(emptyLoanBatchTotals()).keys()];
        expect(paths.sort()).toEqual([...LOAN_BATCH_SUM_FIELDS, ...WEIGHTED_SUM_FIELDS].sort());
        fc.assert(
            fc.property(leafValues(paths), leafValues(paths), (left, right) => {
                const at = (values: number[]) => (path: string) => values[paths.indexOf(path)]!;
                const sum = leaves(
                    addLoanBatchTotals(
                        withLeaves(emptyLoanBatchTotals(), at(left)),
                        withLeaves(emptyLoanBatchTotals(), at(right)),
                    ),
                );
                for (const path of paths) {
                    expect(sum.get(path), path).toBe(BigInt(at(left)(path)) + BigInt(at(right)(path)));
                }
            }),
        );
    });
});
