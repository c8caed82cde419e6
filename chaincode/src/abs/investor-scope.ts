import { ABS_INVESTOR_ROLE, holdsRole, type MembershipRegistry } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { readDeal } from './deals/deal-store.js';
import { dealsHoldingLoan } from './pool/loan-evidence.js';

/**
 * Whether an investor may read an evidence loan: it holds role investor and holds a deal whose pool holds (or held)
 * the loan. An investor sees the evidence of its deals' loans and nothing else.
 */
export async function investorHoldsLoan(
    ctx: Context,
    caller: Readonly<{ mspId: string; registry: MembershipRegistry }>,
    loanRef: string,
): Promise<boolean> {
    if (!holdsRole(caller.registry, caller.mspId, ABS_INVESTOR_ROLE)) {
        return false;
    }
    for (const entry of await dealsHoldingLoan(ctx, loanRef)) {
        if ((await readDeal(ctx, entry.dealId)).investors.includes(caller.mspId)) {
            return true;
        }
    }
    return false;
}
