import { ABS_ERRORS, type WaterfallRecord } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { readJson, writeJson } from '../../core/ledger-state.js';
import { waterfallKey } from '../keys.js';
import { readPeriod } from './period-store.js';

/** A period's waterfall, or `undefined` for a period with none (open, or closed before waterfalls existed). */
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
 * @throws ChaincodeError ABS_PERIOD_NOT_FOUND, ABS_PERIOD_NOT_CLOSED (still open), ABS_WATERFALL_NOT_FOUND (closed
 * before the ledger ran waterfalls).
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
        throw new ChaincodeError(
            ABS_ERRORS.ABS_WATERFALL_NOT_FOUND,
            `period ${periodNo} of deal ${dealId} was closed before the ledger ran payment waterfalls`,
            { dealId, periodNo },
        );
    }
    return waterfall;
}

/** Writes a period's waterfall. */
export async function writeWaterfall(ctx: Context, waterfall: WaterfallRecord): Promise<void> {
    await writeJson(ctx, waterfallKey(ctx, waterfall.dealId, waterfall.periodNo), waterfall);
}
