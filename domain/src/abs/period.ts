/** Collection periods, loan-level period rows, pool-level totals and period reports of the ABS area. */
import { type DealStatus, type TriggerConsequence, type Comparator, type TriggerMetric } from './deal.js';
import { type LoanStatus, type PerformingStatus, type RemovalReason, type RowEventType } from './loan.js';
import { type PeriodMetrics } from './metrics/period-metrics.js';

/** Count and principal balance of the loans in one performing status. */
export interface BucketTotals {
    readonly count: number;
    readonly balance: number;
}

/** Number of loans that moved into each exit status during the period. */
export interface ExitCounts {
    readonly PREPAID: number;
    readonly PAID_OFF: number;
    readonly DEFAULTED: number;
    readonly CHARGED_OFF: number;
    readonly REPURCHASED: number;
    readonly SUBSTITUTED: number;
}

/**
 * Additive totals of period rows: a batch's totals (kept private, a batch may hold one loan) add up to the
 * period's pool-level totals (public). Weighted sums may exceed 2^53 and are decimal strings.
 */
export interface PeriodTotals {
    /** Rows of loans in the pool at the period's start or added during it. */
    readonly inPoolRows: number;
    /** Rows of loans already DEFAULTED or CHARGED_OFF at the period's start (recoveries, charge-offs). */
    readonly outOfPoolRows: number;
    readonly openingBalance: number;
    readonly revolvingPurchasedPrincipal: number;
    readonly substitutionInPrincipal: number;
    readonly scheduledPrincipal: number;
    readonly prepaidPrincipal: number;
    readonly defaultedPrincipal: number;
    readonly repurchasedPrincipal: number;
    readonly substitutedPrincipal: number;
    readonly closingBalance: number;
    readonly chargedOffPrincipal: number;
    readonly recoveredAmount: number;
    readonly delinquency: Readonly<Record<PerformingStatus, BucketTotals>>;
    readonly exits: ExitCounts;
    /** Σ rateBps × closing balance over performing loans. */
    readonly weightedRateSum: string;
    /** Σ remainingTerm (months) × closing balance over performing loans. */
    readonly weightedTermSum: string;
}

/** Running totals since cut-off, kept on the pool and copied into each report. */
export interface CumulativeTotals {
    readonly defaultedPrincipal: number;
    readonly chargedOffPrincipal: number;
    readonly recoveredAmount: number;
    readonly prepaidPrincipal: number;
    readonly repurchasedPrincipal: number;
    readonly substitutedPrincipal: number;
    readonly revolvingPurchasedPrincipal: number;
    readonly substitutionInPrincipal: number;
}

/** The bases of the ratio metrics. */
export interface MetricBasis {
    /** Pool balance at cut-off. */
    readonly initialBalance: number;
    readonly cumulativeBasis: 'INITIAL_BALANCE' | 'INITIAL_PLUS_REVOLVING';
    /** Denominator of the cumulative default rate and cumulative net loss. */
    readonly basisBalance: number;
}

/** The pool balance roll-forward of a period; the servicer's report must state the same nine figures. */
export interface RollForward {
    readonly openingBalance: number;
    readonly revolvingPurchasedPrincipal: number;
    readonly substitutionInPrincipal: number;
    readonly scheduledPrincipal: number;
    readonly prepaidPrincipal: number;
    readonly defaultedPrincipal: number;
    readonly repurchasedPrincipal: number;
    readonly substitutedPrincipal: number;
    readonly closingBalance: number;
}

/** The lines of a {@link RollForward}, in report order. */
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
] as const satisfies readonly (keyof RollForward)[];

/** The result of testing one trigger at a period close. */
export interface TriggerResult {
    readonly triggerId: string;
    readonly metric: TriggerMetric;
    readonly comparator: Comparator;
    readonly thresholdPpm: number;
    readonly valuePpm: number;
    readonly breached: boolean;
    readonly consequence: TriggerConsequence;
}

/** A deal transition a period close caused. */
export interface DealTransitionRecord {
    readonly from: DealStatus;
    readonly to: DealStatus;
    readonly triggerId: string;
}

