import {
    ABS_ACCOUNT_BANK_ROLE,
    ABS_ERRORS,
    ABS_EVENTS,
    ABS_INVESTOR_ROLE,
    type DealRecord,
    dealParties,
    holdsRole,
    type MembershipRegistry,
    type SetInvestorsRequest,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { txTime, writeJson } from '../../core/ledger-state.js';
import { type Fields } from '../../core/request-fields.js';
import { requireIssuerOf } from '../access.js';
import { emitAbsEvent } from '../events.js';
import { dealIdOf, optionalCodeOf } from '../fields.js';
import { memberDealKey } from '../keys.js';
import { readPool } from '../pool/pool-store.js';
import { investorsOf } from './deal-request.js';
import { setDealGuard } from './deal-guard.js';
import { readDeal, writeDeal } from './deal-store.js';

/**
 * A deal's holders: the investors it names. They read the deal and receive its private amounts, so the list is the
 * issuer's to keep, each change is recorded in `investorHistory`, and every organisation's deals are indexed under
 * its MSP ID so that it lists only its own.
 */

/**
 * Refuses a holder that does not hold role investor in the registry in force.
 *
 * @throws {@link ChaincodeError} ABS_NOT_AN_INVESTOR naming the holder.
 */
export function requireInvestors(registry: MembershipRegistry, investors: readonly string[]): void {
    investors.forEach((mspId, index) => {
        if (!holdsRole(registry, mspId, ABS_INVESTOR_ROLE)) {
            throw new ChaincodeError(
                ABS_ERRORS.ABS_NOT_AN_INVESTOR,
                `investors[${index}] ${mspId} does not hold role investor`,
                { field: `investors[${index}]`, index, mspId },
            );
        }
    });
}

/**
 * Refuses an account bank that does not hold role bank in the registry or is the deal's issuer: the cash report must
 * come from a second institution, or reconciling it with the servicer's figures proves nothing.
 *
 * @throws ChaincodeError ABS_NOT_AN_ACCOUNT_BANK.
 */
export function requireAccountBank(registry: MembershipRegistry, accountBankMspId: string, issuerMspId: string): void {
    if (accountBankMspId === issuerMspId || !holdsRole(registry, accountBankMspId, ABS_ACCOUNT_BANK_ROLE)) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_NOT_AN_ACCOUNT_BANK,
            `accountBankMspId ${accountBankMspId} ${accountBankMspId === issuerMspId ? 'is the issuer' : 'does not hold role bank'}`,
            { field: 'accountBankMspId', issuerMspId, mspId: accountBankMspId },
        );
    }
}

/** Indexes the deal under each of its parties. */
export async function indexDealParties(ctx: Context, deal: DealRecord): Promise<void> {
    for (const mspId of dealParties(deal)) {
        await writeJson(ctx, memberDealKey(ctx, mspId, deal.dealId), { dealId: deal.dealId, mspId });
    }
}

/** Parses a SetInvestors request. */
export function parseSetInvestors(fields: Fields): SetInvestorsRequest {
    const reasonCode = optionalCodeOf(fields, 'reasonCode');
    return {
        dealId: dealIdOf(fields),
        investors: investorsOf(fields),
        ...(reasonCode === undefined ? {} : { reasonCode }),
    };
}

/**
 * Replaces a deal's holders (issuer only). A holder may leave at any time; one joins only while the pool holds no
 * loans, because a holder's peer gets the private amounts by endorsing the writes that make them, and would miss
 * every amount written before it joined (and so could not endorse later writes that read them). A holder that
 * leaves loses every read at once; what its peer already received stays there, as Fabric cannot recall data.
 * The deal's guard policy (deal-guard.ts) follows the new list; Fabric holds this change to the policy in force, so
 * the issuer and every current holder, a leaving one included, must endorse it.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED / ABS_NOT_ISSUER, ABS_NOT_AN_INVESTOR, ABS_INVESTOR_ADDED_LATE.
 */
export async function setInvestors(ctx: Context, request: SetInvestorsRequest): Promise<DealRecord> {
    const deal = await readDeal(ctx, request.dealId);
    const caller = await requireIssuerOf(ctx, deal, "change an ABS deal's holders");
    requireInvestors(caller.registry, request.investors);
    const joining = request.investors.filter((mspId) => !deal.investors.includes(mspId));
    if (joining.length > 0) {
        const pool = await readPool(ctx, deal.dealId);
        if (deal.status !== 'STRUCTURING' || pool.tape.size > 0) {
            throw new ChaincodeError(
                ABS_ERRORS.ABS_INVESTOR_ADDED_LATE,
                `${joining.join(', ')} cannot join deal ${deal.dealId}: its pool already holds loans`,
                { dealId: deal.dealId, joining, status: deal.status, tapeSize: pool.tape.size },
            );
        }
    }
    const time = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const moved: DealRecord = {
        ...deal,
        investors: request.investors,
        investorHistory: [
            ...deal.investorHistory,
            {
                investors: request.investors,
                time,
                txId,
                ...(request.reasonCode === undefined ? {} : { reasonCode: request.reasonCode }),
            },
        ],
        updatedAt: time,
        txId,
    };
    for (const mspId of deal.investors.filter((held) => !request.investors.includes(held))) {
        if (mspId !== deal.issuerMspId) {
            await ctx.stub.deleteState(memberDealKey(ctx, mspId, deal.dealId));
        }
    }
    await writeDeal(ctx, moved);
    await indexDealParties(ctx, moved);
    // Validated against the guard policy committed before: the issuer and every current holder, leaving ones too.
    await setDealGuard(ctx, moved);
    emitAbsEvent(ctx, ABS_EVENTS.dealInvestorsChanged, {
        dealId: deal.dealId,
        investors: request.investors,
        txId,
    });
    return moved;
}
