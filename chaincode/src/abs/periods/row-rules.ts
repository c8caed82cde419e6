import {
    ABS_ERRORS,
    type DealRecord,
    type ErrorDetails,
    isPerforming,
    type LoanAmountsRecord,
    type LoanRecord,
    type LoanStatus,
    type PeriodRowAmounts,
    ROW_EVENT_TYPES,
    type RowEventType,
    TERMINAL_STATUSES,
} from '@lendledger/domain';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { checkPerformingStatus } from '../loan-status.js';
import { type PeriodRowInput, type RowAmountsInput } from './row-request.js';

/**
 * The rules a loan's period row must follow, given the loan's status before the period. One table says, for
 * each (phase before, status after), which flows must be positive, which must be zero, and whether the closing
 * balance is positive (still in the pool) or zero (left it). Everything else is the roll-forward identity, the
 * loss caps and the evidence rule.
 */

type Flow = Exclude<keyof RowAmountsInput, 'closingBalance' | 'salt'>;

interface StatusRule {
    readonly positive: readonly Flow[];
    readonly zero: readonly Flow[];
    readonly closing: 'POSITIVE' | 'ZERO';
}

/** The three phases a loan can be in when a period starts. */
type Phase = 'IN_POOL' | 'DEFAULTED' | 'CHARGED_OFF';

const PERFORMING_RULE: StatusRule = {
    positive: [],
    zero: [
        'defaultedPrincipal',
        'repurchasedPrincipal',
        'substitutedPrincipal',
        'chargedOffPrincipal',
        'recoveredAmount',
    ],
    closing: 'POSITIVE',
};

const NO_PRINCIPAL_FLOWS: readonly Flow[] = [
    'scheduledPrincipal',
    'prepaidPrincipal',
    'defaultedPrincipal',
    'repurchasedPrincipal',
    'substitutedPrincipal',
];

const RULES: Readonly<Record<Phase, Partial<Record<LoanStatus, StatusRule>>>> = {
    IN_POOL: {
        CURRENT: PERFORMING_RULE,
        DPD_1_30: PERFORMING_RULE,
        DPD_31_60: PERFORMING_RULE,
        DPD_61_90: PERFORMING_RULE,
        DPD_90_PLUS: PERFORMING_RULE,
        PAID_OFF: { positive: [], zero: [...PERFORMING_RULE.zero, 'prepaidPrincipal'], closing: 'ZERO' },
        PREPAID: { positive: ['prepaidPrincipal'], zero: PERFORMING_RULE.zero, closing: 'ZERO' },
        DEFAULTED: {
            positive: ['defaultedPrincipal'],
            zero: ['repurchasedPrincipal', 'substitutedPrincipal', 'chargedOffPrincipal'],
            closing: 'ZERO',
        },
        CHARGED_OFF: {
            positive: ['defaultedPrincipal', 'chargedOffPrincipal'],
            zero: ['repurchasedPrincipal', 'substitutedPrincipal'],
            closing: 'ZERO',
        },
        REPURCHASED: {
            positive: ['repurchasedPrincipal'],
            zero: ['defaultedPrincipal', 'substitutedPrincipal', 'chargedOffPrincipal', 'recoveredAmount'],
            closing: 'ZERO',
        },
        SUBSTITUTED: {
            positive: ['substitutedPrincipal'],
            zero: ['defaultedPrincipal', 'repurchasedPrincipal', 'chargedOffPrincipal', 'recoveredAmount'],
            closing: 'ZERO',
        },
    },
    DEFAULTED: {
        DEFAULTED: { positive: [], zero: [...NO_PRINCIPAL_FLOWS, 'chargedOffPrincipal'], closing: 'ZERO' },
        CHARGED_OFF: { positive: ['chargedOffPrincipal'], zero: NO_PRINCIPAL_FLOWS, closing: 'ZERO' },
    },
    CHARGED_OFF: {
        CHARGED_OFF: { positive: [], zero: [...NO_PRINCIPAL_FLOWS, 'chargedOffPrincipal'], closing: 'ZERO' },
    },
};

