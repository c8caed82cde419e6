import { EVIDENCE_ERRORS, type LoanParties, type LoanPartyRole } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../../core/caller.js';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { readJson, writeJson } from '../../core/ledger-state.js';
import { loanPartiesKey } from '../ledger-keys.js';

/**
 * A loan's parties (its platform, its funding bank, the bank's product), bound by the loan's first evidence record
 * under their own write-once key. The key is apart from the loan head, which every evidence write rewrites, so
 * consent, case and ABS transactions that check a loan's parties do not conflict with the loan's evidence writes.
 */

/**
 * Parties bound earlier in the same transaction: Fabric does not let a transaction read its own writes, and a batch
 * whose first item opens a loan goes on to append to it.
 */
const boundInTransaction = new WeakMap<object, Map<string, LoanParties>>();

/** The loan's parties, or undefined for a loan no record has bound parties to. */
export async function loanPartiesOf(ctx: Context, loanRef: string): Promise<LoanParties | undefined> {
    return boundInTransaction.get(ctx.stub)?.get(loanRef) ?? readJson<LoanParties>(ctx, loanPartiesKey(ctx, loanRef));
}

/**
 * Writes a loan's parties. The evidence area calls it once per loan, with the record that binds them; callers check
 * first that none are bound.
 */
export async function bindLoanParties(ctx: Context, loanRef: string, parties: LoanParties): Promise<void> {
    const bound = { platform: parties.platform, bank: parties.bank, product: parties.product };
    await writeJson(ctx, loanPartiesKey(ctx, loanRef), bound);
    const inTransaction = boundInTransaction.get(ctx.stub) ?? new Map<string, LoanParties>();
    inTransaction.set(loanRef, bound);
    boundInTransaction.set(ctx.stub, inTransaction);
}

/**
 * The loan's parties, provided the caller is the loan's party in `role` (its platform or its funding bank).
 *
 * @throws {@link ChaincodeError} LOAN_NOT_FOUND when no parties are bound to the loan; NOT_LOAN_PARTY (403) naming
 *   the action, the loan, the role, the caller's MSP and the party that holds the role.
 */
export async function requireLoanParty(
    ctx: Context,
    loanRef: string,
    caller: Pick<Caller, 'mspId'>,
    role: LoanPartyRole,
    action: string,
): Promise<LoanParties> {
    const parties = await loanPartiesOf(ctx, loanRef);
    if (parties === undefined) {
        throw new ChaincodeError(EVIDENCE_ERRORS.LOAN_NOT_FOUND, `loan ${loanRef} has no parties on the ledger`, {
            loanRef,
            action,
        });
    }
    if (parties[role] !== caller.mspId) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.NOT_LOAN_PARTY,
            `${caller.mspId} is not the ${role} of loan ${loanRef} and may not ${action}`,
            { action, loanRef, role, mspId: caller.mspId, party: parties[role] },
        );
    }
    return parties;
}
