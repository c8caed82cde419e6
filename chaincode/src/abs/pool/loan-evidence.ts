import { ABS_ERRORS, type DealRecord } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { allByPartialKey, exists, writeJson } from '../../core/ledger-state.js';
import { loanPartiesOf } from '../../evidence/records/loan-parties.js';
import { requireDistinctLoans } from '../loan-status.js';
import { ABS_OBJECTS, loanDealKey } from '../keys.js';

/**
 * The link between a pool loan and its evidence chain. Every pool loan names its evidence `loanRef`; the chain's
 * first record bound the loan's funding bank, which must be the deal's issuer (a bank securitises only loans it
 * funds). Each loan leaves an index entry `[loanRef, dealId]`, so an evidence read by an investor asks which deals
 * hold the loan and whether the investor holds one of them.
 *
 * A loanRef with no evidence chain yet is accepted for now: issue 16 will refuse it; a chain naming another bank is
 * refused today.
 */

/** What the index entry of a pool loan records. */
export interface LoanDealEntry {
    readonly loanRef: string;
    readonly dealId: string;
    readonly loanId: string;
}

/**
 * Refuses loans whose evidence chain names another funding bank, a loanRef the batch names twice, and a loanRef the
 * deal's pool already holds (one evidence loan is one pool loan).
 *
 * @throws {@link ChaincodeError} ABS_DUPLICATE_LOAN, ABS_LOAN_EXISTS, ABS_LOAN_OF_ANOTHER_BANK.
 */
export async function requireIssuersLoans(
    ctx: Context,
    deal: DealRecord,
    loans: readonly Readonly<{ loanId: string; loanRef: string }>[],
): Promise<void> {
    requireDistinctLoans(
        loans.map((loan) => loan.loanRef),
        'loans',
    );
    for (const [index, loan] of loans.entries()) {
        if (await exists(ctx, loanDealKey(ctx, loan.loanRef, deal.dealId))) {
            throw new ChaincodeError(
                ABS_ERRORS.ABS_LOAN_EXISTS,
                `loans[${index}] ${loan.loanRef} is already in the pool of deal ${deal.dealId}`,
                { dealId: deal.dealId, index, loanRef: loan.loanRef },
            );
        }
        const parties = await loanPartiesOf(ctx, loan.loanRef);
        if (parties !== undefined && parties.bank !== deal.issuerMspId) {
            throw new ChaincodeError(
                ABS_ERRORS.ABS_LOAN_OF_ANOTHER_BANK,
                `loans[${index}] ${loan.loanRef} is funded by ${parties.bank}, not by the issuer ${deal.issuerMspId}`,
                {
                    bank: parties.bank,
                    dealId: deal.dealId,
                    index,
                    issuerMspId: deal.issuerMspId,
                    loanRef: loan.loanRef,
                },
            );
        }
    }
}

/** Records that the deal's pool holds the loan. */
export async function indexPoolLoan(ctx: Context, entry: LoanDealEntry): Promise<void> {
    await writeJson(ctx, loanDealKey(ctx, entry.loanRef, entry.dealId), entry);
}

/** The deals whose pools hold (or held) the evidence loan, in deal-ID order. */
export async function dealsHoldingLoan(ctx: Context, loanRef: string): Promise<LoanDealEntry[]> {
    return allByPartialKey<LoanDealEntry>(ctx, ABS_OBJECTS.loanDeal, [loanRef]);
}