/** The computed content of a closed period. */
export interface PeriodReport {
    readonly reportFingerprint: string;
    readonly rollForward: RollForward;
    readonly totals: PeriodTotals;
    readonly cumulative: CumulativeTotals;
    readonly basis: MetricBasis;
    readonly metrics: PeriodMetrics;
    readonly triggers: readonly TriggerResult[];
    readonly dealTransition: DealTransitionRecord | null;
    /** Loans in the pool at the period's end. */
    readonly activeLoanCount: number;
    readonly batchIds: readonly string[];
}

/** A collection period (public state); `report` is set when the period is closed. */
export interface PeriodRecord {
    readonly dealId: string;
    readonly periodNo: number;
    readonly startDate: string;
    readonly endDate: string;
    readonly status: 'OPEN' | 'CLOSED';
    readonly openedAt: string;
    readonly openedTxId: string;
    readonly closedAt: string | null;
    readonly closedTxId: string | null;
    readonly report: PeriodReport | null;
}

/** The public part of a loan's row for one period. */
export interface PeriodRowRecord {
    readonly dealId: string;
    readonly periodNo: number;
    readonly loanId: string;
    readonly priorStatus: LoanStatus;
    readonly status: LoanStatus;
    readonly daysPastDue: number;
    readonly remainingTerm: number;
    /** Salted fingerprint of the servicer's loan-period row. */
    readonly fingerprint: string;
    /** Evidence fingerprint per event the row carries. */
    readonly evidence: Readonly<Partial<Record<RowEventType, string>>>;
    readonly reasonCode?: RemovalReason;
    readonly amountsDigest: string;
    readonly batchId: string;
    readonly txId: string;
    readonly time: string;
}

/** The private amounts of a loan's period row. */
export interface PeriodRowAmounts {
    readonly dealId: string;
    readonly periodNo: number;
    readonly loanId: string;
    readonly openingBalance: number;
    readonly addedPrincipal: number;
    readonly scheduledPrincipal: number;
    readonly prepaidPrincipal: number;
    readonly defaultedPrincipal: number;
    readonly repurchasedPrincipal: number;
    readonly substitutedPrincipal: number;
    readonly chargedOffPrincipal: number;
    readonly recoveredAmount: number;
    readonly closingBalance: number;
    readonly salt: string;
}

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

/** Private totals of a cut-off or purchase batch. */
export interface LoanBatchTotals {
    readonly loanCount: number;
    readonly originalPrincipal: number;
    readonly currentPrincipal: number;
    readonly weightedRateSum: string;
    readonly weightedTermSum: string;
    readonly salt: string;
}

/** Private totals of a rows batch. */
export interface RowBatchTotals extends PeriodTotals {
    readonly salt: string;
}

/** The immutable cut-off snapshot of a pool. */
export interface CutOffRecord {
    readonly dealId: string;
    readonly cutOffDate: string;
    readonly loanCount: number;
    readonly initialBalance: number;
    readonly originalPrincipal: number;
    readonly weightedRateSum: string;
    readonly weightedTermSum: string;
    readonly wacBps: number;
    readonly warmMonthsX100: number;
    /** RFC 9162 SHA-256 Merkle root (hex) of the tape; leaves in tape order, see `tapeLeaf`. */
    readonly tapeRoot: string;
    readonly tapeSize: number;
    readonly tapeFingerprint: string;
    readonly batchIds: readonly string[];
    readonly txId: string;
    readonly time: string;
}

/** The running state of a deal's pool. */
export interface PoolRecord {
    readonly dealId: string;
    readonly phase: 'OPEN' | 'CUT_OFF';
    /** Incremental RFC 9162 tree of the tape while it is being built. */
    readonly tape: { readonly size: number; readonly frontier: readonly string[] };
    readonly activeLoanCount: number;
    readonly currentBalance: number;
    readonly initialBalance: number;
    readonly cumulative: CumulativeTotals;
    readonly latestPoolFactorPpm: number;
    readonly openPeriod: number;
    readonly lastClosedPeriod: number;
    readonly lastPeriodEndDate: string | null;
    readonly updatedAt: string;
    readonly txId: string;
}

/** An investor's audit acknowledgement of a period report. */
export interface AcknowledgementRecord {
    readonly dealId: string;
    readonly periodNo: number;
    /** `sha256:` digest of the canonical JSON of the acknowledged period record. */
    readonly reportDigest: string;
    readonly investorMspId: string;
    readonly investorSubject: string;
    readonly statementCode: string | null;
    readonly txId: string;
    readonly time: string;
}
