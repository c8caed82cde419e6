import {
    EVIDENCE_ERRORS,
    holdsRole,
    MEMBERSHIP_ERRORS,
    type LoanParties,
    type LoanPartiesRequest,
    type LoanPartyRole,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { type MemberCaller } from '../../membership/member-access.js';
import { loanPartiesOf } from './loan-parties.js';

/** The parties a registration writes under: those bound to its loan, or those its `parties` member binds. */
export interface PartiesOfWrite {
    readonly parties: LoanParties;
    /** True when this registration is the loan's first and binds the parties. */
    readonly binds: boolean;
}

/**
 * The parties of a registration's loan. A loan without parties takes them from the registration (its first record),
 * whose `platform` defaults to the writer when the writer holds the platform role; each party must hold its role
 * in the registry. A later registration may restate the parties, but only as they are bound.
 *
 * @throws {@link ChaincodeError} LOAN_PARTIES_REQUIRED when a loan's first record names none (or no platform while
 *   the writer is not one), PARTNER_ROLE_MISSING when a party lacks its role, LOAN_PARTIES_MISMATCH when a later
 *   record names other parties.
 */
export async function partiesOfRegistration(
    ctx: Context,
    caller: MemberCaller,
    registration: { readonly loanRef: string; readonly parties?: LoanPartiesRequest; readonly path: string },
): Promise<PartiesOfWrite> {
    const { loanRef, path } = registration;
    const stated = registration.parties;
    const bound = await loanPartiesOf(ctx, loanRef);
    if (bound !== undefined) {
        if (stated !== undefined) {
            const differing = (['platform', 'bank', 'product'] as const).filter(
                (name) => stated[name] !== undefined && stated[name] !== bound[name],
            );
            if (differing.length > 0) {
                throw new ChaincodeError(
                    EVIDENCE_ERRORS.LOAN_PARTIES_MISMATCH,
                    `${path}.parties differ from the parties bound to ${loanRef} in ${differing.join(', ')}`,
                    { field: `${path}.parties`, loanRef, differing: [...differing], ...bound },
                );
            }
        }
        return { parties: bound, binds: false };
    }
    if (stated === undefined) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.LOAN_PARTIES_REQUIRED,
            `${path}: the first record of ${loanRef} must name its parties (bank, product, and platform unless the writer is one)`,
            { field: `${path}.parties`, loanRef },
        );
    }
    const platform = stated.platform ?? (caller.roles.includes('platform') ? caller.mspId : undefined);
    if (platform === undefined) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.LOAN_PARTIES_REQUIRED,
            `${path}.parties.platform is required when the writer is not a platform`,
            { field: `${path}.parties.platform`, loanRef },
        );
    }
    const parties: LoanParties = { platform, bank: stated.bank, product: stated.product };
    for (const role of ['platform', 'bank'] as const satisfies readonly LoanPartyRole[]) {
        if (!holdsRole(caller.registry, parties[role], role)) {
            throw new ChaincodeError(
                MEMBERSHIP_ERRORS.PARTNER_ROLE_MISSING,
                `${path}.parties.${role}: ${parties[role]} does not hold the ${role} role in the registry`,
                { field: `${path}.parties.${role}`, mspId: parties[role], role },
            );
        }
    }
    return { parties, binds: true };
}
