import { type Acquisition, isPerforming, type LoanStatus, PERFORMING_STATUSES, type PerformingStatus } from './loan.js';
import {
    type BucketTotals,
    type CumulativeTotals,
    type ExitCounts,
    type LoanBatchTotals,
    type PeriodRowAmounts,
    type PeriodTotals,
    type RollForward,
} from './period.js';

/**
 * Building pool-level totals from loan-level rows. Pure, so that an investor holding the private loan amounts
 * recomputes exactly what the chaincode stored.
 */

/** Thrown when a sum leaves the safe-integer range; names the total that overflowed. */
export class AbsAmountRangeError extends RangeError {
    readonly field: string;

    constructor(field: string) {
        super(`${field} exceeds the largest safe integer`);
        this.name = AbsAmountRangeError.name;
        this.field = field;
    }
}

/** Adds two non-negative safe integers. @throws {@link AbsAmountRangeError} when the sum is not a safe integer. */
export function addAmounts(a: number, b: number, field: string): number {
    const sum = a + b;
    if (!Number.isSafeInteger(sum)) {
        throw new AbsAmountRangeError(field);
    }
    return sum;
}

const MONEY_FIELDS = [
    'inPoolRows',
    'outOfPoolRows',
    'openingBalance',
    'revolvingPurchasedPrincipal',
    'substitutionInPrincipal',
    'scheduledPrincipal',
    'prepaidPrincipal',
    'defaultedPrincipal',
    'repurchasedPrincipal',
    'substitutedPrincipal',
    'closingBalance',
    'chargedOffPrincipal',
    'recoveredAmount',
] as const satisfies readonly (keyof PeriodTotals)[];

const EXIT_STATUSES = [
    'PREPAID',
    'PAID_OFF',
    'DEFAULTED',
    'CHARGED_OFF',
    'REPURCHASED',
    'SUBSTITUTED',
] as const satisfies readonly (keyof ExitCounts)[];

const CUMULATIVE_FIELDS = [
    'defaultedPrincipal',
    'chargedOffPrincipal',
    'recoveredAmount',
    'prepaidPrincipal',
    'repurchasedPrincipal',
    'substitutedPrincipal',
    'revolvingPurchasedPrincipal',
    'substitutionInPrincipal',
] as const satisfies readonly (keyof CumulativeTotals & keyof PeriodTotals)[];

function emptyBuckets(): Record<PerformingStatus, BucketTotals> {
    return Object.fromEntries(PERFORMING_STATUSES.map((status) => [status, { count: 0, balance: 0 }])) as Record<
        PerformingStatus,
        BucketTotals
    >;
}

/** Totals of no rows. */
export function emptyPeriodTotals(): PeriodTotals {
    const zeros = Object.fromEntries(MONEY_FIELDS.map((field) => [field, 0])) as Record<
        (typeof MONEY_FIELDS)[number],
        number
    >;
    const exits = Object.fromEntries(EXIT_STATUSES.map((status) => [status, 0])) as unknown as ExitCounts;
    return { ...zeros, delinquency: emptyBuckets(), exits, weightedRateSum: '0', weightedTermSum: '0' };
}

/** Field-wise sum of two totals. @throws {@link AbsAmountRangeError} on overflow. */
export function addPeriodTotals(a: PeriodTotals, b: PeriodTotals): PeriodTotals {
    const sums = Object.fromEntries(MONEY_FIELDS.map((field) => [field, addAmounts(a[field], b[field], field)]));
    const delinquency = Object.fromEntries(
        PERFORMING_STATUSES.map((status) => [
            status,
            {
                count: addAmounts(a.delinquency[status].count, b.delinquency[status].count, `${status}.count`),
                balance: addAmounts(a.delinquency[status].balance, b.delinquency[status].balance, `${status}.balance`),
            },
        ]),
    );
    const exits = Object.fromEntries(
        EXIT_STATUSES.map((status) => [status, addAmounts(a.exits[status], b.exits[status], `exits.${status}`)]),
    );
    return {
        ...(sums as Record<(typeof MONEY_FIELDS)[number], number>),
        delinquency: delinquency as Record<PerformingStatus, BucketTotals>,
        exits: exits as unknown as ExitCounts,
        weightedRateSum: (BigInt(a.weightedRateSum) + BigInt(b.weightedRateSum)).toString(),
        weightedTermSum: (BigInt(a.weightedTermSum) + BigInt(b.weightedTermSum)).toString(),
    };
}

