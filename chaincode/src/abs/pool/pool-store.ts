import {
    ABS_ERRORS,
    type CutOffRecord,
    type LoanAmountsRecord,
    type LoanRecord,
    type PoolRecord,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { readJson, readRequired, writeJson } from '../../core/ledger-state.js';
import { cutOffKey, loanKey, poolKey } from '../keys.js';
import { type PrivateAudience, readPrivateJson, writePrivateJson } from '../private-data.js';

/** Reads a deal's pool (created with the deal, so its absence means the deal does not exist). */
export async function readPool(ctx: Context, dealId: string): Promise<PoolRecord> {
    return readRequired<PoolRecord>(
        ctx,
        poolKey(ctx, dealId),
        `pool of deal ${dealId}`,
        ABS_ERRORS.ABS_DEAL_NOT_FOUND,
        {
            dealId,
        },
    );
}

/** Writes a deal's pool. */
export async function writePool(ctx: Context, pool: PoolRecord): Promise<void> {
    await writeJson(ctx, poolKey(ctx, pool.dealId), pool);
}

/** Reads the cut-off snapshot, `undefined` before cut-off. */
export async function readCutOff(ctx: Context, dealId: string): Promise<CutOffRecord | undefined> {
    return readJson<CutOffRecord>(ctx, cutOffKey(ctx, dealId));
}

/**
 * Reads a loan's public record.
 *
 * @throws ChaincodeError ABS_LOAN_NOT_FOUND, with the batch index when given.
 */
export async function readLoan(ctx: Context, dealId: string, loanId: string, index?: number): Promise<LoanRecord> {
    return readRequired<LoanRecord>(
        ctx,
        loanKey(ctx, dealId, loanId),
        `loan ${loanId} of deal ${dealId}`,
        ABS_ERRORS.ABS_LOAN_NOT_FOUND,
        index === undefined ? { dealId, loanId } : { dealId, index, loanId },
    );
}

/** Reads a loan's private amounts, checked against the digest of its public record. */
export async function readLoanAmounts(
    ctx: Context,
    deal: PrivateAudience,
    loan: LoanRecord,
): Promise<LoanAmountsRecord> {
    return readPrivateJson<LoanAmountsRecord>(
        ctx,
        deal,
        loanKey(ctx, loan.dealId, loan.loanId),
        loan.amountsDigest,
        `loan ${loan.loanId}`,
    );
}

/**
 * Writes a loan's private amounts, then its public record carrying their digest.
 *
 * @returns the public record as written.
 */
export async function writeLoan(
    ctx: Context,
    deal: PrivateAudience,
    loan: Omit<LoanRecord, 'amountsDigest'>,
    amounts: LoanAmountsRecord,
): Promise<LoanRecord> {
    const key = loanKey(ctx, loan.dealId, loan.loanId);
    const amountsDigest = await writePrivateJson(ctx, deal, key, amounts);
    const record: LoanRecord = { ...loan, amountsDigest };
    await writeJson(ctx, key, record);
    return record;
}
