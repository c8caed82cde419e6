import { ABS_ERRORS } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { exists } from '../../core/ledger-state.js';
import { loanKey } from '../keys.js';
import { type LoanInput } from './loan-request.js';

/** What every loan joining the pool (cut-off tape or purchase) starts with. */

/**
 * Refuses a loan ID the pool already holds.
 *
 * @throws ChaincodeError ABS_LOAN_EXISTS.
 */
export async function requireNewLoan(ctx: Context, dealId: string, loanId: string, index: number): Promise<void> {
    if (await exists(ctx, loanKey(ctx, dealId, loanId))) {
        throw new ChaincodeError(ABS_ERRORS.ABS_LOAN_EXISTS, `loans[${index}] ${loanId} is already in the pool`, {
            dealId,
            index,
            loanId,
        });
    }
}

/** The bookkeeping fields of a newly written loan record. */
export function newLoanBookkeeping(
    time: string,
    txId: string,
    batchId: string,
): { lastReportedPeriod: number; batchId: string; updatedAt: string; txId: string } {
    return { lastReportedPeriod: 0, batchId, updatedAt: time, txId };
}

/** The private amounts record of a newly added loan, without its identifiers. */
export function principalOf(amounts: LoanInput['amounts']): {
    originalPrincipal: number;
    currentPrincipal: number;
    defaultedPrincipal: number;
    chargedOffPrincipal: number;
    recoveredAmount: number;
    salt: string;
} {
    return {
        originalPrincipal: amounts.originalPrincipal,
        currentPrincipal: amounts.currentPrincipal,
        defaultedPrincipal: 0,
        chargedOffPrincipal: 0,
        recoveredAmount: 0,
        salt: amounts.salt,
    };
}
