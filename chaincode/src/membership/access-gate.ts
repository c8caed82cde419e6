import { ACCESS_RULES, COMMON_ERRORS, gateAdmits, MEMBERSHIP_ERRORS, type AccessRule } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { callerOf } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';

import { memberCallerOf } from './member-access.js';
import { isAdminCaller } from './registry-admin.js';

/** The rule of a transaction function, by `Contract:Function`; undefined for a function the table does not cover. */
export function accessRuleOf(transaction: string): AccessRule | undefined {
    return Object.hasOwn(ACCESS_RULES, transaction) ? ACCESS_RULES[transaction] : undefined;
}

/**
 * Applies the access table's gate for the function being invoked, before the function reads its request:
 * `LedgerContract.beforeTransaction` calls it for every transaction function of every contract. A function the
 * table does not name is refused (fail closed), so a new function cannot ship without a rule, and the access matrix
 * in the docs, rendered from the same table, cannot leave it out.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED (no rule, not a member, or no role the gate names),
 *   MEMBER_ADMIN_REQUIRED (a member's user where an admin is needed), REGISTRY_MISSING.
 */
export async function enforceAccessGate(ctx: Context, contractName: string): Promise<void> {
    const { fcn } = ctx.stub.getFunctionAndParameters();
    const transaction = `${contractName}:${fcn.slice(fcn.lastIndexOf(':') + 1)}`;
    const rule = accessRuleOf(transaction);
    if (rule === undefined) {
        const { mspId } = callerOf(ctx);
        throw new ChaincodeError(COMMON_ERRORS.ACCESS_DENIED, `no access rule admits anyone to ${contractName}`, {
            contract: contractName,
            mspId,
        });
    }
    if ('anyone' in rule.gate) {
        return;
    }
    const caller = await memberCallerOf(ctx);
    const isAdmin = isAdminCaller(ctx);
    if (gateAdmits(rule.gate, caller.roles, isAdmin)) {
        return;
    }
    if ('memberAdmin' in rule.gate && caller.roles.length > 0) {
        throw new ChaincodeError(
            MEMBERSHIP_ERRORS.MEMBER_ADMIN_REQUIRED,
            `only an admin of ${caller.mspId} may ${rule.action} for it`,
            { action: rule.action, mspId: caller.mspId },
        );
    }
    throw new ChaincodeError(COMMON_ERRORS.ACCESS_DENIED, `${caller.mspId} may not ${rule.action}`, {
        action: rule.action,
        mspId: caller.mspId,
        roles: [...caller.roles],
        ...('roles' in rule.gate ? { allowedRoles: [...rule.gate.roles] } : {}),
    });
}
