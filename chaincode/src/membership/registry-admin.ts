import { MEMBERSHIP_ERRORS } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../core/chaincode-error.js';
import { requireMember, type MemberCaller } from './member-access.js';

/** The NodeOU Fabric gives a member's administrators (cryptogen and Fabric CA with NodeOUs enabled). */
const ADMIN_OU = 'admin';

/**
 * Whether the caller's certificate carries the admin NodeOU. fabric-shim's `getID()` writes the subject as
 * `/C=…/OU=admin/CN=…`; the OU is what the member's own CA issued, and that CA is the member's authority over its
 * identities anyway (it could make any user an admin), so reading it here trusts no one new.
 */
export function isAdminCaller(ctx: Context): boolean {
    const [, subject = ''] = ctx.clientIdentity.getID().split('::');
    // Split on the separators fabric-shim writes, not on an escaped slash inside a value.
    return subject.split(/(?<!\\)\//).some((part) => part === `OU=${ADMIN_OU}`);
}

/**
 * Refuses the call unless the caller is an administrator of a current member: registry changes are decisions of the
 * members as institutions, not of their everyday users.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED for a non-member, MEMBER_ADMIN_REQUIRED for a member's non-admin
 *   user, REGISTRY_MISSING before the set-up.
 */
export async function requireMemberAdmin(ctx: Context, action: string): Promise<MemberCaller> {
    const caller = await requireMember(ctx, action);
    if (!isAdminCaller(ctx)) {
        throw new ChaincodeError(
            MEMBERSHIP_ERRORS.MEMBER_ADMIN_REQUIRED,
            `only an admin of ${caller.mspId} may ${action} for it`,
            { action, mspId: caller.mspId },
        );
    }
    return caller;
}
