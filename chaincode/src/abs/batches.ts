import { ABS_ERRORS, type BatchRecord, periodTag } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../core/chaincode-error.js';
import { allByPartialKey, exists, txTime, writeJson } from '../core/ledger-state.js';
import { ABS_OBJECTS, batchKey } from './keys.js';
import { type PrivateAudience, readPrivateJson, writePrivateJson } from './private-data.js';

/**
 * Batches: every loan or row batch leaves a public record (kind, count, digest) and private totals. A period
 * close or the cut-off sums the private totals of its batches, so it reads one record per batch, never one per
 * loan; and the totals stay private because a batch may hold a single loan.
 */

/**
 * Refuses a batch ID already used in the period (period 0 = cut-off tape).
 *
 * @throws ChaincodeError ABS_BATCH_EXISTS.
 */
export async function requireNewBatch(ctx: Context, dealId: string, periodNo: number, batchId: string): Promise<void> {
    if (await exists(ctx, batchKey(ctx, dealId, periodNo, batchId))) {
        throw new ChaincodeError(ABS_ERRORS.ABS_BATCH_EXISTS, `batch ${batchId} already exists`, {
            batchId,
            dealId,
            periodNo,
        });
    }
}

/** Writes a batch's private totals and its public record; returns the public record. */
export async function writeBatch(
    ctx: Context,
    deal: PrivateAudience,
    batch: Pick<BatchRecord, 'dealId' | 'periodNo' | 'batchId' | 'kind' | 'loanCount'>,
    totals: unknown,
): Promise<BatchRecord> {
    const key = batchKey(ctx, batch.dealId, batch.periodNo, batch.batchId);
    const totalsDigest = await writePrivateJson(ctx, deal, key, totals);
    const record: BatchRecord = { ...batch, totalsDigest, txId: ctx.stub.getTxID(), time: txTime(ctx) };
    await writeJson(ctx, key, record);
    return record;
}

/** Every batch of a period (0 = cut-off tape), in batch-ID order. */
export async function readBatches(ctx: Context, dealId: string, periodNo: number): Promise<BatchRecord[]> {
    return allByPartialKey<BatchRecord>(ctx, ABS_OBJECTS.batch, [dealId, periodTag(periodNo)]);
}

/** A batch's private totals, checked against the digest of its public record. */
export async function readBatchTotals<T>(ctx: Context, deal: PrivateAudience, batch: BatchRecord): Promise<T> {
    return readPrivateJson<T>(
        ctx,
        deal,
        batchKey(ctx, batch.dealId, batch.periodNo, batch.batchId),
        batch.totalsDigest,
        `batch ${batch.batchId}`,
    );
}
