/** A loan's row for one collection period: its public record and its private amounts. */
import { type AmountRecord } from './amounts.js';
import { type LoanStatus, type RemovalReason, type RowEventType } from './loan.js';

/** The amounts a servicer reports in a loan's period row. */
export const ROW_REPORTED_AMOUNTS = [
    'scheduledPrincipal',
    'prepaidPrincipal',
    'defaultedPrincipal',
    'repurchasedPrincipal',
    'substitutedPrincipal',
    'chargedOffPrincipal',
    'recoveredAmount',
    'closingBalance',
] as const;

/** The amounts of a period row: the ledger's opening and added principal, then what the servicer reported. */
export const ROW_AMOUNT_FIELDS = ['openingBalance', 'addedPrincipal', ...ROW_REPORTED_AMOUNTS] as const;

/** The amounts of a period row, without the identifiers and salt of their private record. */
export type RowAmounts = AmountRecord<typeof ROW_AMOUNT_FIELDS>;

/** The private amounts of a loan's period row. */
export interface PeriodRowAmounts extends RowAmounts {
    readonly dealId: string;
    readonly periodNo: number;
    readonly loanId: string;
    readonly salt: string;
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
