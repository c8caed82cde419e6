import {
    applyRegistryChange,
    changeConflict,
    COMMON_ERRORS,
    majorityOf,
    MAX_MEMBERS,
    MEMBERSHIP_ERRORS,
    PROPOSAL_WINDOW_MILLIS,
    REGISTRY_EVENTS,
    REGISTRY_PROPOSAL_EVENTS,
    type MembershipRegistry,
    type ProposeRegistryChangeRequest,
    type RegistryChange,
    type RegistryProposal,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../core/chaincode-error.js';
import { emitEvent, readJson, txTime, txTimeMillis, writeJson } from '../core/ledger-state.js';
import { type MemberCaller } from './member-access.js';
import { requireMemberAdmin } from './registry-admin.js';
import { registryProposalKey } from './registry-keys.js';
import { writeRegistry } from './registry-store.js';

/**
 * Proposing, approving and withdrawing registry changes. Every check runs before the first write, so a refused call
 * writes nothing. The transaction that brings a proposal's approvals to a majority of the current members applies
 * it, and because it writes the registry key, Fabric accepts it only when a majority of the members' peers endorsed
 * it (the key's state-based policy).
 */

/**
 * Records a proposal, the proposer's admin approving it by proposing; with a one-member registry that is already a
 * majority and the change applies at once.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED (non-member), MEMBER_ADMIN_REQUIRED, PROPOSAL_EXISTS, CHANGE_CONFLICT,
 *   REGISTRY_FULL, REGISTRY_MISSING.
 */
export async function proposeChange(ctx: Context, request: ProposeRegistryChangeRequest): Promise<RegistryProposal> {
    const caller = await requireMemberAdmin(ctx, 'propose a registry change');
    const key = registryProposalKey(ctx, request.proposalId);
    if ((await readJson<RegistryProposal>(ctx, key)) !== undefined) {
        throw new ChaincodeError(MEMBERSHIP_ERRORS.PROPOSAL_EXISTS, `proposal ${request.proposalId} already exists`, {
            proposalId: request.proposalId,
        });
    }
    requireApplicable(caller.registry, request.change);
    const at = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const proposal: RegistryProposal = {
        proposalId: request.proposalId,
        change: request.change,
        proposer: caller.mspId,
        baseVersion: caller.registry.version,
        proposedAt: at,
        expiresAt: new Date(txTimeMillis(ctx) + PROPOSAL_WINDOW_MILLIS).toISOString(),
        approvals: [{ mspId: caller.mspId, at, txId }],
        status: 'OPEN',
        updatedAt: at,
        txId,
    };
    return settle(ctx, caller.registry, proposal, REGISTRY_PROPOSAL_EVENTS.proposed);
}

/**
 * Adds the caller's member's approval; applies the change when approvals of distinct current members reach a
 * majority.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED (non-member), MEMBER_ADMIN_REQUIRED, PROPOSAL_NOT_FOUND,
 *   PROPOSAL_CLOSED, PROPOSAL_EXPIRED, PROPOSAL_STALE, ALREADY_APPROVED, CHANGE_CONFLICT, REGISTRY_FULL.
 */
export async function approveChange(ctx: Context, proposalId: string): Promise<RegistryProposal> {
    const caller = await requireMemberAdmin(ctx, 'approve a registry change');
    const proposal = await requireOpenProposal(ctx, proposalId);
    requireCurrent(ctx, caller, proposal);
    if (proposal.approvals.some((approval) => approval.mspId === caller.mspId)) {
        throw new ChaincodeError(
            MEMBERSHIP_ERRORS.ALREADY_APPROVED,
            `${caller.mspId} has already approved proposal ${proposalId}`,
            { proposalId, mspId: caller.mspId },
        );
    }
    requireApplicable(caller.registry, proposal.change);
    const at = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const approvals = [...proposal.approvals, { mspId: caller.mspId, at, txId }].sort((a, b) =>
        a.mspId < b.mspId ? -1 : a.mspId > b.mspId ? 1 : 0,
    );
    return settle(
        ctx,
        caller.registry,
        { ...proposal, approvals, updatedAt: at, txId },
        REGISTRY_PROPOSAL_EVENTS.approved,
    );
}

/**
 * Withdraws an open proposal; only its proposer's admin may.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED (not the proposer), MEMBER_ADMIN_REQUIRED, PROPOSAL_NOT_FOUND,
 *   PROPOSAL_CLOSED.
 */
export async function withdrawChange(ctx: Context, proposalId: string): Promise<RegistryProposal> {
    const caller = await requireMemberAdmin(ctx, 'withdraw a registry proposal');
    const proposal = await requireOpenProposal(ctx, proposalId);
    if (proposal.proposer !== caller.mspId) {
        throw new ChaincodeError(
            COMMON_ERRORS.ACCESS_DENIED,
            `only ${proposal.proposer}, which proposed ${proposalId}, may withdraw it`,
            { action: 'withdraw a registry proposal', mspId: caller.mspId, proposer: proposal.proposer },
        );
    }
    const withdrawn: RegistryProposal = {
        ...proposal,
        status: 'WITHDRAWN',
        updatedAt: txTime(ctx),
        txId: ctx.stub.getTxID(),
    };
    await writeJson(ctx, registryProposalKey(ctx, proposalId), withdrawn);
    emitEvent(ctx, REGISTRY_PROPOSAL_EVENTS.withdrawn, { proposalId, txId: withdrawn.txId });
    return withdrawn;
}

/** Approvals of a proposal that come from members of the registry in force. */
export function countedApprovals(registry: MembershipRegistry, proposal: RegistryProposal): number {
    const members = new Set(registry.members.map((member) => member.mspId));
    return new Set(proposal.approvals.map((approval) => approval.mspId).filter((mspId) => members.has(mspId))).size;
}

/** Writes the proposal, applying its change first when its approvals reached a majority. */
async function settle(
    ctx: Context,
    registry: MembershipRegistry,
    proposal: RegistryProposal,
    eventName: string,
): Promise<RegistryProposal> {
    const key = registryProposalKey(ctx, proposal.proposalId);
    if (countedApprovals(registry, proposal) < majorityOf(registry.members.length)) {
        await writeJson(ctx, key, proposal);
        emitEvent(ctx, eventName, {
            proposalId: proposal.proposalId,
            approvals: proposal.approvals.length,
            txId: proposal.txId,
        });
        return proposal;
    }
    const next = applyRegistryChange(registry, proposal.change, proposal.updatedAt, proposal.txId);
    const applied: RegistryProposal = { ...proposal, status: 'APPLIED', appliedVersion: next.version };
    await writeRegistry(ctx, next);
    await writeJson(ctx, key, applied);
    emitEvent(ctx, REGISTRY_EVENTS.changed, {
        version: next.version,
        txId: next.txId,
        proposalId: proposal.proposalId,
    });
    return applied;
}

async function requireOpenProposal(ctx: Context, proposalId: string): Promise<RegistryProposal> {
    const proposal = await readJson<RegistryProposal>(ctx, registryProposalKey(ctx, proposalId));
    if (proposal === undefined) {
        throw new ChaincodeError(MEMBERSHIP_ERRORS.PROPOSAL_NOT_FOUND, `proposal ${proposalId} does not exist`, {
            proposalId,
        });
    }
    if (proposal.status !== 'OPEN') {
        throw new ChaincodeError(MEMBERSHIP_ERRORS.PROPOSAL_CLOSED, `proposal ${proposalId} is ${proposal.status}`, {
            proposalId,
            status: proposal.status,
        });
    }
    return proposal;
}

/** Refuses a proposal past its window or made against another registry version. */
function requireCurrent(ctx: Context, caller: MemberCaller, proposal: RegistryProposal): void {
    if (txTimeMillis(ctx) > Date.parse(proposal.expiresAt)) {
        throw new ChaincodeError(
            MEMBERSHIP_ERRORS.PROPOSAL_EXPIRED,
            `proposal ${proposal.proposalId} expired at ${proposal.expiresAt}`,
            { proposalId: proposal.proposalId, expiresAt: proposal.expiresAt },
        );
    }
    if (proposal.baseVersion !== caller.registry.version) {
        throw new ChaincodeError(
            MEMBERSHIP_ERRORS.PROPOSAL_STALE,
            `proposal ${proposal.proposalId} was made against registry version ${proposal.baseVersion}, version ${caller.registry.version} is in force`,
            { proposalId: proposal.proposalId, baseVersion: proposal.baseVersion, version: caller.registry.version },
        );
    }
}

function requireApplicable(registry: MembershipRegistry, change: RegistryChange): void {
    const conflict = changeConflict(registry, change);
    if (conflict !== undefined) {
        throw new ChaincodeError(MEMBERSHIP_ERRORS.CHANGE_CONFLICT, conflict, {
            kind: change.kind,
            mspId: change.mspId,
        });
    }
    if (change.kind === 'ADD_MEMBER' && registry.members.length >= MAX_MEMBERS) {
        throw new ChaincodeError(MEMBERSHIP_ERRORS.REGISTRY_FULL, `the registry holds ${MAX_MEMBERS} members already`, {
            max: MAX_MEMBERS,
        });
    }
}
