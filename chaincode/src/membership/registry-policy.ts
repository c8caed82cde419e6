import { majorityOf } from '@lendledger/domain';
import { peersPolicyOf } from '../core/peer-policy.js';

export { decodePeerPolicy, type DecodedPeerPolicy } from '../core/peer-policy.js';

/**
 * The key-level endorsement policy of the registry: `OutOf(majorityOf(n), '<MSP>.peer' for each of the n members)`,
 * as the SignaturePolicyEnvelope bytes `setStateValidationParameter` takes. Fabric validates every later write of
 * the key against it, so a transaction that changes the registry commits only if a majority of the members' peers
 * endorsed it, whatever the chaincode-level policy asks.
 *
 * @throws Error for an empty member list: a registry never has one.
 */
export function majorityPolicyOf(mspIds: readonly string[]): Uint8Array {
    if (mspIds.length === 0) {
        throw new Error('a registry policy needs at least one member');
    }
    return peersPolicyOf(majorityOf(new Set(mspIds).size), mspIds);
}
