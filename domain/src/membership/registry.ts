import { MSP_IDS } from '../orgs.js';
import { type MemberRole } from './roles.js';

/**
 * The membership registry: which MSP holds which roles. It lives on the ledger under one key whose state-based
 * endorsement policy asks a majority of the members' peers, so no member changes it alone; each applied version is
 * also kept under its own key, so the history is read without trusting anyone's archive.
 */

/** One member as the registry records it. */
export interface RegistryMember {
    readonly mspId: string;
    /** Sorted, distinct, at least one. */
    readonly roles: readonly MemberRole[];
    /** Transaction time of the registry version that first listed the member. */
    readonly since: string;
}

/** One version of the registry. */
export interface MembershipRegistry {
    /** 1 for the founding registry, then +1 per applied change. */
    readonly version: number;
    /** Sorted by MSP ID. */
    readonly members: readonly RegistryMember[];
    /** Transaction time and ID of the transaction that wrote this version. */
    readonly updatedAt: string;
    readonly txId: string;
}

/** A member as a founding registry or a change names it: the ledger adds `since`. */
export interface MemberEntry {
    readonly mspId: string;
    readonly roles: readonly MemberRole[];
}

/** `Registry:Bootstrap`. */
export interface BootstrapRegistryRequest {
    readonly members: readonly MemberEntry[];
}

/** Most members a registry holds; policies and reads stay small. */
export const MAX_MEMBERS = 64;

/** Events the registry emits. */
export const REGISTRY_EVENTS = Object.freeze({ changed: 'RegistryChanged' } as const);

/** A strict majority of `count` members. */
export function majorityOf(count: number): number {
    return Math.floor(count / 2) + 1;
}

/** The member record of an MSP, or undefined for a non-member. */
export function memberOf(registry: MembershipRegistry, mspId: string): RegistryMember | undefined {
    return registry.members.find((member) => member.mspId === mspId);
}

/** The roles an MSP holds; none for a non-member. */
export function rolesOf(registry: MembershipRegistry, mspId: string): readonly MemberRole[] {
    return memberOf(registry, mspId)?.roles ?? [];
}

/** Whether an MSP holds a role. */
export function holdsRole(registry: MembershipRegistry, mspId: string, role: MemberRole): boolean {
    return rolesOf(registry, mspId).includes(role);
}

/** MSP IDs of the members holding a role, sorted. */
export function mspIdsWithRole(registry: MembershipRegistry, role: MemberRole): string[] {
    return registry.members.filter((member) => member.roles.includes(role)).map((member) => member.mspId);
}

/**
 * The five organisations of the default development network, each holding the role its name says. Unit tests'
 * in-memory ledger starts with this registry; a real network's founding registry comes from its topology file.
 */
export const DEFAULT_FOUNDING_MEMBERS: readonly MemberEntry[] = Object.freeze([
    { mspId: MSP_IDS.bank, roles: ['bank'] },
    { mspId: MSP_IDS.court, roles: ['court'] },
    { mspId: MSP_IDS.investor, roles: ['investor'] },
    { mspId: MSP_IDS.notary, roles: ['notary'] },
    { mspId: MSP_IDS.platform, roles: ['platform'] },
] satisfies MemberEntry[]);
