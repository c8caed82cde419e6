import {
    ABS_ERRORS,
    ABS_EVENTS,
    addPeriodTotals,
    type DealRecord,
    emptyPeriodTotals,
    type LoanAmountsRecord,
    type LoanEventRecord,
    type LoanRecord,
    type PeriodRowAmounts,
    type PeriodRowRecord,
    type PeriodTotals,
    rowTotals,
    type RowBatchTotals,
    type RowEventType,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { exists, txTime, writeJson } from '../../core/ledger-state.js';
import { emitAbsEvent } from '../events.js';
import { requireIssuerOf } from '../access.js';
import { touchDealGuard } from '../deals/deal-guard.js';
import { withAmountRange } from '../amount-range.js';
import { requireNewBatch, writeBatch } from '../batches.js';
import { readDeal } from '../deals/deal-store.js';
import { eventKey, rowKey } from '../keys.js';
import { batchSalt, writePrivateJson } from '../private-data.js';
import { readLoan, readLoanAmounts, writeLoan } from '../pool/pool-store.js';
import { readOpenPeriod } from './period-store.js';
import { type PeriodRowInput, type PostPeriodUpdatesRequest } from './row-request.js';
import { applyRow, type RowOutcome } from './row-rules.js';

/** What `AbsReport:PostPeriodUpdates` answers (no amounts: a write's response is stored in the block). */
export interface PostPeriodUpdatesResult {
    readonly dealId: string;
    readonly periodNo: number;
    readonly batchId: string;
    readonly rowCount: number;
    readonly eventCount: number;
}

/** The row events that carry the row's removal reason code. */
const REMOVAL_EVENTS: readonly RowEventType[] = ['REPURCHASE', 'SUBSTITUTION_OUT'];

interface CheckedRow {
    readonly row: PeriodRowInput;
    readonly loan: LoanRecord;
    readonly outcome: RowOutcome;
}

/**
 * Posts a batch of loan-level rows for the open period. Every row is checked against its loan (status rules, the
 * loan's own roll-forward, loss caps, evidence) before anything is written; then each row's public part and
 * private amounts, the loan's new state, the loan events the row carries, and the batch's private totals are
 * written. Batches of one period may be posted in any order, one loan at most once per period.
 *
 * @throws ChaincodeError ABS_PERIOD_NOT_FOUND, ABS_PERIOD_CLOSED, ABS_BATCH_EXISTS, ABS_LOAN_NOT_FOUND,
 * ABS_LOAN_ALREADY_REPORTED, and every row rule of {@link applyRow}.
 */
export async function postPeriodUpdates(
    ctx: Context,
    request: PostPeriodUpdatesRequest,
): Promise<PostPeriodUpdatesResult> {
    const deal = await readDeal(ctx, request.dealId);
    await requireIssuerOf(ctx, deal, 'post ABS period rows');
    await readOpenPeriod(ctx, deal.dealId, request.periodNo);
    await requireNewBatch(ctx, deal.dealId, request.periodNo, request.batchId);
    const checked: CheckedRow[] = [];
    for (const [index, row] of request.rows.entries()) {
        const loan = await readLoan(ctx, deal.dealId, row.loanId, index);
        if (await exists(ctx, rowKey(ctx, deal.dealId, row.loanId, request.periodNo))) {
            throw new ChaincodeError(
                ABS_ERRORS.ABS_LOAN_ALREADY_REPORTED,
                `rows[${index}]: loan ${row.loanId} already has a row in period ${request.periodNo}`,
                { index, loanId: row.loanId, periodNo: request.periodNo },
            );
        }
        const amounts = await readLoanAmounts(ctx, deal, loan);
        checked.push({ row, loan, outcome: applyRow(deal, loan, amounts, row, { periodNo: request.periodNo, index }) });
    }
    await touchDealGuard(ctx, deal);
    let totals = emptyPeriodTotals();
    let eventCount = 0;
    for (const entry of checked) {
        await writeRow(ctx, deal, request, entry);
        eventCount += entry.outcome.events.length;
        totals = withAmountRange(() => addPeriodTotals(totals, contribution(entry)));
    }
    const batchTotals: RowBatchTotals = { ...totals, salt: batchSalt(request.rows.map((row) => row.amounts.salt)) };
    await writeBatch(
        ctx,
        deal,
        {
            dealId: deal.dealId,
            periodNo: request.periodNo,
            batchId: request.batchId,
            kind: 'ROWS',
            loanCount: checked.length,
        },
        batchTotals,
    );
    const answer: PostPeriodUpdatesResult = {
        dealId: deal.dealId,
        periodNo: request.periodNo,
        batchId: request.batchId,
        rowCount: checked.length,
        eventCount,
    };
    emitAbsEvent(ctx, ABS_EVENTS.periodUpdatesPosted, { ...answer, txId: ctx.stub.getTxID() });
    return answer;
}

function contribution({ row, loan, outcome }: CheckedRow): PeriodTotals {
    return rowTotals({
        priorStatus: loan.status,
        status: row.status,
        acquisition: loan.acquisition,
        rateBps: loan.rateBps,
        remainingTerm: row.remainingTerm,
        amounts: outcome.rowAmounts,
    });
}

async function writeRow(
    ctx: Context,
    deal: DealRecord,
    request: PostPeriodUpdatesRequest,
    { row, loan, outcome }: CheckedRow,
): Promise<void> {
    const time = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const { dealId, periodNo, batchId } = request;
    const key = rowKey(ctx, dealId, row.loanId, periodNo);
    const rowAmounts: PeriodRowAmounts = {
        ...outcome.rowAmounts,
        dealId,
        periodNo,
        loanId: row.loanId,
        salt: row.amounts.salt,
    };
    const amountsDigest = await writePrivateJson(ctx, deal, key, rowAmounts);
    const record: PeriodRowRecord = {
        dealId,
        periodNo,
        loanId: row.loanId,
        priorStatus: loan.status,
        status: row.status,
        daysPastDue: row.daysPastDue,
        remainingTerm: row.remainingTerm,
        fingerprint: row.fingerprint,
        evidence: row.evidence,
        ...(row.reasonCode === undefined ? {} : { reasonCode: row.reasonCode }),
        amountsDigest,
        batchId,
        txId,
        time,
    };
    await writeJson(ctx, key, record);
    await writeLoan(
        ctx,
        deal,
        {
            ...loan,
            status: row.status,
            daysPastDue: row.daysPastDue,
            remainingTerm: row.remainingTerm,
            lastReportedPeriod: periodNo,
            batchId,
            updatedAt: time,
            txId,
        },
        outcome.loanAmounts satisfies LoanAmountsRecord,
    );
    for (const type of outcome.events) {
        const event: LoanEventRecord = {
            dealId,
            loanId: row.loanId,
            periodNo,
            type,
            evidence: row.evidence[type]!,
            ...(row.reasonCode === undefined || !REMOVAL_EVENTS.includes(type) ? {} : { reasonCode: row.reasonCode }),
            ...(type === 'SUBSTITUTION_OUT' && loan.replacedBy !== undefined
                ? { counterpartLoanId: loan.replacedBy }
                : {}),
            txId,
            time,
        };
        await writeJson(ctx, eventKey(ctx, dealId, row.loanId, periodNo, type), event);
    }
}
