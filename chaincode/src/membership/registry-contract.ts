import { COMMON_ERRORS, MEMBERSHIP_ERRORS, REGISTRY_EVENTS, type MembershipRegistry } from '@lendledger/domain';
import { Context, Info, Param, Returns, Transaction } from 'fabric-contract-api';
import { callerOf } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';
import { LedgerContract } from '../core/ledger-contract.js';
import { emitEvent, result, txTime } from '../core/ledger-state.js';
import { approveChange, proposeChange, withdrawChange } from './registry-proposals.js';
import { openRegistryProposals, registryHistory, registryProposal } from './registry-reads.js';
import { bootstrapRequestOf, proposalRequestOf, proposeRequestOf, registryPageRequestOf } from './registry-request.js';
import { readRegistry, requireRegistry, writeRegistry } from './registry-store.js';

/**
 * The membership registry: which organisation holds which roles. Every access rule of this chaincode reads it.
 */
@Info({ title: 'Registry', description: 'Membership registry: roles of the consortium members' })
export class RegistryContract extends LedgerContract {
    constructor() {
        super('Registry');
    }

    /**
     * Writes the founding registry, once. The network's set-up calls it right after the chaincode is committed,
     * from one of the founding members, naming every founding member.
     *
     * @throws {@link ChaincodeError} REGISTRY_EXISTS once a registry is on the ledger; ACCESS_DENIED when the caller
     *   is not one of the members it names; INVALID_ARGUMENT for a malformed member list.
     */
    @Transaction()
    @Param('request', 'string', 'JSON BootstrapRegistryRequest')
    @Returns('string')
    async Bootstrap(ctx: Context, request: string): Promise<string> {
        const { members } = bootstrapRequestOf(request);
        const caller = callerOf(ctx);
        if (!members.some((member) => member.mspId === caller.mspId)) {
            throw new ChaincodeError(
                COMMON_ERRORS.ACCESS_DENIED,
                `${caller.mspId} may not set up a registry it is not in`,
                {
                    action: 'set up the registry',
                    mspId: caller.mspId,
                },
            );
        }
        if ((await readRegistry(ctx)) !== undefined) {
            throw new ChaincodeError(MEMBERSHIP_ERRORS.REGISTRY_EXISTS, 'the membership registry is already set up');
        }
        const at = txTime(ctx);
        const registry: MembershipRegistry = {
            version: 1,
            members: members.map((member) => ({ ...member, since: at })),
            updatedAt: at,
            txId: ctx.stub.getTxID(),
        };
        await writeRegistry(ctx, registry);
        emitEvent(ctx, REGISTRY_EVENTS.changed, { version: registry.version, txId: registry.txId });
        return result(registry);
    }

    /**
     * The registry in force. Any caller may read it: it names organisations and roles, nothing personal.
     *
     * @throws {@link ChaincodeError} REGISTRY_MISSING before the set-up.
     */
    @Transaction(false)
    @Returns('string')
    async Get(ctx: Context): Promise<string> {
        return result(await requireRegistry(ctx));
    }

    /**
     * Proposes one change (add a member, change a member's roles, remove a member) as an admin of a member; the
     * proposal counts as that member's approval.
     *
     * @throws {@link ChaincodeError} MEMBER_ADMIN_REQUIRED, ACCESS_DENIED, PROPOSAL_EXISTS, CHANGE_CONFLICT,
     *   REGISTRY_FULL, INVALID_ARGUMENT.
     */
    @Transaction()
    @Param('request', 'string', 'JSON ProposeRegistryChangeRequest')
    @Returns('string')
    async Propose(ctx: Context, request: string): Promise<string> {
        return result(await proposeChange(ctx, proposeRequestOf(request)));
    }

    /**
     * Approves a proposal as an admin of another member; the approval that makes a majority applies the change.
     *
     * @throws {@link ChaincodeError} MEMBER_ADMIN_REQUIRED, ACCESS_DENIED, PROPOSAL_NOT_FOUND, PROPOSAL_CLOSED,
     *   PROPOSAL_EXPIRED, PROPOSAL_STALE, ALREADY_APPROVED, CHANGE_CONFLICT.
     */
    @Transaction()
    @Param('request', 'string', 'JSON RegistryProposalRequest')
    @Returns('string')
    async Approve(ctx: Context, request: string): Promise<string> {
        return result(await approveChange(ctx, proposalRequestOf(request).proposalId));
    }

    /**
     * Withdraws an open proposal, as an admin of the member that proposed it.
     *
     * @throws {@link ChaincodeError} MEMBER_ADMIN_REQUIRED, ACCESS_DENIED, PROPOSAL_NOT_FOUND, PROPOSAL_CLOSED.
     */
    @Transaction()
    @Param('request', 'string', 'JSON RegistryProposalRequest')
    @Returns('string')
    async Withdraw(ctx: Context, request: string): Promise<string> {
        return result(await withdrawChange(ctx, proposalRequestOf(request).proposalId));
    }

    /**
     * Every applied registry version, oldest first, a page at a time (`{ pageSize?, bookmark? }`).
     *
     * @throws {@link ChaincodeError} INVALID_ARGUMENT, INVALID_BOOKMARK.
     */
    @Transaction(false)
    @Param('request', 'string', 'JSON page request')
    @Returns('string')
    async History(ctx: Context, request: string): Promise<string> {
        return result(await registryHistory(ctx, registryPageRequestOf(request)));
    }

    /**
     * One proposal, with where it stands (OPEN, APPLIED, WITHDRAWN, EXPIRED, STALE) and its approvals.
     *
     * @throws {@link ChaincodeError} PROPOSAL_NOT_FOUND, REGISTRY_MISSING.
     */
    @Transaction(false)
    @Param('request', 'string', 'JSON RegistryProposalRequest')
    @Returns('string')
    async Proposal(ctx: Context, request: string): Promise<string> {
        return result(await registryProposal(ctx, proposalRequestOf(request).proposalId));
    }

    /**
     * The proposals that can still be approved, a page of proposals at a time (`{ pageSize?, bookmark? }`).
     *
     * @throws {@link ChaincodeError} INVALID_ARGUMENT, INVALID_BOOKMARK, REGISTRY_MISSING.
     */
    @Transaction(false)
    @Param('request', 'string', 'JSON page request')
    @Returns('string')
    async Proposals(ctx: Context, request: string): Promise<string> {
        return result(await openRegistryProposals(ctx, registryPageRequestOf(request)));
    }
}
