import {
    ABS_ACCOUNT_BANK_ROLE,
    ABS_ERRORS,
    ABS_INVESTOR_ROLE,
    ABS_ISSUER_ROLE,
    type DealRecord,
    holdsRole,
    type MemberRole,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../core/chaincode-error.js';
import { type MemberCaller, requireRole } from '../membership/member-access.js';
import { readDeal } from './deals/deal-store.js';

/**
 * Who may do what in the ABS area (docs: chaincode/docs/access-matrix.md), from the caller's roles in the
 * membership registry and the deal's own parties, never from MSP names:
 * - a bank (role bank) structures deals and is the issuer of the deals it creates; only the issuer writes them;
 * - a deal's readers are its issuer and the holders it names (role investor); any other member is refused with
 *   ABS_NOT_DEAL_PARTY, whatever its role;
 * - only a holder acknowledges a report.
 */

/** Roles that may call a deal's reads at all; the deal's parties decide the rest. */
export const ABS_DEAL_ROLES: readonly MemberRole[] = Object.freeze([ABS_ISSUER_ROLE, ABS_INVESTOR_ROLE]);

/**
 * Refuses the call unless the caller's organisation holds role bank.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED.
 */
export async function requireIssuerRole(ctx: Context, action: string): Promise<MemberCaller> {
    return requireRole(ctx, [ABS_ISSUER_ROLE], action);
}

/**
 * Refuses the call unless the caller is the deal's issuer and still holds role bank.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED for a non-bank organisation, ABS_NOT_ISSUER for a bank that did not
 * issue this deal.
 */
export async function requireIssuerOf(ctx: Context, deal: DealRecord, action: string): Promise<MemberCaller> {
    const caller = await requireIssuerRole(ctx, action);
    if (caller.mspId !== deal.issuerMspId) {
        throw new ChaincodeError(ABS_ERRORS.ABS_NOT_ISSUER, `${caller.mspId} did not issue deal ${deal.dealId}`, {
            dealId: deal.dealId,
            issuerMspId: deal.issuerMspId,
            mspId: caller.mspId,
        });
    }
    return caller;
}

/** True when the organisation is the deal's issuer holding role bank, or a holder holding role investor. */
export function isDealReader(caller: Pick<MemberCaller, 'mspId' | 'registry'>, deal: DealRecord): boolean {
    const { mspId, registry } = caller;
    return (
        (deal.issuerMspId === mspId && holdsRole(registry, mspId, ABS_ISSUER_ROLE)) ||
        (deal.investors.includes(mspId) && holdsRole(registry, mspId, ABS_INVESTOR_ROLE))
    );
}

/**
 * Refuses the call unless the caller is one of the deal's parties: its issuer or a holder it names.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED for a member holding neither role bank nor investor,
 * ABS_NOT_DEAL_PARTY for a bank or an investor that is not a party of this deal.
 */
export async function requireDealReader(ctx: Context, deal: DealRecord, action: string): Promise<MemberCaller> {
    const caller = await requireRole(ctx, ABS_DEAL_ROLES, action);
    if (!isDealReader(caller, deal)) {
        throw notParty(caller, deal, action);
    }
    return caller;
}

/**
 * Reads the deal for one of its parties.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED, ABS_DEAL_NOT_FOUND, ABS_NOT_DEAL_PARTY.
 */
export async function readDealAsParty(ctx: Context, dealId: string, action: string): Promise<DealRecord> {
    await requireRole(ctx, ABS_DEAL_ROLES, action);
    const deal = await readDeal(ctx, dealId);
    await requireDealReader(ctx, deal, action);
    return deal;
}

/**
 * Refuses the call unless the caller is a holder the deal names (and holds role investor).
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED for a non-investor, ABS_NOT_DEAL_PARTY for an investor that does not
 * hold the deal.
 */
export async function requireHolderOf(ctx: Context, deal: DealRecord, action: string): Promise<MemberCaller> {
    const caller = await requireRole(ctx, [ABS_INVESTOR_ROLE], action);
    if (!deal.investors.includes(caller.mspId)) {
        throw notParty(caller, deal, action);
    }
    return caller;
}

/**
 * Refuses the call unless the caller is the deal's account bank and still holds role bank.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED for a non-bank organisation, ABS_NOT_ACCOUNT_BANK for any other bank.
 */
export async function requireAccountBankOf(ctx: Context, deal: DealRecord, action: string): Promise<MemberCaller> {
    const caller = await requireRole(ctx, [ABS_ACCOUNT_BANK_ROLE], action);
    if (caller.mspId !== deal.accountBankMspId) {
        throw new ChaincodeError(
            ABS_ERRORS.ABS_NOT_ACCOUNT_BANK,
            `${caller.mspId} is not the account bank of deal ${deal.dealId} and may not ${action}`,
            { accountBankMspId: deal.accountBankMspId ?? null, action, dealId: deal.dealId, mspId: caller.mspId },
        );
    }
    return caller;
}

function notParty(caller: MemberCaller, deal: DealRecord, action: string): ChaincodeError {
    return new ChaincodeError(
        ABS_ERRORS.ABS_NOT_DEAL_PARTY,
        `${caller.mspId} is neither the issuer nor a holder of deal ${deal.dealId} and may not ${action}`,
        { action, dealId: deal.dealId, mspId: caller.mspId },
    );
}
