import { majorityOf, MEMBERSHIP_ERRORS, type MembershipRegistry, type RegistryProposal } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { readPage, type Page, type PageRequest } from '../core/page-reader.js';
import { readRequired, txTimeMillis } from '../core/ledger-state.js';
import { REGISTRY_OBJECT_TYPES, registryProposalKey } from './registry-keys.js';
import { countedApprovals } from './registry-proposals.js';
import { requireRegistry } from './registry-store.js';

/** Where a proposal stands now: its stored status, or EXPIRED / STALE for an open one that can no longer apply. */
export type ProposalState = RegistryProposal['status'] | 'EXPIRED' | 'STALE';

/** A proposal as reads show it: what is stored, where it stands, and how many approvals it has and needs. */
export type RegistryProposalView = RegistryProposal & {
    readonly state: ProposalState;
    readonly approvalsCounted: number;
    readonly approvalsNeeded: number;
};

/** Every applied registry version, oldest first, a page at a time. */
export async function registryHistory(ctx: Context, page: PageRequest): Promise<Page<MembershipRegistry>> {
    return readPage<MembershipRegistry>(ctx, { objectType: REGISTRY_OBJECT_TYPES.version, attributes: [] }, page);
}

/**
 * One proposal and where it stands.
 *
 * @throws {@link ChaincodeError} PROPOSAL_NOT_FOUND, REGISTRY_MISSING.
 */
export async function registryProposal(ctx: Context, proposalId: string): Promise<RegistryProposalView> {
    const registry = await requireRegistry(ctx);
    const proposal = await readRequired<RegistryProposal>(
        ctx,
        registryProposalKey(ctx, proposalId),
        `proposal ${proposalId}`,
        MEMBERSHIP_ERRORS.PROPOSAL_NOT_FOUND,
        { proposalId },
    );
    return viewOf(ctx, registry, proposal);
}

/**
 * The proposals that can still gather approvals (open, within their window, made against the registry in force),
 * a page of proposal keys at a time: a page may hold fewer than its size, and its bookmark leads on.
 */
export async function openRegistryProposals(ctx: Context, page: PageRequest): Promise<Page<RegistryProposalView>> {
    const registry = await requireRegistry(ctx);
    const scanned = await readPage<RegistryProposal>(
        ctx,
        { objectType: REGISTRY_OBJECT_TYPES.proposal, attributes: [] },
        page,
    );
    return {
        ...scanned,
        items: scanned.items.map((proposal) => viewOf(ctx, registry, proposal)).filter((view) => view.state === 'OPEN'),
    };
}

function viewOf(ctx: Context, registry: MembershipRegistry, proposal: RegistryProposal): RegistryProposalView {
    return {
        ...proposal,
        state: stateOf(ctx, registry, proposal),
        approvalsCounted: countedApprovals(registry, proposal),
        approvalsNeeded: majorityOf(registry.members.length),
    };
}

function stateOf(ctx: Context, registry: MembershipRegistry, proposal: RegistryProposal): ProposalState {
    if (proposal.status !== 'OPEN') {
        return proposal.status;
    }
    if (txTimeMillis(ctx) > Date.parse(proposal.expiresAt)) {
        return 'EXPIRED';
    }
    return proposal.baseVersion === registry.version ? 'OPEN' : 'STALE';
}
