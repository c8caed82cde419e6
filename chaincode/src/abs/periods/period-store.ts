import { ABS_ERRORS, type PeriodRecord } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { readRequired, writeJson } from '../../core/ledger-state.js';
import { periodKey } from '../keys.js';

/**
 * Reads a period.
 *
 * @throws ChaincodeError ABS_PERIOD_NOT_FOUND.
 */
export async function readPeriod(ctx: Context, dealId: string, periodNo: number): Promise<PeriodRecord> {
    return readRequired<PeriodRecord>(
        ctx,
        periodKey(ctx, dealId, periodNo),
        `period ${periodNo} of deal ${dealId}`,
        ABS_ERRORS.ABS_PERIOD_NOT_FOUND,
        { dealId, periodNo },
    );
}

/**
 * Reads a period that must still be open.
 *
 * @throws ChaincodeError ABS_PERIOD_NOT_FOUND, ABS_PERIOD_CLOSED.
 */
export async function readOpenPeriod(ctx: Context, dealId: string, periodNo: number): Promise<PeriodRecord> {
    const period = await readPeriod(ctx, dealId, periodNo);
    if (period.status === 'CLOSED') {
        throw new ChaincodeError(ABS_ERRORS.ABS_PERIOD_CLOSED, `period ${periodNo} of deal ${dealId} is closed`, {
            closedTxId: period.closedTxId,
            dealId,
            periodNo,
        });
    }
    return period;
}

/** Writes a period. */
export async function writePeriod(ctx: Context, period: PeriodRecord): Promise<void> {
    await writeJson(ctx, periodKey(ctx, period.dealId, period.periodNo), period);
}
