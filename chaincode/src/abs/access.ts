import { ABS_ERRORS, ABS_ISSUERS, type DealRecord } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller, requireOrganisation } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';

/**
 * Who may do what in the ABS area (docs: chaincode/docs/access-matrix-abs.md). Checked in the chaincode from the
 * caller's MSP ID; the gateway's role checks are a second line only. The lists of who issues, reads and audits are
 * the domain's (domain/src/abs/organisations.ts), which the gateway reads too.
 */

export { ABS_AUDITORS, ABS_ISSUERS, ABS_READERS } from '@lendledger/domain';

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
