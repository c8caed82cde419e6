import { COMMON_ERRORS, MEMBERSHIP_ERRORS, REGISTRY_EVENTS, type MembershipRegistry } from '@lendledger/domain';
import { Context, Info, Param, Returns, Transaction } from 'fabric-contract-api';
import { callerOf } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';
import { LedgerContract } from '../core/ledger-contract.js';
import { emitEvent, result, txTime, writeJson } from '../core/ledger-state.js';
import { currentRegistryKey, registryVersionKey } from './registry-keys.js';
import { bootstrapRequestOf } from './registry-request.js';
import { readRegistry, requireRegistry } from './registry-store.js';

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
        await writeJson(ctx, currentRegistryKey(ctx), registry);
        await writeJson(ctx, registryVersionKey(ctx, registry.version), registry);
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
}
