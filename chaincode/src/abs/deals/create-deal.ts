import {
    ABS_ERRORS,
    ABS_EVENTS,
    type CreateDealRequest,
    DELINQUENCY_BUCKETS,
    type DealRecord,
    EMPTY_FRONTIER,
    emptyCumulativeTotals,
    type PoolRecord,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { exists, txTime } from '../../core/ledger-state.js';
import { emitAbsEvent } from '../events.js';
import { requireIssuerRole } from '../access.js';
import { dealKey } from '../keys.js';
import { writePool } from '../pool/pool-store.js';
import { setDealGuard } from './deal-guard.js';
import { indexDealParties, requireAccountBank, requireInvestors } from './deal-holders.js';
import { writeDeal } from './deal-store.js';

/**
 * Creates a deal in STRUCTURING, with an empty pool open for the cut-off tape. The caller's organisation (a bank)
 * becomes the issuer, the only one that may move the deal afterwards; the holders it names must hold role investor,
 * and its account bank role bank without being the issuer.
 *
 * @throws ChaincodeError ACCESS_DENIED (not a bank), ABS_NOT_AN_INVESTOR, ABS_NOT_AN_ACCOUNT_BANK, ABS_DEAL_EXISTS.
 */
export async function createDeal(ctx: Context, request: CreateDealRequest): Promise<DealRecord> {
    const caller = await requireIssuerRole(ctx, 'create an ABS deal');
    requireInvestors(caller.registry, request.investors);
    requireAccountBank(caller.registry, request.accountBankMspId, caller.mspId);
    if (await exists(ctx, dealKey(ctx, request.dealId))) {
        throw new ChaincodeError(ABS_ERRORS.ABS_DEAL_EXISTS, `deal ${request.dealId} already exists`, {
            dealId: request.dealId,
        });
    }
    const time = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const deal: DealRecord = {
        ...request,
        definitions: { ...request.definitions, delinquencyBuckets: DELINQUENCY_BUCKETS },
        issuerMspId: caller.mspId,
        issuerSubject: caller.subject,
        status: 'STRUCTURING',
        statusHistory: [{ from: null, to: 'STRUCTURING', cause: 'ISSUER', time, txId }],
        investorHistory: [{ investors: request.investors, time, txId }],
        createdAt: time,
        updatedAt: time,
        txId,
    };
    const pool: PoolRecord = {
        dealId: request.dealId,
        phase: 'OPEN',
        tape: EMPTY_FRONTIER,
        activeLoanCount: 0,
        currentBalance: 0,
        initialBalance: 0,
        cumulative: emptyCumulativeTotals(),
        latestPoolFactorPpm: 0,
        openPeriod: 0,
        lastClosedPeriod: 0,
        lastPeriodEndDate: null,
        updatedAt: time,
        txId,
    };
    await writeDeal(ctx, deal);
    await indexDealParties(ctx, deal);
    await writePool(ctx, pool);
    await setDealGuard(ctx, deal);
    emitAbsEvent(ctx, ABS_EVENTS.dealCreated, {
        dealId: deal.dealId,
        issuerMspId: deal.issuerMspId,
        status: deal.status,
        txId,
    });
    return deal;
}
