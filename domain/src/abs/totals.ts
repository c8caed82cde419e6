/**
 * The additive totals of the ABS area: each type is a record over its field list, so the list is the single place
 * a total is named, and the sums in `period-totals.ts` walk the same lists.
 */
import { type AmountRecord, type WeightedSums } from './amounts.js';
import { type LoanStatus, type PerformingStatus } from './loan.js';

/** Count and principal balance of the loans in one performing status. */
export interface BucketTotals {
    readonly count: number;
    readonly balance: number;
}

/** The exit statuses: a loan entering one during a period is counted in the period's exits. */
export const EXIT_STATUSES = [
    'PREPAID',
    'PAID_OFF',
    'DEFAULTED',
    'CHARGED_OFF',
    'REPURCHASED',
    'SUBSTITUTED',
] as const satisfies readonly LoanStatus[];

/** Number of loans that moved into each exit status during the period. */
export type ExitCounts = AmountRecord<typeof EXIT_STATUSES>;

/** The lines of a {@link RollForward}, in report order; each is the period sum of the same name. */
export const ROLL_FORWARD_LINES = [
    'openingBalance',
    'revolvingPurchasedPrincipal',
    'substitutionInPrincipal',
    'scheduledPrincipal',
    'prepaidPrincipal',
    'defaultedPrincipal',
    'repurchasedPrincipal',
    'substitutedPrincipal',
    'closingBalance',
] as const;

/** The pool balance roll-forward of a period; the servicer's report must state the same nine figures. */
export type RollForward = AmountRecord<typeof ROLL_FORWARD_LINES>;

/**
 * The integer sums of period rows: two row counts, the roll-forward lines, charge-offs and recoveries. `inPoolRows`:
 * rows of loans in the pool at the period's start or added during it; `outOfPoolRows`: rows of loans already
 * DEFAULTED or CHARGED_OFF at its start (recoveries, charge-offs).
 */
export const PERIOD_SUM_FIELDS = [
    'inPoolRows',
    'outOfPoolRows',
    ...ROLL_FORWARD_LINES,
    'chargedOffPrincipal',
    'recoveredAmount',
] as const;

/** An integer sum of period rows. */
export type PeriodSumField = (typeof PERIOD_SUM_FIELDS)[number];

/**
 * Additive totals of period rows: a batch's totals (kept private, a batch may hold one loan) add up to the
 * period's pool-level totals (public). The weighted sums (Σ rateBps × closing balance, Σ remainingTerm in months ×
 * closing balance, over performing loans) may exceed 2^53 and are decimal strings.
 */
export interface PeriodTotals extends AmountRecord<typeof PERIOD_SUM_FIELDS>, WeightedSums {
    readonly delinquency: Readonly<Record<PerformingStatus, BucketTotals>>;
    readonly exits: ExitCounts;
}

/** The period sums kept running since cut-off. */
export const CUMULATIVE_FIELDS = [
    'defaultedPrincipal',
    'chargedOffPrincipal',
    'recoveredAmount',
    'prepaidPrincipal',
    'repurchasedPrincipal',
    'substitutedPrincipal',
    'revolvingPurchasedPrincipal',
    'substitutionInPrincipal',
] as const satisfies readonly PeriodSumField[];

/** Running totals since cut-off, kept on the pool and copied into each report. */
export type CumulativeTotals = AmountRecord<typeof CUMULATIVE_FIELDS>;
