import {
    ABS_ERRORS,
    ABS_EVENTS,
    addLoanBatchTotals,
    type CutOffRecord,
    emptyLoanBatchTotals,
    type LoanBatchTotals,
    toHex,
    weightedAverage,
} from '@lendledger/domain';
import { frontierRoot } from '@lendledger/domain/node';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { txTime, writeJson } from '../../core/ledger-state.js';
import { emitAbsEvent } from '../events.js';
import { type Fields, hexDigest, integer } from '../../core/request-fields.js';
import { requireIssuerOf } from '../access.js';
import { touchDealGuard } from '../deals/deal-guard.js';
import { withAmountRange } from '../amount-range.js';
import { readBatches, readBatchTotals } from '../batches.js';
import { readDeal, writeDeal } from '../deals/deal-store.js';
import { movedDeal } from '../deals/deal-status.js';
import { dealIdOf, fingerprintOf } from '../fields.js';
import { cutOffKey } from '../keys.js';
import { readPool, writePool } from './pool-store.js';

/** The request of `AbsPool:CutOffPool`: the issuer states the tape it believes it sent, the ledger checks it. */
export interface CutOffPoolRequest {
    readonly dealId: string;
    readonly expectedLoanCount: number;
    /** RFC 9162 root of the tape as the issuer computed it, 64 lower-case hex digits. */
    readonly expectedTapeRoot: string;
    /** Salted fingerprint of the tape document (the full off-chain loan tape). */
    readonly tapeFingerprint: string;
}

/** Parses a CutOffPool request. */
export function parseCutOffPool(fields: Fields): CutOffPoolRequest {
    return {
        dealId: dealIdOf(fields),
        expectedLoanCount: integer(fields, 'expectedLoanCount', { min: 1 }),
        expectedTapeRoot: hexDigest(fields, 'expectedTapeRoot'),
        tapeFingerprint: fingerprintOf(fields, 'tapeFingerprint'),
    };
}

/**
 * Cuts the pool off: fixes the tape's Merkle root and the pool-level cut-off figures in an immutable snapshot,
 * and moves the deal STRUCTURING → CUT_OFF in the same transaction.
 *
 * @throws ChaincodeError ABS_POOL_CUT_OFF (already cut off), ABS_POOL_EMPTY, ABS_TAPE_MISMATCH.
 */
export async function cutOffPool(ctx: Context, request: CutOffPoolRequest): Promise<CutOffRecord> {
    const deal = await readDeal(ctx, request.dealId);
    await requireIssuerOf(ctx, deal, 'cut off an ABS pool');
    if (deal.status !== 'STRUCTURING') {
        throw new ChaincodeError(ABS_ERRORS.ABS_POOL_CUT_OFF, `the pool of deal ${deal.dealId} is already cut off`, {
            dealId: deal.dealId,
            status: deal.status,
        });
    }
    const pool = await readPool(ctx, deal.dealId);
    if (pool.tape.size === 0) {
        throw new ChaincodeError(ABS_ERRORS.ABS_POOL_EMPTY, `the pool of deal ${deal.dealId} holds no loans`, {
            dealId: deal.dealId,
        });
    }
    const tapeRoot = toHex(frontierRoot(pool.tape));
    if (pool.tape.size !== request.expectedLoanCount || tapeRoot !== request.expectedTapeRoot) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_TAPE_MISMATCH,
            `the tape of deal ${deal.dealId} is not the one expected`,
            {
                dealId: deal.dealId,
                expectedLoanCount: request.expectedLoanCount,
                expectedTapeRoot: request.expectedTapeRoot,
                loanCount: pool.tape.size,
                tapeRoot,
            },
        );
    }
    const batches = await readBatches(ctx, deal.dealId, 0);
    let totals = emptyLoanBatchTotals();
    for (const batch of batches) {
        const batchTotals = await readBatchTotals<LoanBatchTotals>(ctx, deal, batch);
        totals = withAmountRange(() => addLoanBatchTotals(totals, batchTotals));
    }
    if (totals.loanCount !== pool.tape.size) {
        // A range query of a transaction cannot page, and the peer answers at most its totalQueryLimit results
        // (100,000 by default) without saying so; a tape in more batches than that must not be cut off with the
        // figures of only some of them. At 500 loans a batch, a tape reaches that bound at 50 million loans.
        throw new Error(
            `the cut-off of deal ${deal.dealId} read ${batches.length} batches holding ${totals.loanCount} loans, ` +
                `but the tape holds ${pool.tape.size}: the peer answered fewer batches than the tape has`,
        );
    }
    const time = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const cutOff: CutOffRecord = {
        dealId: deal.dealId,
        cutOffDate: deal.dates.cutOffDate,
        loanCount: totals.loanCount,
        initialBalance: totals.currentPrincipal,
        originalPrincipal: totals.originalPrincipal,
        weightedRateSum: totals.weightedRateSum,
        weightedTermSum: totals.weightedTermSum,
        wacBps: weightedAverage(totals.weightedRateSum, totals.currentPrincipal, 1n),
        warmMonthsX100: weightedAverage(totals.weightedTermSum, totals.currentPrincipal, 100n),
        tapeRoot,
        tapeSize: pool.tape.size,
        tapeFingerprint: request.tapeFingerprint,
        batchIds: batches.map((batch) => batch.batchId),
        txId,
        time,
    };
    await touchDealGuard(ctx, deal);
    await writeJson(ctx, cutOffKey(ctx, deal.dealId), cutOff);
    await writePool(ctx, {
        ...pool,
        phase: 'CUT_OFF',
        activeLoanCount: totals.loanCount,
        currentBalance: totals.currentPrincipal,
        initialBalance: totals.currentPrincipal,
        latestPoolFactorPpm: 1_000_000,
        updatedAt: time,
        txId,
    });
    await writeDeal(ctx, movedDeal(ctx, deal, 'CUT_OFF', 'POOL_CUT_OFF'));
    // Every member's peer stores the event: no balance in it (AbsPool:GetPool answers the deal's readers).
    emitAbsEvent(ctx, ABS_EVENTS.poolCutOff, {
        dealId: deal.dealId,
        loanCount: cutOff.loanCount,
        tapeRoot,
        txId,
    });
    return cutOff;
}
