import { ABS_ERRORS, type DealRecord, MSP_IDS, type OrgMspId } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller, requireOrganisation } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';

/**
 * Who may do what in the ABS area (docs: chaincode/docs/access-matrix-abs.md). Checked in the chaincode from the
 * caller's MSP ID; the gateway's role checks are a second line only.
 */

/** Organisations that issue deals: create them, build and cut off pools, post and close periods. */
export const ABS_ISSUERS: readonly OrgMspId[] = [MSP_IDS.bank];

/** Organisations that read deals, pools, loans, reports and (as collection members) loan-level amounts. */
export const ABS_READERS: readonly OrgMspId[] = [MSP_IDS.bank, MSP_IDS.investor];

/** Organisations that record audit acknowledgements of period reports. */
export const ABS_AUDITORS: readonly OrgMspId[] = [MSP_IDS.investor];

/**
 * Refuses the call unless the caller belongs to the deal's issuing organisation.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED for a non-issuer organisation, ABS_NOT_ISSUER for an issuer
 * organisation that did not issue this deal.
 */
export function requireIssuerOf(ctx: Context, deal: DealRecord, action: string): Caller {
    const caller = requireOrganisation(ctx, ABS_ISSUERS, action);
    if (caller.mspId !== deal.issuerMspId) {
        throw new ChaincodeError(ABS_ERRORS.ABS_NOT_ISSUER, `${caller.mspId} did not issue deal ${deal.dealId}`, {
            dealId: deal.dealId,
            issuerMspId: deal.issuerMspId,
            mspId: caller.mspId,
        });
    }
    return caller;
}
