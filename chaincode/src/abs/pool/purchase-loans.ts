import {
    ABS_ERRORS,
    ABS_EVENTS,
    addLoanToBatch,
    type DealRecord,
    type DealStatus,
    emptyLoanBatchTotals,
    isPerforming,
    type LoanBatchTotals,
    type LoanEventRecord,
    type LoanRecord,
    type LoanRowInput,
    purchaseLeaf,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { exists, txTime, writeJson } from '../../core/ledger-state.js';
import { emitAbsEvent } from '../events.js';
import { asFields, type Fields, oneOf } from '../../core/request-fields.js';
import { requireIssuerOf } from '../access.js';
import { touchDealGuard } from '../deals/deal-guard.js';
import { withAmountRange } from '../amount-range.js';
import { requireNewBatch, writeBatch } from '../batches.js';
import { readDeal } from '../deals/deal-store.js';
import { batchIdOf, dealIdOf, fingerprintOf, loanIdOf, periodNoOf } from '../fields.js';
import { eventKey, loanKey, rowKey } from '../keys.js';
import { requireDistinctLoans } from '../loan-status.js';
import { batchSalt } from '../private-data.js';
import { indexPoolLoan, requireIssuersLoans } from './loan-evidence.js';
import { newLoanBookkeeping, principalOf, requireNewLoan } from './new-loan.js';
import { checkLoan, type LoanInput, loansWithAmounts, parseLoanRow } from './loan-request.js';
import { readLoan, readPool, writeLoan, writePool } from './pool-store.js';
import { appendToIndexedTape } from './tape-index.js';

/** Ways a loan joins the pool after cut-off. */
export const PURCHASE_KINDS = ['REVOLVING_PURCHASE', 'SUBSTITUTION'] as const;

/** A purchase kind. */
export type PurchaseKind = (typeof PURCHASE_KINDS)[number];

/** A purchased loan: a loan row plus the purchase's evidence and, for a substitution, the loan it replaces. */
export interface PurchasedLoanInput extends LoanInput {
    readonly evidence: string;
    readonly replacesLoanId?: string;
}

/** The request of `AbsPool:PurchaseLoans` (amounts joined from the transient field). */
export interface PurchaseLoansRequest {
    readonly dealId: string;
    readonly periodNo: number;
    readonly batchId: string;
    readonly acquisition: PurchaseKind;
    readonly loans: readonly PurchasedLoanInput[];
}

/** What `AbsPool:PurchaseLoans` answers (no amounts). */
export interface PurchaseLoansResult {
    readonly dealId: string;
    readonly periodNo: number;
    readonly batchId: string;
    readonly acquisition: PurchaseKind;
    readonly loanCount: number;
}

const STATES_BY_KIND: Readonly<Record<PurchaseKind, readonly DealStatus[]>> = {
    REVOLVING_PURCHASE: ['REVOLVING'],
    SUBSTITUTION: ['ISSUED', 'REVOLVING', 'AMORTISING', 'EARLY_AMORTISATION'],
};

/** Parses a PurchaseLoans request and joins the transient amounts. */
export function parsePurchaseLoans(ctx: Context, fields: Fields): PurchaseLoansRequest {
    const acquisition = oneOf(fields, 'acquisition', PURCHASE_KINDS);
    const parseRow = (item: unknown, path: string): LoanRowInput & { evidence: string; replacesLoanId?: string } => {
        const row = asFields(item, path);
        const replaces = acquisition === 'SUBSTITUTION' ? loanIdOf(row, 'replacesLoanId', { path }) : undefined;
        return {
            ...parseLoanRow(item, path),
            evidence: fingerprintOf(row, 'evidence', { path }),
            ...(replaces === undefined ? {} : { replacesLoanId: replaces }),
        };
    };
    return {
        dealId: dealIdOf(fields),
        periodNo: periodNoOf(fields),
        batchId: batchIdOf(fields),
        acquisition,
        loans: loansWithAmounts(ctx, fields, parseRow),
    };
}

/**
 * Adds loans bought after cut-off to the pool of the open period: revolving purchases (REVOLVING deals only) or
 * substitutes for pool loans. Each new loan records its purchase evidence as a loan event; a substituted loan is
 * marked and must be reported SUBSTITUTED in its row of the same period. Each new loan appends a `purchaseLeaf` to the
 * pool's log after the cut-off tape (whose leaves are untouched), so the next close's pool root covers it.
 *
 * @throws ChaincodeError ABS_DEAL_STATE, ABS_PERIOD_NOT_OPEN, ABS_BATCH_EXISTS, ABS_LOAN_EXISTS,
 * ABS_SUBSTITUTION_MISMATCH, ABS_LOAN_ALREADY_REPORTED, the loan checks.
 */
export async function purchaseLoans(ctx: Context, request: PurchaseLoansRequest): Promise<PurchaseLoansResult> {
    const deal = await readDeal(ctx, request.dealId);
    await requireIssuerOf(ctx, deal, 'buy loans into an ABS pool');
    requirePurchaseState(deal, request.acquisition);
    const pool = await readPool(ctx, deal.dealId);
    if (pool.openPeriod !== request.periodNo) {
        throw new ChaincodeError(ABS_ERRORS.ABS_PERIOD_NOT_OPEN, `period ${request.periodNo} is not open`, {
            dealId: deal.dealId,
            openPeriod: pool.openPeriod,
            periodNo: request.periodNo,
        });
    }
    await requireNewBatch(ctx, deal.dealId, request.periodNo, request.batchId);
    const replacements = await checkPurchases(ctx, deal, request);
    await requireIssuersLoans(ctx, deal, request.loans);
    await touchDealGuard(ctx, deal);
    const time = txTime(ctx);
    const txId = ctx.stub.getTxID();
    let totals = emptyLoanBatchTotals();
    for (const loan of request.loans) {
        await writePurchasedLoan(ctx, deal, request, loan, { time, txId });
        const weights = { rateBps: loan.rateBps, remainingTerm: loan.remainingTerm };
        totals = withAmountRange(() => addLoanToBatch(totals, { ...loan.amounts, ...weights }));
    }
    const tape = await appendToIndexedTape(
        ctx,
        deal.dealId,
        pool.tape,
        request.loans.map((loan) => ({
            loanId: loan.loanId,
            leaf: purchaseLeaf({
                acquisition: request.acquisition,
                evidence: loan.evidence,
                fingerprint: loan.fingerprint,
                loanId: loan.loanId,
                periodNo: request.periodNo,
                ...(loan.replacesLoanId === undefined ? {} : { replacesLoanId: loan.replacesLoanId }),
            }),
        })),
    );
    await writePool(ctx, { ...pool, tape, updatedAt: time, txId });
    for (const { loan: old, replacedBy } of replacements) {
        await writeJson(ctx, loanKey(ctx, deal.dealId, old.loanId), { ...old, replacedBy, updatedAt: time, txId });
    }
    const batchTotals: LoanBatchTotals = { ...totals, salt: batchSalt(request.loans.map((loan) => loan.amounts.salt)) };
    await writeBatch(
        ctx,
        deal,
        {
            dealId: deal.dealId,
            periodNo: request.periodNo,
            batchId: request.batchId,
            kind: 'PURCHASE',
            loanCount: totals.loanCount,
        },
        batchTotals,
    );
    const answer: PurchaseLoansResult = {
        dealId: deal.dealId,
        periodNo: request.periodNo,
        batchId: request.batchId,
        acquisition: request.acquisition,
        loanCount: request.loans.length,
    };
    emitAbsEvent(ctx, ABS_EVENTS.poolLoansPurchased, { ...answer, txId });
    return answer;
}

function requirePurchaseState(deal: DealRecord, kind: PurchaseKind): void {
    if (!STATES_BY_KIND[kind].includes(deal.status)) {
        throw new ChaincodeError(ABS_ERRORS.ABS_DEAL_STATE, `deal ${deal.dealId} takes no ${kind} in ${deal.status}`, {
            acquisition: kind,
            allowed: [...STATES_BY_KIND[kind]],
            dealId: deal.dealId,
            status: deal.status,
        });
    }
}

/** A pool loan a substitute replaces, and the substitute's ID. */
interface Replacement {
    readonly loan: LoanRecord;
    readonly replacedBy: string;
}

/** Checks every purchased loan; for substitutions returns the loans replaced. */
async function checkPurchases(ctx: Context, deal: DealRecord, request: PurchaseLoansRequest): Promise<Replacement[]> {
    const newIds = request.loans.map((loan) => loan.loanId);
    const replacedIds = request.loans.flatMap((loan) =>
        loan.replacesLoanId === undefined ? [] : [loan.replacesLoanId],
    );
    requireDistinctLoans([...newIds, ...replacedIds], 'loans');
    const replacements: Replacement[] = [];
    for (const [index, loan] of request.loans.entries()) {
        checkLoan(loan, deal, index);
        await requireNewLoan(ctx, deal.dealId, loan.loanId, index);
        if (loan.replacesLoanId !== undefined) {
            const old = await replaceableLoan(ctx, deal.dealId, loan.replacesLoanId, request.periodNo, index);
            replacements.push({ loan: old, replacedBy: loan.loanId });
        }
    }
    return replacements;
}

async function replaceableLoan(
    ctx: Context,
    dealId: string,
    loanId: string,
    periodNo: number,
    index: number,
): Promise<LoanRecord> {
    const loan = await readLoan(ctx, dealId, loanId, index);
    if (!isPerforming(loan.status) || loan.replacedBy !== undefined) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_SUBSTITUTION_MISMATCH,
            `loans[${index}] cannot replace ${loanId}: it is ${loan.replacedBy === undefined ? loan.status : 'already replaced'}`,
            { index, loanId, replacedBy: loan.replacedBy ?? null, status: loan.status },
        );
    }
    if (await exists(ctx, rowKey(ctx, dealId, loanId, periodNo))) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_LOAN_ALREADY_REPORTED,
            `loans[${index}] cannot replace ${loanId}: it already has a row in period ${periodNo}`,
            { index, loanId, periodNo },
        );
    }
    return loan;
}

