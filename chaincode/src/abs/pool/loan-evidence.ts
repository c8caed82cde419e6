import { ABS_ERRORS, type DealRecord, type LifecycleStage, type LoanHead, type LoanParties } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { allByPartialKey, exists, readAhead, readJson, writeJson } from '../../core/ledger-state.js';
import { loanHeadKey, loanPartiesKey } from '../../evidence/ledger-keys.js';
import { loanPartiesOf } from '../../evidence/records/loan-parties.js';
import { requireDistinctLoans } from '../loan-status.js';
import { ABS_OBJECTS, loanDealKey } from '../keys.js';

/**
 * The link between a pool loan and its evidence chain. Every pool loan names its evidence `loanRef`, and enters a
 * pool (cut-off tape, revolving purchase, substitution) only with an evidence chain that proves it exists: the
 * chain's first record bound the loan's funding bank, which must be the deal's issuer (a bank securitises only
 * loans it funds), and the chain holds current CONTRACT_SIGNING and DISBURSEMENT evidence (a loan never signed or
 * never paid out is no asset). Each loan leaves an index entry `[loanRef, dealId]`, so an evidence read by an
 * investor asks which deals hold the loan and whether the investor holds one of them.
 *
 * Reading the loan's head puts it in the pool transaction's read set: an evidence write to the same loan committed
 * first invalidates the pool write (MVCC), which the issuer then repeats against the new head.
 */

/** The stages a loan's chain must hold current evidence of before the loan enters a pool. */
export const POOL_ENTRY_STAGES: readonly LifecycleStage[] = Object.freeze(['CONTRACT_SIGNING', 'DISBURSEMENT']);

/** What the index entry of a pool loan records. */
export interface LoanDealEntry {
    readonly loanRef: string;
    readonly dealId: string;
    readonly loanId: string;
}

/**
 * Refuses a loanRef the batch names twice, one the deal's pool already holds (one evidence loan is one pool loan),
 * one whose evidence chain names another funding bank, and one whose chain is missing or lacks current
 * {@link POOL_ENTRY_STAGES} evidence. Every loan's index entry, parties and head are read up front in one message
 * to the peer where it batches.
 *
 * @throws {@link ChaincodeError} ABS_DUPLICATE_LOAN, ABS_LOAN_EXISTS, ABS_LOAN_OF_ANOTHER_BANK,
 *   ABS_LOAN_EVIDENCE_MISSING (details: index, loanRef, missing stages).
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
    await readAhead(
        ctx,
        loans.flatMap((loan) => [
            loanDealKey(ctx, loan.loanRef, deal.dealId),
            loanPartiesKey(ctx, loan.loanRef),
            loanHeadKey(ctx, loan.loanRef),
        ]),
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
        requireIssuersBank(deal, parties, loan.loanRef, index);
        const head = await readJson<LoanHead>(ctx, loanHeadKey(ctx, loan.loanRef));
        const missing = POOL_ENTRY_STAGES.filter((stage) => (head?.currentStages[stage] ?? 0) < 1);
        if (parties === undefined || missing.length > 0) {
            throw new ChaincodeError(
                ABS_ERRORS.ABS_LOAN_EVIDENCE_MISSING,
                head === undefined
                    ? `loans[${index}] ${loan.loanRef} has no evidence chain; register its contract signing and disbursement first`
                    : `loans[${index}] ${loan.loanRef} has no current ${missing.join(' or ')} evidence on its chain`,
                {
                    dealId: deal.dealId,
                    field: `loans[${index}].loanRef`,
                    index,
                    loanRef: loan.loanRef,
                    missing: head === undefined ? [...POOL_ENTRY_STAGES] : missing,
                },
            );
        }
    }
}

function requireIssuersBank(deal: DealRecord, parties: LoanParties | undefined, loanRef: string, index: number): void {
    if (parties !== undefined && parties.bank !== deal.issuerMspId) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_LOAN_OF_ANOTHER_BANK,
            `loans[${index}] ${loanRef} is funded by ${parties.bank}, not by the issuer ${deal.issuerMspId}`,
            { bank: parties.bank, dealId: deal.dealId, index, issuerMspId: deal.issuerMspId, loanRef },
        );
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
