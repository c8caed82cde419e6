import { type Context } from 'fabric-contract-api';
import { padded } from '../evidence/ledger-keys.js';

/** World-state layout of the membership registry. */
export const REGISTRY_OBJECT_TYPES = Object.freeze({
    /** [] → MembershipRegistry: the version in force; its key-level policy asks a majority of members. */
    current: 'registry',
    /** [version] → MembershipRegistry: every applied version, written once. */
    version: 'registry.version',
    /** [proposalId] → RegistryProposal: open, applied and withdrawn proposals, kept. */
    proposal: 'registry.proposal',
} as const);

/** Key of the registry in force. */
export function currentRegistryKey(ctx: Context): string {
    return ctx.stub.createCompositeKey(REGISTRY_OBJECT_TYPES.current, []);
}

/** Key of one applied version. */
export function registryVersionKey(ctx: Context, version: number): string {
    return ctx.stub.createCompositeKey(REGISTRY_OBJECT_TYPES.version, [padded(version)]);
}

/** Key of a registry proposal. */
export function registryProposalKey(ctx: Context, proposalId: string): string {
    return ctx.stub.createCompositeKey(REGISTRY_OBJECT_TYPES.proposal, [proposalId]);
}