/** The amount each row event stands for. */
const EVENT_AMOUNTS: Readonly<Record<RowEventType, Flow>> = {
    PREPAYMENT: 'prepaidPrincipal',
    DEFAULT: 'defaultedPrincipal',
    CHARGE_OFF: 'chargedOffPrincipal',
    RECOVERY: 'recoveredAmount',
    REPURCHASE: 'repurchasedPrincipal',
    SUBSTITUTION_OUT: 'substitutedPrincipal',
};

/** What a valid row does to its loan. */
export interface RowOutcome {
    /** The row's private amounts (without identifiers and salt). */
    readonly rowAmounts: Omit<PeriodRowAmounts, 'dealId' | 'periodNo' | 'loanId' | 'salt'>;
    /** The loan's private amounts after the period. */
    readonly loanAmounts: LoanAmountsRecord;
    /** The events the row records. */
    readonly events: readonly RowEventType[];
}

/**
 * Validates a loan's period row and computes its effect.
 *
 * @throws ChaincodeError ABS_LOAN_CLOSED, ABS_LOAN_TRANSITION_NOT_ALLOWED, ABS_STATUS_MISMATCH,
 * ABS_DEFAULT_NOT_RECOGNISED, ABS_SUBSTITUTION_MISMATCH, ABS_LOAN_DOES_NOT_RECONCILE, ABS_LOSS_EXCEEDS_DEFAULT,
 * ABS_EVIDENCE_MISMATCH, ABS_LOAN_INCONSISTENT.
 */
export function applyRow(
    deal: DealRecord,
    loan: LoanRecord,
    amounts: LoanAmountsRecord,
    row: PeriodRowInput,
    context: Readonly<{ periodNo: number; index: number }>,
): RowOutcome {
    const where: ErrorDetails = { index: context.index, loanId: loan.loanId };
    const rule = ruleFor(loan, row.status, where);
    if (isPerforming(row.status)) {
        checkPerformingStatus(row.status, row.daysPastDue, deal, where);
    }
    if (row.remainingTerm > loan.originalTerm) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_LOAN_INCONSISTENT,
            `rows[${context.index}] has more term left than it had`,
            {
                ...where,
                field: 'remainingTerm',
            },
        );
    }
    checkSubstitution(loan, row, where);
    checkRule(rule, row, where);
    const joinedThisPeriod = loan.addedInPeriod === context.periodNo;
    const openingBalance = joinedThisPeriod || !isPerforming(loan.status) ? 0 : amounts.currentPrincipal;
    const addedPrincipal = joinedThisPeriod ? amounts.currentPrincipal : 0;
    checkReconciles(row.amounts, openingBalance, addedPrincipal, where);
    const loanAmounts = nextLoanAmounts(amounts, row.amounts, where);
    checkEvidence(row, where);
    const { salt, ...flows } = row.amounts;
    return {
        rowAmounts: { ...flows, openingBalance, addedPrincipal },
        loanAmounts: { ...loanAmounts, salt },
        events: ROW_EVENT_TYPES.filter((type) => row.amounts[EVENT_AMOUNTS[type]] > 0),
    };
}

function ruleFor(loan: LoanRecord, status: LoanStatus, where: ErrorDetails): StatusRule {
    if (TERMINAL_STATUSES.includes(loan.status)) {
        throw new ChaincodeError(ABS_ERRORS.ABS_LOAN_CLOSED, `loan ${loan.loanId} left the pool as ${loan.status}`, {
            ...where,
            status: loan.status,
        });
    }
    const phase: Phase = isPerforming(loan.status) ? 'IN_POOL' : (loan.status as 'DEFAULTED' | 'CHARGED_OFF');
    const rule = RULES[phase][status];
    if (rule === undefined) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_LOAN_TRANSITION_NOT_ALLOWED,
            `loan ${loan.loanId} cannot move from ${loan.status} to ${status}`,
            { ...where, from: loan.status, to: status },
        );
    }
    return rule;
}

