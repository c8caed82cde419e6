import {
    addAmountRecords,
    addAmounts,
    addWeightedSums,
    type AmountRecord,
    recordOf,
    zeroAmounts,
    zeroWeightedSums,
} from './amounts.js';
import { type Acquisition, isPerforming, type LoanStatus, PERFORMING_STATUSES, type PerformingStatus } from './loan.js';
import { type RowAmounts } from './period-row.js';
import {
    type BucketTotals,
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
 * Building pool-level totals from loan-level rows. Pure, so that an investor holding the private loan amounts
 * recomputes exactly what the chaincode stored. Every sum walks the field lists of `totals.ts`.
 */

function emptyBuckets(): Record<PerformingStatus, BucketTotals> {
    return recordOf(PERFORMING_STATUSES, () => ({ count: 0, balance: 0 }));
}

/** Totals of no rows. */
export function emptyPeriodTotals(): PeriodTotals {
    return {
        ...zeroAmounts(PERIOD_SUM_FIELDS),
        delinquency: emptyBuckets(),
        exits: zeroAmounts(EXIT_STATUSES),
        ...zeroWeightedSums(),
    };
}

/** Field-wise sum of two totals. @throws {@link AbsAmountRangeError} on overflow. */
export function addPeriodTotals(a: PeriodTotals, b: PeriodTotals): PeriodTotals {
    return {
        ...addAmountRecords(PERIOD_SUM_FIELDS, a, b),
        delinquency: recordOf(PERFORMING_STATUSES, (status) => ({
            count: addAmounts(a.delinquency[status].count, b.delinquency[status].count, `${status}.count`),
            balance: addAmounts(a.delinquency[status].balance, b.delinquency[status].balance, `${status}.balance`),
        })),
        exits: addAmountRecords(EXIT_STATUSES, a.exits, b.exits, 'exits.'),
        ...addWeightedSums(a, b),
    };
}

/** What a loan's period row contributes to the totals. */
export interface RowContributionInput {
    readonly priorStatus: LoanStatus;
    readonly status: LoanStatus;
    readonly acquisition: Acquisition;
    readonly rateBps: number;
    readonly remainingTerm: number;
    readonly amounts: RowAmounts;
}

/** The totals of a single row. */
export function rowTotals(row: RowContributionInput): PeriodTotals {
    const { amounts, status } = row;
    const performing = isPerforming(status);
    const inPool = isPerforming(row.priorStatus);
    // Named field by field, not spread over zeros: a sum added to PERIOD_SUM_FIELDS does not compile until it is
    // mapped from the row here.
    const sums: AmountRecord<typeof PERIOD_SUM_FIELDS> = {
        inPoolRows: inPool ? 1 : 0,
        outOfPoolRows: inPool ? 0 : 1,
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
    };
    const empty = emptyBuckets();
    return {
        ...sums,
        delinquency: performing ? { ...empty, [status]: { count: 1, balance: amounts.closingBalance } } : empty,
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
    return recordOf(ROLL_FORWARD_LINES, (line) => totals[line]);
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
    return zeroAmounts(CUMULATIVE_FIELDS);
}

/** Adds a period's totals to the running totals. @throws {@link AbsAmountRangeError} on overflow. */
export function addCumulative(cumulative: CumulativeTotals, period: PeriodTotals): CumulativeTotals {
    return addAmountRecords(CUMULATIVE_FIELDS, cumulative, period, 'cumulative.');
}
