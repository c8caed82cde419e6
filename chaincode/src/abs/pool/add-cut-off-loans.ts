import {
    ABS_ERRORS,
    ABS_EVENTS,
    addLoanToBatch,
    type DealRecord,
    emptyLoanBatchTotals,
    type LoanBatchTotals,
    tapeLeaf,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { txTime } from '../../core/ledger-state.js';
import { emitAbsEvent } from '../events.js';
import { type Fields } from '../../core/request-fields.js';
import { requireIssuerOf } from '../access.js';
import { touchDealGuard } from '../deals/deal-guard.js';
import { requireNewBatch, writeBatch } from '../batches.js';
import { readDeal } from '../deals/deal-store.js';
import { batchIdOf, dealIdOf } from '../fields.js';
import { batchSalt } from '../private-data.js';
import { withAmountRange } from '../amount-range.js';
import { checkLoan, type LoanInput, loansWithAmounts, parseLoanRow } from './loan-request.js';
import { indexPoolLoan, requireIssuersLoans } from './loan-evidence.js';
import { newLoanBookkeeping, principalOf, requireNewLoan } from './new-loan.js';
import { readPool, writeLoan, writePool } from './pool-store.js';
import { appendToIndexedTape } from './tape-index.js';

/** The request of `AbsPool:AddCutOffLoans` (amounts joined from the transient field). */
export interface AddCutOffLoansRequest {
    readonly dealId: string;
    readonly batchId: string;
    readonly loans: readonly LoanInput[];
}

/** What `AbsPool:AddCutOffLoans` answers: no amounts, since a write's response is stored in the block. */
export interface AddCutOffLoansResult {
    readonly dealId: string;
    readonly batchId: string;
    readonly loanCount: number;
    readonly tapeSize: number;
    readonly firstTapeIndex: number;
}

/** Parses an AddCutOffLoans request and joins the transient amounts. */
export function parseAddCutOffLoans(ctx: Context, fields: Fields): AddCutOffLoansRequest {
    return { dealId: dealIdOf(fields), batchId: batchIdOf(fields), loans: loansWithAmounts(ctx, fields, parseLoanRow) };
}

/**
 * Adds a batch of loans to the cut-off tape of a deal in STRUCTURING: each loan's public row and private
 * amounts, the batch's private totals, and the loans' leaves appended to the tape's Merkle frontier and its index
 * (`tape-index.ts`). Batches must be submitted one after another (they all update the frontier).
 *
 * @throws ChaincodeError ABS_POOL_CUT_OFF (tape fixed), ABS_BATCH_EXISTS, ABS_LOAN_EXISTS, the loan checks.
 */
export async function addCutOffLoans(ctx: Context, request: AddCutOffLoansRequest): Promise<AddCutOffLoansResult> {
    const deal = await readDeal(ctx, request.dealId);
    await requireIssuerOf(ctx, deal, 'add loans to an ABS pool');
    requireTapeOpen(deal);
    const pool = await readPool(ctx, deal.dealId);
    await requireNewBatch(ctx, deal.dealId, 0, request.batchId);
    for (const [index, loan] of request.loans.entries()) {
        checkLoan(loan, deal, index);
        await requireNewLoan(ctx, deal.dealId, loan.loanId, index);
    }
    await requireIssuersLoans(ctx, deal, request.loans);
    await touchDealGuard(ctx, deal);
    const time = txTime(ctx);
    const txId = ctx.stub.getTxID();
    let totals = emptyLoanBatchTotals();
    for (const [index, loan] of request.loans.entries()) {
        const { amounts, ...row } = loan;
        await writeLoan(
            ctx,
            deal,
            {
                ...row,
                dealId: deal.dealId,
                acquisition: 'CUT_OFF',
                tapeIndex: pool.tape.size + index,
                addedInPeriod: 0,
                ...newLoanBookkeeping(time, txId, request.batchId),
            },
            { dealId: deal.dealId, loanId: loan.loanId, ...principalOf(amounts) },
        );
        await indexPoolLoan(ctx, { loanRef: loan.loanRef, dealId: deal.dealId, loanId: loan.loanId });
        totals = withAmountRange(() => addLoanToBatch(totals, { ...amounts, ...row }));
    }
    const batchTotals: LoanBatchTotals = { ...totals, salt: batchSalt(request.loans.map((loan) => loan.amounts.salt)) };
    await writeBatch(
        ctx,
        deal,
        { dealId: deal.dealId, periodNo: 0, batchId: request.batchId, kind: 'CUT_OFF', loanCount: totals.loanCount },
        batchTotals,
    );
    const tape = await appendToIndexedTape(
        ctx,
        deal.dealId,
        pool.tape,
        request.loans.map((loan) => ({ loanId: loan.loanId, leaf: tapeLeaf(loan.loanId, loan.fingerprint) })),
    );
    await writePool(ctx, { ...pool, tape, updatedAt: time, txId });
    emitAbsEvent(ctx, ABS_EVENTS.poolLoansAdded, {
        batchId: request.batchId,
        dealId: deal.dealId,
        loanCount: request.loans.length,
        tapeSize: tape.size,
        txId,
    });
    return {
        dealId: deal.dealId,
        batchId: request.batchId,
        loanCount: request.loans.length,
        tapeSize: tape.size,
        firstTapeIndex: pool.tape.size,
    };
}

function requireTapeOpen(deal: DealRecord): void {
    if (deal.status !== 'STRUCTURING') {
        throw new ChaincodeError(ABS_ERRORS.ABS_POOL_CUT_OFF, `the pool of deal ${deal.dealId} is cut off`, {
            dealId: deal.dealId,
            status: deal.status,
        });
    }
}