function checkSubstitution(loan: LoanRecord, row: PeriodRowInput, where: ErrorDetails): void {
    if ((loan.replacedBy !== undefined) !== (row.status === 'SUBSTITUTED')) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_SUBSTITUTION_MISMATCH,
            loan.replacedBy === undefined
                ? `loan ${loan.loanId} has no substitute: buy one with PurchaseLoans first`
                : `loan ${loan.loanId} was replaced by ${loan.replacedBy} and must be reported SUBSTITUTED`,
            { ...where, replacedBy: loan.replacedBy ?? null, status: row.status },
        );
    }
}

function checkRule(rule: StatusRule, row: PeriodRowInput, where: ErrorDetails): void {
    const mismatch = (field: string, expected: string): ChaincodeError =>
        new ChaincodeError(ABS_ERRORS.ABS_STATUS_MISMATCH, `a ${row.status} row must have ${field} ${expected}`, {
            ...where,
            expected,
            field,
            status: row.status,
        });
    const positive = rule.positive.find((flow) => row.amounts[flow] === 0);
    if (positive !== undefined) {
        throw mismatch(positive, 'above 0');
    }
    const zero = rule.zero.find((flow) => row.amounts[flow] !== 0);
    if (zero !== undefined) {
        throw mismatch(zero, '0');
    }
    if ((rule.closing === 'ZERO') !== (row.amounts.closingBalance === 0)) {
        throw mismatch('closingBalance', rule.closing === 'ZERO' ? '0' : 'above 0');
    }
}

function checkReconciles(amounts: RowAmountsInput, opening: number, added: number, where: ErrorDetails): void {
    const expected =
        BigInt(opening) +
        BigInt(added) -
        BigInt(amounts.scheduledPrincipal) -
        BigInt(amounts.prepaidPrincipal) -
        BigInt(amounts.defaultedPrincipal) -
        BigInt(amounts.repurchasedPrincipal) -
        BigInt(amounts.substitutedPrincipal);
    if (expected !== BigInt(amounts.closingBalance)) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_LOAN_DOES_NOT_RECONCILE,
            `loan ${String(where.loanId)}: opening ${opening} + added ${added} − flows gives ${expected}, not the closing balance ${amounts.closingBalance}`,
            { ...where, closingBalance: amounts.closingBalance, expected: expected.toString() },
        );
    }
}

function nextLoanAmounts(
    before: LoanAmountsRecord,
    row: RowAmountsInput,
    where: ErrorDetails,
): Omit<LoanAmountsRecord, 'salt'> {
    const defaultedPrincipal = before.defaultedPrincipal + row.defaultedPrincipal;
    const chargedOffPrincipal = before.chargedOffPrincipal + row.chargedOffPrincipal;
    const recoveredAmount = before.recoveredAmount + row.recoveredAmount;
    if (chargedOffPrincipal > defaultedPrincipal || recoveredAmount > defaultedPrincipal) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_LOSS_EXCEEDS_DEFAULT,
            `loan ${String(where.loanId)}: charge-offs and recoveries may not exceed its defaulted principal`,
            { ...where, chargedOffPrincipal, defaultedPrincipal, recoveredAmount },
        );
    }
    return {
        dealId: before.dealId,
        loanId: before.loanId,
        originalPrincipal: before.originalPrincipal,
        currentPrincipal: row.closingBalance,
        defaultedPrincipal,
        chargedOffPrincipal,
        recoveredAmount,
    };
}

function checkEvidence(row: PeriodRowInput, where: ErrorDetails): void {
    for (const type of ROW_EVENT_TYPES) {
        const hasAmount = row.amounts[EVENT_AMOUNTS[type]] > 0;
        if (hasAmount !== (row.evidence[type] !== undefined)) {
            throw new ChaincodeError(
                ABS_ERRORS.ABS_EVIDENCE_MISMATCH,
                hasAmount ? `a ${type} needs its evidence fingerprint` : `evidence.${type} has no amount`,
                { ...where, event: type },
            );
        }
    }
    const needsReason = row.amounts.repurchasedPrincipal > 0 || row.amounts.substitutedPrincipal > 0;
    if (needsReason !== (row.reasonCode !== undefined)) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_EVIDENCE_MISMATCH,
            needsReason ? 'a repurchase or substitution needs a reasonCode' : 'reasonCode is only for removals',
            { ...where, event: 'reasonCode' },
        );
    }
}
