import { COMMON_ERRORS, FORUM_ROLES, type LoanParties } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';
import { investorHoldsLoan } from '../abs/investor-scope.js';
import { memberCallerOf, type MemberCaller } from '../membership/member-access.js';
import { OBJECT_TYPES } from './ledger-keys.js';
import { loanPartiesOf } from './records/loan-parties.js';

/**
 * Who may read what in the evidence area (chaincode/docs/access-matrix.md):
 * - loan evidence: the loan's own platform and funding bank (the parties its first record bound, who append to its
 *   chain; any platform or bank for a loan with no bound parties), the notary (it attests whatever it is asked to); an investor only for loans in the pool of a deal it holds
 *   (chaincode/src/abs/investor-scope.ts); a forum (a court or an arbitration commission, by its registry role) only
 *   for loans with a case filed to it;
 * - cases: the filing organisation, the notary and the case's forum (cases/case-access.ts);
 * - anchors: every member, since a proof is only worth something to whoever holds the fingerprint.
 */

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

/**
 * Whether the caller is the loan's platform or funding bank. A loan with no parties bound (written before loans named
 * them, or none at all, which the read then reports as not found) is read as it was then: by any platform or bank.
 */
function isLoanParty(caller: MemberCaller, parties: LoanParties | undefined): boolean {
    const { roles, mspId } = caller;
    if (parties === undefined) {
        return roles.includes('platform') || roles.includes('bank');
    }
    return (
        (roles.includes('platform') && parties.platform === mspId) || (roles.includes('bank') && parties.bank === mspId)
    );
}

/**
 * Refuses the call unless the caller may read the loan's evidence.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED.
 */
export async function requireLoanReader(ctx: Context, loanRef: string, action: string): Promise<Caller> {
    const caller = await memberCallerOf(ctx);
    const { roles } = caller;
    if (roles.includes('notary')) {
        return caller;
    }
    if (isLoanParty(caller, await loanPartiesOf(ctx, loanRef))) {
        return caller;
    }
    if (FORUM_ROLES.some((role) => roles.includes(role)) && (await forumHasCaseOn(ctx, caller.mspId, loanRef))) {
        return caller;
    }
    if (roles.includes('investor') && (await investorHoldsLoan(ctx, caller, loanRef))) {
        return caller;
    }
    throw denied(caller, action, { loanRef });
}
