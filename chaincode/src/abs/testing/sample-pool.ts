import { type TestLoan, type TestRow } from './abs-harness.js';

/**
 * The small pool the ABS contract tests and the ledger story start from: three loans at cut-off (one already a
 * few days late), their first period's rows, and a loan bought after cut-off. One copy, so the tests and the
 * story keep describing the same pool.
 */

/** Three loans with 1 000 000 of principal at cut-off; C is 12 days past due. */
export const SAMPLE_LOANS: readonly TestLoan[] = [
    { label: 'A', original: 600_000, current: 500_000, rateBps: 1200, originalTerm: 12, remainingTerm: 10 },
    { label: 'B', original: 300_000, current: 300_000, rateBps: 1000, originalTerm: 12, remainingTerm: 12 },
    {
        label: 'C',
        original: 200_000,
        current: 200_000,
        rateBps: 1800,
        originalTerm: 6,
        remainingTerm: 5,
        status: 'DPD_1_30',
        daysPastDue: 12,
    },
];

/** Period 1 of {@link SAMPLE_LOANS}: A and B pay 80 000 between them, C slides to 42 days past due. */
export const SAMPLE_PERIOD_1_ROWS: readonly TestRow[] = [
    { label: 'A', status: 'CURRENT', remainingTerm: 9, scheduled: 50_000, closing: 450_000 },
    { label: 'B', status: 'CURRENT', remainingTerm: 11, scheduled: 30_000, closing: 270_000 },
    { label: 'C', status: 'DPD_31_60', daysPastDue: 42, remainingTerm: 5, scheduled: 0, closing: 200_000 },
];

/** A loan bought after cut-off (a revolving purchase or a substitute). */
export const SAMPLE_PURCHASE: TestLoan = {
    label: 'N',
    original: 150_000,
    current: 150_000,
    rateBps: 1500,
    originalTerm: 12,
    remainingTerm: 12,
};
