import { ABS_ERRORS, ABS_EVENTS, type DealStatus, type PeriodRecord } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { txTime } from '../../core/ledger-state.js';
import { emitAbsEvent } from '../events.js';
import { type Fields, isoDate } from '../../core/request-fields.js';
import { requireIssuerOf } from '../access.js';
import { readDeal } from '../deals/deal-store.js';
import { dealIdOf, invalidField, periodNoOf } from '../fields.js';
import { readPool, writePool } from '../pool/pool-store.js';
import { writePeriod } from './period-store.js';

/** The request of `AbsReport:OpenPeriod`. */
export interface OpenPeriodRequest {
    readonly dealId: string;
    readonly periodNo: number;
    /** First and last calendar day of the collection period. */
    readonly startDate: string;
    readonly endDate: string;
}

/** Deal states in which collection periods run. */
export const PERIOD_STATES: readonly DealStatus[] = [
    'ISSUED',
    'REVOLVING',
    'AMORTISING',
    'EARLY_AMORTISATION',
    'CLEAN_UP',
];

/** Parses an OpenPeriod request. */
export function parseOpenPeriod(fields: Fields): OpenPeriodRequest {
    const request = {
        dealId: dealIdOf(fields),
        periodNo: periodNoOf(fields),
        startDate: isoDate(fields, 'startDate'),
        endDate: isoDate(fields, 'endDate'),
    };
    if (request.endDate < request.startDate) {
        throw invalidField('endDate', 'must not be before startDate');
    }
    return request;
}

/**
 * Opens the next collection period: the one after the last closed period, starting after it ends (the first
 * one on or after the cut-off date), while no other period is open.
 *
 * @throws ChaincodeError ABS_DEAL_STATE (deal not issued, or closed), ABS_PERIOD_SEQUENCE.
 */
export async function openPeriod(ctx: Context, request: OpenPeriodRequest): Promise<PeriodRecord> {
    const deal = await readDeal(ctx, request.dealId);
    await requireIssuerOf(ctx, deal, 'open an ABS period');
    if (!PERIOD_STATES.includes(deal.status)) {
        throw new ChaincodeError(ABS_ERRORS.ABS_DEAL_STATE, `deal ${deal.dealId} has no periods in ${deal.status}`, {
            allowed: [...PERIOD_STATES],
            dealId: deal.dealId,
            status: deal.status,
        });
    }
    const pool = await readPool(ctx, deal.dealId);
    const earliestStart = pool.lastPeriodEndDate === null ? deal.dates.cutOffDate : nextDay(pool.lastPeriodEndDate);
    if (pool.openPeriod !== 0 || request.periodNo !== pool.lastClosedPeriod + 1 || request.startDate < earliestStart) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_PERIOD_SEQUENCE,
            `period ${request.periodNo} cannot open: the next period is ${pool.lastClosedPeriod + 1}, from ${earliestStart}, once no period is open`,
            {
                dealId: deal.dealId,
                earliestStartDate: earliestStart,
                expectedPeriodNo: pool.lastClosedPeriod + 1,
                openPeriod: pool.openPeriod,
                periodNo: request.periodNo,
            },
        );
    }
    const time = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const period: PeriodRecord = {
        ...request,
        status: 'OPEN',
        openedAt: time,
        openedTxId: txId,
        closedAt: null,
        closedTxId: null,
        report: null,
    };
    await writePeriod(ctx, period);
    await writePool(ctx, { ...pool, openPeriod: request.periodNo, updatedAt: time, txId });
    emitAbsEvent(ctx, ABS_EVENTS.periodOpened, {
        dealId: deal.dealId,
        endDate: request.endDate,
        periodNo: request.periodNo,
        startDate: request.startDate,
        txId,
    });
    return period;
}

/** The calendar day after a `YYYY-MM-DD` date. */
function nextDay(date: string): string {
    const next = new Date(`${date}T00:00:00.000Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return next.toISOString().slice(0, 10);
}
