import { ABS_ERRORS, type DealRecord } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { readRequired, writeJson } from '../../core/ledger-state.js';
import { dealKey } from '../keys.js';

/**
 * Reads a deal.
 *
 * @throws ChaincodeError ABS_DEAL_NOT_FOUND.
 */
export async function readDeal(ctx: Context, dealId: string): Promise<DealRecord> {
    return readRequired<DealRecord>(ctx, dealKey(ctx, dealId), `deal ${dealId}`, ABS_ERRORS.ABS_DEAL_NOT_FOUND, {
        dealId,
    });
}

/** Writes a deal. */
export async function writeDeal(ctx: Context, deal: DealRecord): Promise<void> {
    await writeJson(ctx, dealKey(ctx, deal.dealId), deal);
}