/** What a loan's period row contributes to the totals. */
export interface RowContributionInput {
    readonly priorStatus: LoanStatus;
    readonly status: LoanStatus;
    readonly acquisition: Acquisition;
    readonly rateBps: number;
    readonly remainingTerm: number;
    readonly amounts: Omit<PeriodRowAmounts, 'dealId' | 'periodNo' | 'loanId' | 'salt'>;
}

/** The totals of a single row. */
export function rowTotals(row: RowContributionInput): PeriodTotals {
    const { amounts, status } = row;
    const performing = isPerforming(status);
    const empty = emptyPeriodTotals();
    const delinquency = performing
        ? { ...empty.delinquency, [status]: { count: 1, balance: amounts.closingBalance } }
        : empty.delinquency;
    return {
        ...empty,
        inPoolRows: isPerforming(row.priorStatus) ? 1 : 0,
        outOfPoolRows: isPerforming(row.priorStatus) ? 0 : 1,
        openingBalance: amounts.openingBalance,
        revolvingPurchasedPrincipal: row.acquisition === 'REVOLVING_PURCHASE' ? amounts.addedPrincipal : 0,
        substitutionInPrincipal: row.acquisition === 'SUBSTITUTION' ? amounts.addedPrincipal : 0,
        scheduledPrincipal: amounts.scheduledPrincipal,
        prepaidPrincipal: amounts.prepaidPrincipal,
        defaultedPrincipal: amounts.defaultedPrincipal,
        repurchasedPrincipal: amounts.repurchasedPrincipal,
        substitutedPrincipal: amounts.substitutedPrincipal,
        closingBalance: amounts.closingBalance,
        chargedOffPrincipal: amounts.chargedOffPrincipal,
        recoveredAmount: amounts.recoveredAmount,
        delinquency,
        exits: exitsOf(row),
        weightedRateSum: performing ? (BigInt(row.rateBps) * BigInt(amounts.closingBalance)).toString() : '0',
        weightedTermSum: performing ? (BigInt(row.remainingTerm) * BigInt(amounts.closingBalance)).toString() : '0',
    };
}

function exitsOf(row: RowContributionInput): ExitCounts {
    const entered = (status: LoanStatus): number => (row.status === status && row.priorStatus !== status ? 1 : 0);
    return {
        PREPAID: entered('PREPAID'),
        PAID_OFF: entered('PAID_OFF'),
        // New defaults and charge-offs are counted by their amounts: a loan may default and be charged off at once.
        DEFAULTED: row.amounts.defaultedPrincipal > 0 ? 1 : 0,
        CHARGED_OFF: row.amounts.chargedOffPrincipal > 0 ? 1 : 0,
        REPURCHASED: entered('REPURCHASED'),
        SUBSTITUTED: entered('SUBSTITUTED'),
    };
}

/** The roll-forward lines of a period's totals. */
export function rollForwardOf(totals: PeriodTotals): RollForward {
    return {
        openingBalance: totals.openingBalance,
        revolvingPurchasedPrincipal: totals.revolvingPurchasedPrincipal,
        substitutionInPrincipal: totals.substitutionInPrincipal,
        scheduledPrincipal: totals.scheduledPrincipal,
        prepaidPrincipal: totals.prepaidPrincipal,
        defaultedPrincipal: totals.defaultedPrincipal,
        repurchasedPrincipal: totals.repurchasedPrincipal,
        substitutedPrincipal: totals.substitutedPrincipal,
        closingBalance: totals.closingBalance,
    };
}

