import { COMMON_ERRORS, rolesOf, type MemberRole, type MembershipRegistry } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { callerOf, type Caller } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';
import { requireRegistry } from './registry-store.js';

/** A caller with the roles the registry in force gives its organisation. */
export interface MemberCaller extends Caller {
    readonly roles: readonly MemberRole[];
    readonly registry: MembershipRegistry;
}

/** The caller and its roles; a non-member has none. */
export async function memberCallerOf(ctx: Context): Promise<MemberCaller> {
    const registry = await requireRegistry(ctx);
    const caller = callerOf(ctx);
    return { ...caller, roles: rolesOf(registry, caller.mspId), registry };
}

/**
 * Refuses the call unless the caller's organisation holds one of the roles. Access rules name roles, never MSPs:
 * which organisations hold them is the registry's record.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED naming the action, the caller's MSP, its roles and the roles allowed;
 *   REGISTRY_MISSING before the registry is set up.
 */
export async function requireRole(ctx: Context, allowed: readonly MemberRole[], action: string): Promise<MemberCaller> {
    const caller = await memberCallerOf(ctx);
    if (!caller.roles.some((role) => allowed.includes(role))) {
        throw new ChaincodeError(COMMON_ERRORS.ACCESS_DENIED, `${caller.mspId} may not ${action}`, {
            action,
            allowedRoles: [...allowed],
            mspId: caller.mspId,
            roles: [...caller.roles],
        });
    }
    return caller;
}

/**
 * Refuses the call unless the caller's organisation is a member in any role.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED, REGISTRY_MISSING.
 */
export async function requireMember(ctx: Context, action: string): Promise<MemberCaller> {
    const caller = await memberCallerOf(ctx);
    if (caller.roles.length === 0) {
        throw new ChaincodeError(COMMON_ERRORS.ACCESS_DENIED, `${caller.mspId} is not a member and may not ${action}`, {
            action,
            mspId: caller.mspId,
        });
    }
    return caller;
}
