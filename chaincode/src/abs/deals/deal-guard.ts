import { type DealRecord, dealParties } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { writeJson } from '../../core/ledger-state.js';
import { everyPeerPolicyOf } from '../../core/peer-policy.js';
import { dealGuardKey } from '../keys.js';

/**
 * The deal's endorsement guard: the chaincode itself, not a gateway setting, makes every write of a deal's tape,
 * purchases and period rows need the endorsement of the deal's issuer AND of every holder.
 *
 * Fabric validates a write of a key against the key-level policy committed with it (a brand-new key only against
 * the chaincode's 2-of-n), so each deal has one guard key, `abs.guard/<dealId>`, created with the deal and carrying
 * `AND(issuer peer, each holder's peer)`, and every guarded transaction (AddCutOffLoans, CutOffPool, PurchaseLoans,
 * PostPeriodUpdates, ClosePeriod) writes it. The guarded write is blind (no read of the key), so concurrent row or
 * purchase batches of one deal do not conflict on it; only CreateDeal and SetInvestors set its policy, because a
 * policy change invalidates every later write of the key in the same block.
 *
 * The issuer is in the policy too: no holder or other member can write a deal's pool without the issuer's peer.
 * SetInvestors rewrites the key with the new holders' policy and is itself validated against the committed one, so
 * a change of holders needs the issuer and every CURRENT holder, the one leaving included: the issuer cannot drop an
 * auditor without that auditor's peer agreeing; a joining holder's peer need not endorse (it joins only while the
 * pool is empty, and its peer endorses every guarded write from then on).
 */

/** The guard record: the organisations whose peers must endorse every guarded write of the deal. */
export interface DealGuardRecord {
    readonly dealId: string;
    /** The issuer first, then the holders, as {@link dealParties} lists them. */
    readonly endorsers: readonly string[];
}

function guardOf(deal: Pick<DealRecord, 'dealId' | 'issuerMspId' | 'investors'>): DealGuardRecord {
    return { dealId: deal.dealId, endorsers: dealParties(deal) };
}

/** The guard's key-level policy for a deal: every party's peer. */
export function dealGuardPolicy(deal: Pick<DealRecord, 'issuerMspId' | 'investors'>): Uint8Array {
    return everyPeerPolicyOf(dealParties(deal));
}

/**
 * Writes the guard with the policy of the deal's parties as the deal now names them (CreateDeal, SetInvestors).
 * In SetInvestors, Fabric holds this write to the policy committed before it: the previous parties'.
 */
export async function setDealGuard(
    ctx: Context,
    deal: Pick<DealRecord, 'dealId' | 'issuerMspId' | 'investors'>,
): Promise<void> {
    const key = dealGuardKey(ctx, deal.dealId);
    await writeJson(ctx, key, guardOf(deal));
    await ctx.stub.setStateValidationParameter(key, dealGuardPolicy(deal));
}

/**
 * Writes the guard without reading it or changing its policy, so that Fabric validates the transaction against the
 * deal's guard policy. Every guarded transaction calls it once, with the deal it read.
 */
export async function touchDealGuard(
    ctx: Context,
    deal: Pick<DealRecord, 'dealId' | 'issuerMspId' | 'investors'>,
): Promise<void> {
    await writeJson(ctx, dealGuardKey(ctx, deal.dealId), guardOf(deal));
}