/**
 * The closing balance the roll-forward identity gives: opening + revolving purchases + substitutes in − scheduled
 * principal − prepayments − defaults − repurchases − substituted out. Exact integer arithmetic.
 */
export function rolledForwardClosing(roll: RollForward): bigint {
    return (
        BigInt(roll.openingBalance) +
        BigInt(roll.revolvingPurchasedPrincipal) +
        BigInt(roll.substitutionInPrincipal) -
        BigInt(roll.scheduledPrincipal) -
        BigInt(roll.prepaidPrincipal) -
        BigInt(roll.defaultedPrincipal) -
        BigInt(roll.repurchasedPrincipal) -
        BigInt(roll.substitutedPrincipal)
    );
}

/** Running totals at cut-off. */
export function emptyCumulativeTotals(): CumulativeTotals {
    return Object.fromEntries(CUMULATIVE_FIELDS.map((field) => [field, 0])) as unknown as CumulativeTotals;
}

/** Adds a period's totals to the running totals. @throws {@link AbsAmountRangeError} on overflow. */
export function addCumulative(cumulative: CumulativeTotals, period: PeriodTotals): CumulativeTotals {
    return Object.fromEntries(
        CUMULATIVE_FIELDS.map((field) => [field, addAmounts(cumulative[field], period[field], `cumulative.${field}`)]),
    ) as unknown as CumulativeTotals;
}

/** Totals of a cut-off or purchase batch before any loan (the salt is set by the caller). */
export function emptyLoanBatchTotals(): Omit<LoanBatchTotals, 'salt'> {
    return { loanCount: 0, originalPrincipal: 0, currentPrincipal: 0, weightedRateSum: '0', weightedTermSum: '0' };
}

/** Adds one loan to cut-off or purchase batch totals. @throws {@link AbsAmountRangeError} on overflow. */
export function addLoanToBatch(
    totals: Omit<LoanBatchTotals, 'salt'>,
    loan: Readonly<{ originalPrincipal: number; currentPrincipal: number; rateBps: number; remainingTerm: number }>,
): Omit<LoanBatchTotals, 'salt'> {
    return {
        loanCount: totals.loanCount + 1,
        originalPrincipal: addAmounts(totals.originalPrincipal, loan.originalPrincipal, 'originalPrincipal'),
        currentPrincipal: addAmounts(totals.currentPrincipal, loan.currentPrincipal, 'currentPrincipal'),
        weightedRateSum: (
            BigInt(totals.weightedRateSum) +
            BigInt(loan.rateBps) * BigInt(loan.currentPrincipal)
        ).toString(),
        weightedTermSum: (
            BigInt(totals.weightedTermSum) +
            BigInt(loan.remainingTerm) * BigInt(loan.currentPrincipal)
        ).toString(),
    };
}

/** Sums cut-off or purchase batch totals (salts dropped). */
export function addLoanBatchTotals(
    a: Omit<LoanBatchTotals, 'salt'>,
    b: Omit<LoanBatchTotals, 'salt'>,
): Omit<LoanBatchTotals, 'salt'> {
    return {
        loanCount: addAmounts(a.loanCount, b.loanCount, 'loanCount'),
        originalPrincipal: addAmounts(a.originalPrincipal, b.originalPrincipal, 'originalPrincipal'),
        currentPrincipal: addAmounts(a.currentPrincipal, b.currentPrincipal, 'currentPrincipal'),
        weightedRateSum: (BigInt(a.weightedRateSum) + BigInt(b.weightedRateSum)).toString(),
        weightedTermSum: (BigInt(a.weightedTermSum) + BigInt(b.weightedTermSum)).toString(),
    };
}
