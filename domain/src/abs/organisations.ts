import { type MemberRole } from '../membership/roles.js';

/**
 * Who takes part in a deal. Rules name roles and the deal's own parties, never MSPs: the issuer is a member holding
 * role {@link ABS_ISSUER_ROLE} and funds every loan it puts in the pool; the holders are members holding role
 * {@link ABS_INVESTOR_ROLE} that the deal names in `investors`. A deal's reads and its private loan amounts belong
 * to its issuer and its holders, and to nobody else (chaincode/docs/access-matrix.md).
 */

/** The role an issuer holds: a bank structures deals of loans it funds. */
export const ABS_ISSUER_ROLE: MemberRole = 'bank';

/** The role a deal's account bank must hold (and it must not be the deal's issuer). */
export const ABS_ACCOUNT_BANK_ROLE: MemberRole = 'bank';

/** The role every holder a deal names must hold. */
export const ABS_INVESTOR_ROLE: MemberRole = 'investor';

/**
 * Most holders a deal names. Every holder's peer endorses each write of the deal's private amounts (so it receives
 * its own copy), which bounds the list.
 */
export const MAX_DEAL_INVESTORS = 16;

/** The organisations a deal's private amounts reach and whose peers endorse its private writes: issuer first. */
export function dealParties(deal: { readonly issuerMspId: string; readonly investors: readonly string[] }): string[] {
    return [deal.issuerMspId, ...deal.investors.filter((mspId) => mspId !== deal.issuerMspId)];
}

/** True when the organisation is the deal's issuer or one of its holders. */
export function isDealParty(
    deal: { readonly issuerMspId: string; readonly investors: readonly string[] },
    mspId: string,
): boolean {
    return deal.issuerMspId === mspId || deal.investors.includes(mspId);
}