async function writePurchasedLoan(
    ctx: Context,
    deal: DealRecord,
    request: PurchaseLoansRequest,
    loan: PurchasedLoanInput,
    at: Readonly<{ time: string; txId: string }>,
): Promise<void> {
    const { amounts, evidence, replacesLoanId, ...row } = loan;
    await writeLoan(
        ctx,
        deal,
        {
            ...row,
            dealId: deal.dealId,
            acquisition: request.acquisition,
            addedInPeriod: request.periodNo,
            acquisitionEvidence: evidence,
            ...(replacesLoanId === undefined ? {} : { replaces: replacesLoanId }),
            ...newLoanBookkeeping(at.time, at.txId, request.batchId),
        },
        { dealId: deal.dealId, loanId: loan.loanId, ...principalOf(amounts) },
    );
    await indexPoolLoan(ctx, { loanRef: loan.loanRef, dealId: deal.dealId, loanId: loan.loanId });
    const type = request.acquisition === 'SUBSTITUTION' ? 'SUBSTITUTION_IN' : 'REVOLVING_PURCHASE';
    const event: LoanEventRecord = {
        dealId: deal.dealId,
        loanId: loan.loanId,
        periodNo: request.periodNo,
        type,
        evidence,
        ...(replacesLoanId === undefined ? {} : { counterpartLoanId: replacesLoanId }),
        txId: at.txId,
        time: at.time,
    };
    await writeJson(ctx, eventKey(ctx, deal.dealId, loan.loanId, request.periodNo, type), event);
}
