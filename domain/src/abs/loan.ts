/** Loans of an ABS pool: statuses, public records, private amounts and loan events. */

/** Statuses of a loan that is in the pool and performing (current or delinquent), in bucket order. */
export const PERFORMING_STATUSES = ['CURRENT', 'DPD_1_30', 'DPD_31_60', 'DPD_61_90', 'DPD_90_PLUS'] as const;

/** A performing status. */
export type PerformingStatus = (typeof PERFORMING_STATUSES)[number];

/** Every loan status. */
export const LOAN_STATUSES = [
    ...PERFORMING_STATUSES,
    'DEFAULTED',
    'CHARGED_OFF',
    'PREPAID',
    'PAID_OFF',
    'REPURCHASED',
    'SUBSTITUTED',
] as const;

/** A loan status. */
export type LoanStatus = (typeof LOAN_STATUSES)[number];

/** Statuses after which a loan takes no more period rows. DEFAULTED and CHARGED_OFF still take recoveries. */
export const TERMINAL_STATUSES: readonly LoanStatus[] = ['PREPAID', 'PAID_OFF', 'REPURCHASED', 'SUBSTITUTED'];

/** True for the statuses of a loan in the pool balance. */
export function isPerforming(status: LoanStatus): status is PerformingStatus {
    return (PERFORMING_STATUSES as readonly string[]).includes(status);
}

/** The performing status a number of days past due falls in: 0 → CURRENT, 1-30, 31-60, 61-90, 91+ (90+). */
export function bucketOfDaysPastDue(daysPastDue: number): PerformingStatus {
    if (daysPastDue <= 0) {
        return 'CURRENT';
    }
    if (daysPastDue <= 30) {
        return 'DPD_1_30';
    }
    if (daysPastDue <= 60) {
        return 'DPD_31_60';
    }
    return daysPastDue <= 90 ? 'DPD_61_90' : 'DPD_90_PLUS';
}

/** How a loan joined the pool. */
export const ACQUISITIONS = ['CUT_OFF', 'REVOLVING_PURCHASE', 'SUBSTITUTION'] as const;

/** An acquisition kind. */
export type Acquisition = (typeof ACQUISITIONS)[number];

/** Loan events: every change to the pool after cut-off, each with its own evidence fingerprint. */
export const LOAN_EVENT_TYPES = [
    'REVOLVING_PURCHASE',
    'SUBSTITUTION_IN',
    'SUBSTITUTION_OUT',
    'PREPAYMENT',
    'DEFAULT',
    'CHARGE_OFF',
    'RECOVERY',
    'REPURCHASE',
] as const;

/** A loan event type. */
export type LoanEventType = (typeof LOAN_EVENT_TYPES)[number];

/** The event types a period row can carry, each tied to one amount of the row. */
export const ROW_EVENT_TYPES = [
    'PREPAYMENT',
    'DEFAULT',
    'CHARGE_OFF',
    'RECOVERY',
    'REPURCHASE',
    'SUBSTITUTION_OUT',
] as const satisfies readonly LoanEventType[];

/** A period-row event type. */
export type RowEventType = (typeof ROW_EVENT_TYPES)[number];

/** Reasons for a repurchase or substitution (after Reg AB repurchaseReplacementReasonCode). */
export const REMOVAL_REASONS = [
    'FRAUD',
    'EARLY_PAYMENT_DEFAULT',
    'REPS_AND_WARRANTIES_BREACH',
    'SERVICER_BREACH',
    'CLEAN_UP_CALL',
    'OTHER',
] as const;

/** A removal reason. */
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

/** The public, non-sensitive fields of a loan row as the issuer submits them (cut-off or purchase). */
export interface LoanRowInput {
    readonly loanId: string;
    /**
     * The loan's pseudonymous reference in the evidence area (`loan:<64 hex>`): its evidence chain names its funding
     * bank, which must be the deal's issuer, and the deal's holders may read that chain.
     */
    readonly loanRef: string;
    /** Salted fingerprint of the full off-chain loan row (amounts included). */
    readonly fingerprint: string;
    /** Contract interest rate, basis points a year. */
    readonly rateBps: number;
    readonly originalTerm: number;
    readonly remainingTerm: number;
    readonly status: PerformingStatus;
    readonly daysPastDue: number;
}

/** The private amounts of a loan row as the issuer submits them in the transient map. */
export interface LoanAmountsInput {
    readonly loanId: string;
    readonly originalPrincipal: number;
    readonly currentPrincipal: number;
    readonly salt: string;
}

/** A loan as the public state holds it: no amounts, only their salted digest. */
export interface LoanRecord {
    readonly dealId: string;
    readonly loanId: string;
    readonly loanRef: string;
    readonly fingerprint: string;
    readonly rateBps: number;
    readonly originalTerm: number;
    readonly remainingTerm: number;
    readonly status: LoanStatus;
    readonly daysPastDue: number;
    readonly acquisition: Acquisition;
    /** Position in the cut-off tape (0-based); absent for loans bought later. */
    readonly tapeIndex?: number;
    /** Period in which the loan joined the pool; 0 for the cut-off tape. */
    readonly addedInPeriod: number;
    /** Evidence of the purchase or substitution that brought the loan in. */
    readonly acquisitionEvidence?: string;
    readonly replaces?: string;
    readonly replacedBy?: string;
    readonly lastReportedPeriod: number;
    /** `sha256:` digest of the canonical JSON of the loan's private amounts record. */
    readonly amountsDigest: string;
    readonly batchId: string;
    readonly updatedAt: string;
    readonly txId: string;
}

/** A loan's amounts as the private data collection holds them. */
export interface LoanAmountsRecord {
    readonly dealId: string;
    readonly loanId: string;
    readonly originalPrincipal: number;
    /** Principal in the pool after the last reported period (0 once the loan has left the pool). */
    readonly currentPrincipal: number;
    readonly defaultedPrincipal: number;
    readonly chargedOffPrincipal: number;
    readonly recoveredAmount: number;
    readonly salt: string;
}

/** A loan event (public part; its amount, if any, is in the period row's private record). */
export interface LoanEventRecord {
    readonly dealId: string;
    readonly loanId: string;
    readonly periodNo: number;
    readonly type: LoanEventType;
    readonly evidence: string;
    readonly reasonCode?: string;
    /** For SUBSTITUTION_IN the loan replaced; for SUBSTITUTION_OUT the replacement. */
    readonly counterpartLoanId?: string;
    readonly txId: string;
    readonly time: string;
}
