import { COMMON_ERRORS, type OrgMspId } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from './chaincode-error.js';

/** Who is calling, as the chaincode records it: the organisation and the certificate's subject and issuer. */
export interface Caller {
    readonly mspId: string;
    readonly subject: string;
    readonly issuer: string;
}

/**
 * Reads the caller from the transaction's creator certificate. `getID()` has the form
 * `x509::<subject DN>::<issuer DN>`.
 */
export function callerOf(ctx: Context): Caller {
    const id = ctx.clientIdentity.getID();
    const [, subject = '', issuer = ''] = id.split('::');
    return { mspId: ctx.clientIdentity.getMSPID(), subject, issuer };
}

/**
 * Refuses the call unless the caller belongs to one of the allowed organisations.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED naming the action, the caller's MSP and the allowed ones.
 */
export function requireOrganisation(ctx: Context, allowed: readonly OrgMspId[], action: string): Caller {
    const caller = callerOf(ctx);
    if (!(allowed as readonly string[]).includes(caller.mspId)) {
        throw new ChaincodeError(COMMON_ERRORS.ACCESS_DENIED, `${caller.mspId} may not ${action}`, {
            action,
            allowed: [...allowed],
            mspId: caller.mspId,
        });
    }
    return caller;
}
