import { COMMON_ERRORS, FORUM_ROLES, MSP_IDS } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller, callerOf } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';
import { investorHoldsLoan } from '../abs/investor-scope.js';
import { memberCallerOf } from '../membership/member-access.js';
import { readRegistry } from '../membership/registry-store.js';
import { OBJECT_TYPES } from './ledger-keys.js';

/**
 * Who may read what in the evidence area (chaincode/docs/access-matrix.md):
 * - loan evidence: the platform and the bank (the two parties of every loan, who append to its chain), the notary
 *   (it attests whatever it is asked to); an investor only for loans in the pool of a deal it holds
 *   (chaincode/src/abs/investor-scope.ts); a forum (a court or an arbitration commission, by its registry role) only
 *   for loans with a case filed to it;
 * - cases: the filing organisation, the notary and the case's forum (cases/case-access.ts);
 * - anchors: every member, since a proof is only worth something to whoever holds the fingerprint.
 */

const LOAN_READERS: readonly string[] = [MSP_IDS.platform, MSP_IDS.bank, MSP_IDS.notary];

function denied(caller: Caller, action: string, details: Record<string, string>): ChaincodeError {
    return new ChaincodeError(COMMON_ERRORS.ACCESS_DENIED, `${caller.mspId} may not ${action}`, {
        action,
        mspId: caller.mspId,
        ...details,
    });
}

/** True when some case on the loan is filed to the forum (the index keeps its historical name, courtLoan). */
async function forumHasCaseOn(ctx: Context, forum: string, loanRef: string): Promise<boolean> {
    const iterator = await ctx.stub.getStateByPartialCompositeKey(OBJECT_TYPES.courtLoan, [forum, loanRef]);
    try {
        const first = await iterator.next();
        return !first.done;
    } finally {
        await iterator.close();
    }
}

/** Whether the caller holds a court or arbitration role in the registry in force. */
async function holdsForumRole(ctx: Context): Promise<boolean> {
    const { roles } = await memberCallerOf(ctx);
    return FORUM_ROLES.some((role) => roles.includes(role));
}

/**
 * Refuses the call unless the caller may read the loan's evidence.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED.
 */
export async function requireLoanReader(ctx: Context, loanRef: string, action: string): Promise<Caller> {
    const caller = callerOf(ctx);
    if (LOAN_READERS.includes(caller.mspId)) {
        return caller;
    }
    if ((await holdsForumRole(ctx)) && (await forumHasCaseOn(ctx, caller.mspId, loanRef))) {
        return caller;
    }
    const registry = await readRegistry(ctx);
    if (registry !== undefined && (await investorHoldsLoan(ctx, { mspId: caller.mspId, registry }, loanRef))) {
        return caller;
    }
    throw denied(caller, action, { loanRef });
}
