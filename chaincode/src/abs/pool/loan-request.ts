import {
    ABS_ERRORS,
    type DealRecord,
    type LoanAmountsInput,
    type LoanRowInput,
    LOAN_REF_PATTERN,
    MAX_DAYS_PAST_DUE,
    MAX_LOANS_PER_BATCH,
    MAX_RATE_BPS,
    MAX_TERM_MONTHS,
    PERFORMING_STATUSES,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { asFields, type Fields, integer, list, oneOf, text } from '../../core/request-fields.js';
import { fingerprintOf, loanIdOf, saltOf } from '../fields.js';
import { checkPerformingStatus, requireDistinctLoans } from '../loan-status.js';
import { transientLoanAmounts } from '../private-data.js';

/** A loan row of a cut-off or purchase batch with its private amounts joined. */
export interface LoanInput extends LoanRowInput {
    readonly amounts: LoanAmountsInput;
}

/** Parses the public fields of one loan row. */
export function parseLoanRow(item: unknown, path: string): LoanRowInput {
    const fields = asFields(item, path);
    return {
        loanId: loanIdOf(fields, 'loanId', { path }),
        loanRef: text(fields, 'loanRef', { path, pattern: LOAN_REF_PATTERN, max: 69 }),
        fingerprint: fingerprintOf(fields, 'fingerprint', { path }),
        rateBps: integer(fields, 'rateBps', { path, min: 0, max: MAX_RATE_BPS }),
        originalTerm: integer(fields, 'originalTerm', { path, min: 1, max: MAX_TERM_MONTHS }),
        remainingTerm: integer(fields, 'remainingTerm', { path, min: 0, max: MAX_TERM_MONTHS }),
        status: oneOf(fields, 'status', PERFORMING_STATUSES, { path }),
        daysPastDue: integer(fields, 'daysPastDue', { path, min: 0, max: MAX_DAYS_PAST_DUE }),
    };
}

/** Parses the private amounts of one loan from its transient entry. */
export function parseLoanAmounts(fields: Fields, path: string): LoanAmountsInput {
    return {
        loanId: loanIdOf(fields, 'loanId', { path }),
        originalPrincipal: integer(fields, 'originalPrincipal', { path, min: 1 }),
        currentPrincipal: integer(fields, 'currentPrincipal', { path, min: 1 }),
        salt: saltOf(fields, { path }),
    };
}

/**
 * Reads the `loans` list of a request with a row parser, checks that no loan repeats, and joins each row with its
 * amounts from the transient field.
 */
export function loansWithAmounts<R extends LoanRowInput>(
    ctx: Context,
    fields: Fields,
    parseRow: (item: unknown, path: string) => R,
): (R & { readonly amounts: LoanAmountsInput })[] {
    const rows = list(fields, 'loans', { max: MAX_LOANS_PER_BATCH }).map((item, i) => parseRow(item, `loans[${i}]`));
    requireDistinctLoans(
        rows.map((row) => row.loanId),
        'loans',
    );
    const amounts = transientLoanAmounts(
        ctx,
        rows.map((row) => row.loanId),
    );
    return rows.map((row) => {
        const entry = amounts.get(row.loanId)!;
        return { ...row, amounts: parseLoanAmounts(entry, `transient.loans[${row.loanId}]`) };
    });
}

/**
 * Checks a loan's fields against each other and against the deal's definitions.
 *
 * @throws ChaincodeError ABS_LOAN_INCONSISTENT (current above original principal, remaining above original
 * term), ABS_STATUS_MISMATCH, ABS_DEFAULT_NOT_RECOGNISED.
 */
export function checkLoan(loan: LoanInput, deal: DealRecord, index: number): void {
    const where = { index, loanId: loan.loanId };
    if (loan.amounts.currentPrincipal > loan.amounts.originalPrincipal) {
        throw new ChaincodeError(ABS_ERRORS.ABS_LOAN_INCONSISTENT, `loans[${index}] owes more than it borrowed`, {
            ...where,
            field: 'currentPrincipal',
        });
    }
    if (loan.remainingTerm > loan.originalTerm) {
        throw new ChaincodeError(ABS_ERRORS.ABS_LOAN_INCONSISTENT, `loans[${index}] has more term left than it had`, {
            ...where,
            field: 'remainingTerm',
        });
    }
    checkPerformingStatus(loan.status, loan.daysPastDue, deal, where);
}
