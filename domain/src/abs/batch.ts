/** Batches of loans or period rows, and the private totals each one keeps. */
import {
    addAmountRecords,
    addWeightedSums,
    type AmountRecord,
    type WeightedSums,
    zeroAmounts,
    zeroWeightedSums,
} from './amounts.js';
import { type PeriodTotals } from './totals.js';

/** A batch of loans or rows (public part). */
export interface BatchRecord {
    readonly dealId: string;
    readonly periodNo: number;
    readonly batchId: string;
    readonly kind: 'CUT_OFF' | 'PURCHASE' | 'ROWS';
    readonly loanCount: number;
    /** `sha256:` digest of the batch's private totals. */
    readonly totalsDigest: string;
    readonly txId: string;
    readonly time: string;
}

/** The integer sums of a cut-off or purchase batch. */
export const LOAN_BATCH_SUM_FIELDS = ['loanCount', 'originalPrincipal', 'currentPrincipal'] as const;

/** The sums of a cut-off or purchase batch, without its salt. */
export type LoanBatchSums = AmountRecord<typeof LOAN_BATCH_SUM_FIELDS> & WeightedSums;

/** Private totals of a cut-off or purchase batch. */
export interface LoanBatchTotals extends LoanBatchSums {
    readonly salt: string;
}

/** Private totals of a rows batch. */
export interface RowBatchTotals extends PeriodTotals {
    readonly salt: string;
}

/** Totals of a cut-off or purchase batch before any loan (the salt is set by the caller). */
export function emptyLoanBatchTotals(): LoanBatchSums {
    return { ...zeroAmounts(LOAN_BATCH_SUM_FIELDS), ...zeroWeightedSums() };
}

/** Adds one loan to cut-off or purchase batch totals. @throws {@link AbsAmountRangeError} on overflow. */
export function addLoanToBatch(
    totals: LoanBatchSums,
    loan: Readonly<{ originalPrincipal: number; currentPrincipal: number; rateBps: number; remainingTerm: number }>,
): LoanBatchSums {
    const one: LoanBatchSums = {
        loanCount: 1,
        originalPrincipal: loan.originalPrincipal,
        currentPrincipal: loan.currentPrincipal,
        weightedRateSum: (BigInt(loan.rateBps) * BigInt(loan.currentPrincipal)).toString(),
        weightedTermSum: (BigInt(loan.remainingTerm) * BigInt(loan.currentPrincipal)).toString(),
    };
    return addLoanBatchTotals(totals, one);
}

/** Sums cut-off or purchase batch totals (salts dropped). @throws {@link AbsAmountRangeError} on overflow. */
export function addLoanBatchTotals(a: LoanBatchSums, b: LoanBatchSums): LoanBatchSums {
    return { ...addAmountRecords(LOAN_BATCH_SUM_FIELDS, a, b), ...addWeightedSums(a, b) };
}
