import { MEMBERSHIP_ERRORS, type MembershipRegistry } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../core/chaincode-error.js';
import { readJson, writeJson } from '../core/ledger-state.js';
import { currentRegistryKey, registryVersionKey } from './registry-keys.js';
import { majorityPolicyOf } from './registry-policy.js';

/**
 * The registry in force, read once per transaction: a transaction that checks several roles (the writer's, a
 * loan's bank's, a forum's) reads the key once, and its read set names the registry version every check used, so
 * a transaction endorsed against one registry version is invalidated if another version commits first.
 */
const perTransaction = new WeakMap<object, MembershipRegistry | null>();

/** The registry in force, or undefined before the network's set-up wrote it. */
export async function readRegistry(ctx: Context): Promise<MembershipRegistry | undefined> {
    const cached = perTransaction.get(ctx.stub);
    if (cached !== undefined) {
        return cached ?? undefined;
    }
    const registry = await readJson<MembershipRegistry>(ctx, currentRegistryKey(ctx));
    perTransaction.set(ctx.stub, registry ?? null);
    return registry;
}

/**
 * The registry in force.
 *
 * @throws {@link ChaincodeError} REGISTRY_MISSING before the network's set-up wrote it: nothing is permitted then.
 */
export async function requireRegistry(ctx: Context): Promise<MembershipRegistry> {
    const registry = await readRegistry(ctx);
    if (registry === undefined) {
        throw new ChaincodeError(
            MEMBERSHIP_ERRORS.REGISTRY_MISSING,
            'the membership registry has not been set up on this channel; the network set-up writes it with Registry:Bootstrap',
        );
    }
    return registry;
}

/**
 * Writes a registry version: the key in force and the version's own key, each with the key-level policy
 * `OutOf(majority, every member's peer)` of the NEW member set. Fabric checks a write of a key against the policy
 * committed before it, so this transaction is held to the old members' majority and the next change to the new one.
 */
export async function writeRegistry(ctx: Context, registry: MembershipRegistry): Promise<void> {
    const policy = majorityPolicyOf(registry.members.map((member) => member.mspId));
    for (const key of [currentRegistryKey(ctx), registryVersionKey(ctx, registry.version)]) {
        await writeJson(ctx, key, registry);
        await ctx.stub.setStateValidationParameter(key, policy);
    }
}
