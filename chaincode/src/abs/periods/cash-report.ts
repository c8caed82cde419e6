import {
    ABS_ERRORS,
    ABS_EVENTS,
    cashMismatches,
    type CashReportRecord,
    type CashReportRequest,
    type DealRecord,
    servicerCollections,
    type PeriodTotals,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { readJson, txTime, writeJson } from '../../core/ledger-state.js';
import { type Fields } from '../../core/request-fields.js';
import { requireAccountBankOf } from '../access.js';
import { withAmountRange } from '../amount-range.js';
import { readDeal } from '../deals/deal-store.js';
import { emitAbsEvent } from '../events.js';
import { amountOf, dealIdOf, fingerprintOf, periodNoOf } from '../fields.js';
import { cashReportKey } from '../keys.js';
import { readOpenPeriod } from './period-store.js';

/** Parses a SubmitCashReport request. */
export function parseSubmitCashReport(fields: Fields): CashReportRequest {
    return {
        dealId: dealIdOf(fields),
        periodNo: periodNoOf(fields),
        principal: amountOf(fields, 'principal'),
        interest: amountOf(fields, 'interest'),
        recoveries: amountOf(fields, 'recoveries'),
        statementFingerprint: fingerprintOf(fields, 'statementFingerprint'),
    };
}

/**
 * Records the account bank's cash report of an open period, replacing an earlier one of the same period (the
 * replaced transaction stays in the key's history). Once the period is closed, its report is final.
 *
 * @throws ChaincodeError ACCESS_DENIED, ABS_NOT_ACCOUNT_BANK, ABS_DEAL_NOT_FOUND, ABS_PERIOD_NOT_FOUND,
 * ABS_PERIOD_CLOSED.
 */
export async function submitCashReport(ctx: Context, request: CashReportRequest): Promise<CashReportRecord> {
    const deal = await readDeal(ctx, request.dealId);
    const caller = await requireAccountBankOf(ctx, deal, 'report an ABS period cash');
    await readOpenPeriod(ctx, deal.dealId, request.periodNo);
    const previous = await readCashReport(ctx, deal.dealId, request.periodNo);
    const txId = ctx.stub.getTxID();
    const record: CashReportRecord = {
        ...request,
        accountBankMspId: caller.mspId,
        accountBankSubject: caller.subject,
        txId,
        time: txTime(ctx),
        replacedTxId: previous?.txId ?? null,
    };
    await writeJson(ctx, cashReportKey(ctx, deal.dealId, request.periodNo), record);
    emitAbsEvent(ctx, ABS_EVENTS.cashReported, {
        accountBankMspId: caller.mspId,
        dealId: deal.dealId,
        periodNo: request.periodNo,
        replacedTxId: record.replacedTxId,
        txId,
    });
    return record;
}

/** Reads a period's cash report, `undefined` when the account bank has not reported. */
export async function readCashReport(
    ctx: Context,
    dealId: string,
    periodNo: number,
): Promise<CashReportRecord | undefined> {
    return readJson<CashReportRecord>(ctx, cashReportKey(ctx, dealId, periodNo));
}

/**
 * Refuses a close whose collections do not reconcile with the account bank's cash report: no report, or any figure
 * different (`domain/src/abs/cash-report.ts` says which figures are compared).
 *
 * @throws ChaincodeError ABS_COLLECTIONS_UNRECONCILED naming every mismatching figure with both values.
 */
export async function requireReconciledCollections(
    ctx: Context,
    deal: DealRecord,
    periodNo: number,
    totals: PeriodTotals,
    interestCollections: number | null,
): Promise<CashReportRecord> {
    const servicer = withAmountRange(() => servicerCollections(totals, interestCollections));
    const cash = await readCashReport(ctx, deal.dealId, periodNo);
    const where = { accountBankMspId: deal.accountBankMspId ?? null, dealId: deal.dealId, periodNo };
    if (cash === undefined) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_COLLECTIONS_UNRECONCILED,
            `period ${periodNo} of deal ${deal.dealId} has no cash report from its account bank`,
            { ...where, mismatches: [], reason: 'NO_CASH_REPORT', servicer: { ...servicer } },
        );
    }
    const mismatches = cashMismatches(servicer, cash);
    if (mismatches.length > 0) {
        const named = mismatches.map((m) => `${m.figure} ${m.servicer} (servicer) ≠ ${m.accountBank} (account bank)`);
        throw new ChaincodeError(
            ABS_ERRORS.ABS_COLLECTIONS_UNRECONCILED,
            `period ${periodNo} of deal ${deal.dealId}: ${named.join(', ')}`,
            {
                ...where,
                cashReportTxId: cash.txId,
                mismatches: mismatches.map((m) => ({ ...m })),
                reason: 'FIGURES_DIFFER',
            },
        );
    }
    return cash;
}
