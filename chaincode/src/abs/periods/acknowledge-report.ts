import {
    ABS_ERRORS,
    ABS_EVENTS,
    type AcknowledgementRecord,
    CODE_PATTERN,
    REPORT_DIGEST_PATTERN,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { txTime, writeJson } from '../../core/ledger-state.js';
import { emitAbsEvent } from '../events.js';
import { type Fields, optionalText } from '../../core/request-fields.js';
import { requireHolderOf } from '../access.js';
import { readDeal } from '../deals/deal-store.js';
import { dealIdOf, periodNoOf } from '../fields.js';
import { ackKey } from '../keys.js';
import { digestOf } from '../private-data.js';
import { readPeriod } from './period-store.js';

/** The request of `AbsReport:AcknowledgeReport`. */
export interface AcknowledgeReportRequest {
    readonly dealId: string;
    readonly periodNo: number;
    /** An optional statement: e.g. REVIEWED, RECOMPUTED_OK, QUERY_RAISED. */
    readonly statementCode?: string;
    /** The digest of the report the investor reviewed; when given it must be the one on the ledger. */
    readonly reportDigest?: string;
}

/** Parses an AcknowledgeReport request. */
export function parseAcknowledgeReport(fields: Fields): AcknowledgeReportRequest {
    const statementCode = optionalText(fields, 'statementCode', { pattern: CODE_PATTERN, max: 32 });
    const reportDigest = optionalText(fields, 'reportDigest', { pattern: REPORT_DIGEST_PATTERN, max: 71 });
    return {
        dealId: dealIdOf(fields),
        periodNo: periodNoOf(fields),
        ...(statementCode === undefined ? {} : { statementCode }),
        ...(reportDigest === undefined ? {} : { reportDigest }),
    };
}

/**
 * Records an investor's audit acknowledgement of a closed period's report: which report (by digest), which
 * investor (MSP and certificate subject), when (transaction time), and an optional statement code. Append-only:
 * an investor may acknowledge the same report again with another statement.
 *
 * @throws ChaincodeError ACCESS_DENIED (not an investor), ABS_NOT_DEAL_PARTY (not a holder of the deal), ABS_PERIOD_NOT_FOUND, ABS_PERIOD_NOT_CLOSED,
 * ABS_REPORT_DIGEST_MISMATCH.
 */
export async function acknowledgeReport(
    ctx: Context,
    request: AcknowledgeReportRequest,
): Promise<AcknowledgementRecord> {
    const deal = await readDeal(ctx, request.dealId);
    const caller = await requireHolderOf(ctx, deal, 'acknowledge an ABS report');
    const period = await readPeriod(ctx, request.dealId, request.periodNo);
    if (period.status !== 'CLOSED') {
        throw new ChaincodeError(ABS_ERRORS.ABS_PERIOD_NOT_CLOSED, `period ${request.periodNo} has no report yet`, {
            dealId: request.dealId,
            periodNo: request.periodNo,
        });
    }
    const reportDigest = digestOf(period);
    if (request.reportDigest !== undefined && request.reportDigest !== reportDigest) {
        throw new ChaincodeError(ABS_ERRORS.ABS_REPORT_DIGEST_MISMATCH, 'the acknowledged report is not the ledger’s', {
            dealId: request.dealId,
            expected: reportDigest,
            periodNo: request.periodNo,
            reportDigest: request.reportDigest,
        });
    }
    const txId = ctx.stub.getTxID();
    const record: AcknowledgementRecord = {
        dealId: request.dealId,
        periodNo: request.periodNo,
        reportDigest,
        investorMspId: caller.mspId,
        investorSubject: caller.subject,
        statementCode: request.statementCode ?? null,
        txId,
        time: txTime(ctx),
    };
    await writeJson(ctx, ackKey(ctx, request.dealId, request.periodNo, txId), record);
    emitAbsEvent(ctx, ABS_EVENTS.reportAcknowledged, {
        dealId: record.dealId,
        investorMspId: record.investorMspId,
        periodNo: record.periodNo,
        reportDigest,
        statementCode: record.statementCode,
        txId,
    });
    return record;
}
