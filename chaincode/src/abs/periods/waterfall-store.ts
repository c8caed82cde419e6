import { ABS_ERRORS, type WaterfallRecord, type WaterfallSkipReason } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { readJson, writeJson } from '../../core/ledger-state.js';
import { waterfallKey } from '../keys.js';
import { readPeriod } from './period-store.js';

/**
 * A period's waterfall, or `undefined` for a period with none (open, closed without `interestCollections` or before
 * waterfalls existed, or after such a period).
 */
export async function readWaterfallIfAny(
    ctx: Context,
    dealId: string,
    periodNo: number,
): Promise<WaterfallRecord | undefined> {
    return readJson<WaterfallRecord>(ctx, waterfallKey(ctx, dealId, periodNo));
}

/**
 * Reads a closed period's waterfall.
 *
 * @throws ChaincodeError ABS_PERIOD_NOT_FOUND, ABS_PERIOD_NOT_CLOSED (still open), ABS_WATERFALL_NOT_FOUND (the
 * close stored none; details `reason` says why, as the close answered it).
 */
export async function readWaterfall(ctx: Context, dealId: string, periodNo: number): Promise<WaterfallRecord> {
    const period = await readPeriod(ctx, dealId, periodNo);
    if (period.status !== 'CLOSED') {
        throw new ChaincodeError(ABS_ERRORS.ABS_PERIOD_NOT_CLOSED, `period ${periodNo} of deal ${dealId} is open`, {
            dealId,
            periodNo,
        });
    }
    const waterfall = await readWaterfallIfAny(ctx, dealId, periodNo);
    if (waterfall === undefined) {
        const reason = await missingReason(ctx, dealId, periodNo);
        const why =
            reason === 'CHAIN_BROKEN'
                ? `period ${periodNo - 1} has no waterfall to start from`
                : 'its close gave no interestCollections (or came before the ledger ran payment waterfalls)';
        throw new ChaincodeError(
            ABS_ERRORS.ABS_WATERFALL_NOT_FOUND,
            `period ${periodNo} of deal ${dealId} has no payment waterfall: ${why}`,
            { dealId, periodNo, reason },
        );
    }
    return waterfall;
}

/**
 * Why a closed period has no waterfall, derived from the ledger the way the close decided it (periods close in
 * order from 1, so the previous one is `periodNo − 1`). A close before waterfalls existed had no
 * `interestCollections` either, so it reads as NO_INTEREST_COLLECTIONS.
 */
async function missingReason(ctx: Context, dealId: string, periodNo: number): Promise<WaterfallSkipReason> {
    if (periodNo > 1 && (await readWaterfallIfAny(ctx, dealId, periodNo - 1)) === undefined) {
        return 'CHAIN_BROKEN';
    }
    return 'NO_INTEREST_COLLECTIONS';
}

/** Writes a period's waterfall. */
export async function writeWaterfall(ctx: Context, waterfall: WaterfallRecord): Promise<void> {
    await writeJson(ctx, waterfallKey(ctx, waterfall.dealId, waterfall.periodNo), waterfall);
}
