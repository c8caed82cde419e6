import { identifierPattern } from '../privacy/ledger-safe.js';
import { type MemberEntry, type MembershipRegistry, type RegistryMember } from './registry.js';
import { type MemberRole } from './roles.js';

/**
 * Changes to the membership registry. A member's admin proposes one change; admins of other members approve it; the
 * transaction that brings the approvals of distinct current members to a majority applies it. The registry key's
 * state-based endorsement policy asks a majority of the members' peers, so the applying transaction also needs a
 * majority of peers to endorse it: no member, and no minority, changes the registry alone.
 */

/** The kinds of change a proposal can make. */
export const REGISTRY_CHANGE_KINDS = ['ADD_MEMBER', 'CHANGE_ROLES', 'REMOVE_MEMBER'] as const;

/** A kind of registry change. */
export type RegistryChangeKind = (typeof REGISTRY_CHANGE_KINDS)[number];

/** One change to the registry. */
export type RegistryChange =
    | { readonly kind: 'ADD_MEMBER'; readonly mspId: string; readonly roles: readonly MemberRole[] }
    | { readonly kind: 'CHANGE_ROLES'; readonly mspId: string; readonly roles: readonly MemberRole[] }
    | { readonly kind: 'REMOVE_MEMBER'; readonly mspId: string };

/** Proposal identifiers chosen by the proposer, e.g. `REG-2026-0001`, under the identifier rule. */
export const PROPOSAL_ID_PATTERN = identifierPattern({
    lowerCase: true,
    digitFirst: true,
    punctuation: ['-', '_', '.'],
    min: 4,
    max: 64,
});

/** How long a proposal can gather approvals, from its transaction time: seven days. */
export const PROPOSAL_WINDOW_MILLIS = 7 * 24 * 60 * 60 * 1000;

/** Where a proposal stands as stored; `EXPIRED` and `STALE` are read from the time and the registry version. */
export const PROPOSAL_STATUSES = ['OPEN', 'APPLIED', 'WITHDRAWN'] as const;

/** A stored proposal status. */
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** One member's approval of a proposal. */
export interface ProposalApproval {
    readonly mspId: string;
    readonly at: string;
    readonly txId: string;
}

/** A proposed registry change and its approvals. */
export interface RegistryProposal {
    readonly proposalId: string;
    readonly change: RegistryChange;
    /** MSP ID of the proposing member; its proposal counts as its approval. */
    readonly proposer: string;
    /** Registry version the change was proposed against; the proposal goes stale when another version commits. */
    readonly baseVersion: number;
    readonly proposedAt: string;
    /** After this transaction time the proposal can no longer be approved. */
    readonly expiresAt: string;
    /** Sorted by MSP ID, one per member. */
    readonly approvals: readonly ProposalApproval[];
    readonly status: ProposalStatus;
    /** The registry version the change produced, once applied. */
    readonly appliedVersion?: number;
    /** Transaction time and ID of the last transaction that wrote the proposal. */
    readonly updatedAt: string;
    readonly txId: string;
}

/** `Registry:Propose`. */
export interface ProposeRegistryChangeRequest {
    readonly proposalId: string;
    readonly change: RegistryChange;
}

/** `Registry:Approve`, `Registry:Withdraw`, `Registry:Proposal`. */
export interface RegistryProposalRequest {
    readonly proposalId: string;
}

/** Events of the registry's proposals; an applying approval emits `REGISTRY_EVENTS.changed` instead. */
export const REGISTRY_PROPOSAL_EVENTS = Object.freeze({
    proposed: 'RegistryChangeProposed',
    approved: 'RegistryChangeApproved',
    withdrawn: 'RegistryChangeWithdrawn',
} as const);

/** Why a change cannot apply to a registry, or undefined when it can. */
export function changeConflict(registry: MembershipRegistry, change: RegistryChange): string | undefined {
    const member = registry.members.find((entry) => entry.mspId === change.mspId);
    switch (change.kind) {
        case 'ADD_MEMBER':
            return member === undefined ? undefined : `${change.mspId} is already a member`;
        case 'CHANGE_ROLES':
            if (member === undefined) {
                return `${change.mspId} is not a member`;
            }
            return sameRoles(member.roles, change.roles)
                ? `${change.mspId} already holds exactly these roles`
                : undefined;
        case 'REMOVE_MEMBER':
            if (member === undefined) {
                return `${change.mspId} is not a member`;
            }
            return registry.members.length === 1 ? 'the registry cannot lose its last member' : undefined;
    }
}

/**
 * The registry version a change produces: version + 1, members sorted by MSP ID, a new member `since` the change,
 * a member whose roles change keeping its `since`.
 *
 * @throws Error when the change does not apply (check {@link changeConflict} first): a programming error.
 */
export function applyRegistryChange(
    registry: MembershipRegistry,
    change: RegistryChange,
    at: string,
    txId: string,
): MembershipRegistry {
    const conflict = changeConflict(registry, change);
    if (conflict !== undefined) {
        throw new Error(conflict);
    }
    let members: RegistryMember[];
    switch (change.kind) {
        case 'ADD_MEMBER':
            members = [...registry.members, { mspId: change.mspId, roles: sortedRoles(change.roles), since: at }];
            break;
        case 'CHANGE_ROLES':
            members = registry.members.map((member) =>
                member.mspId === change.mspId ? { ...member, roles: sortedRoles(change.roles) } : member,
            );
            break;
        case 'REMOVE_MEMBER':
            members = registry.members.filter((member) => member.mspId !== change.mspId);
            break;
    }
    members.sort((a, b) => (a.mspId < b.mspId ? -1 : a.mspId > b.mspId ? 1 : 0));
    return { version: registry.version + 1, members, updatedAt: at, txId };
}

/** The member entries of a registry, without `since`: what a policy or a founding list names. */
export function memberEntries(registry: MembershipRegistry): MemberEntry[] {
    return registry.members.map((member) => ({ mspId: member.mspId, roles: [...member.roles] }));
}

function sortedRoles(roles: readonly MemberRole[]): MemberRole[] {
    return [...roles].sort();
}

function sameRoles(a: readonly MemberRole[], b: readonly MemberRole[]): boolean {
    const left = sortedRoles(a);
    const right = sortedRoles(b);
    return left.length === right.length && left.every((role, i) => role === right[i]);
}
