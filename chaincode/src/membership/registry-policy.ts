import { majorityOf } from '@lendledger/domain';
import { common, msp } from '@hyperledger/fabric-protos';

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
    const sorted = [...new Set(mspIds)].sort();
    const identities = sorted.map((mspId) => {
        const role = new msp.MSPRole();
        role.setMspIdentifier(mspId);
        role.setRole(msp.MSPRole.MSPRoleType.PEER);
        const principal = new msp.MSPPrincipal();
        principal.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
        principal.setPrincipal(role.serializeBinary());
        return principal;
    });
    const rules = sorted.map((_, index) => {
        const signedBy = new common.SignaturePolicy();
        signedBy.setSignedBy(index);
        return signedBy;
    });
    const outOf = new common.SignaturePolicy.NOutOf();
    outOf.setN(majorityOf(sorted.length));
    outOf.setRulesList(rules);
    const rule = new common.SignaturePolicy();
    rule.setNOutOf(outOf);
    const envelope = new common.SignaturePolicyEnvelope();
    envelope.setVersion(0);
    envelope.setRule(rule);
    envelope.setIdentitiesList(identities);
    return envelope.serializeBinary();
}

/** What a registry policy asks: `n` endorsements out of the peers of the MSPs in `peers`, read from its bytes. */
export interface DecodedPeerPolicy {
    readonly n: number;
    /** MSP IDs whose peer role the policy names, in its rule order. */
    readonly peers: readonly string[];
}

/**
 * Reads back a policy {@link majorityPolicyOf} wrote, so tests and audits check the bytes rather than trust them.
 *
 * @throws Error when the bytes are not an `OutOf(n, <peer principals>)` envelope.
 */
export function decodePeerPolicy(bytes: Uint8Array): DecodedPeerPolicy {
    const envelope = common.SignaturePolicyEnvelope.deserializeBinary(bytes);
    const outOf = envelope.getRule()?.getNOutOf();
    if (outOf === undefined) {
        throw new Error('the policy is not an n-out-of policy');
    }
    const identities = envelope.getIdentitiesList().map((principal) => {
        if (principal.getPrincipalClassification() !== msp.MSPPrincipal.Classification.ROLE) {
            throw new Error('the policy names a principal that is not a role');
        }
        const role = msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8());
        if (role.getRole() !== msp.MSPRole.MSPRoleType.PEER) {
            throw new Error(`the policy names a role other than peer for ${role.getMspIdentifier()}`);
        }
        return role.getMspIdentifier();
    });
    const peers = outOf.getRulesList().map((rule) => {
        if (!rule.hasSignedBy()) {
            throw new Error('the policy nests rules');
        }
        const peer = identities[rule.getSignedBy()];
        if (peer === undefined) {
            throw new Error('the policy refers to an identity it does not list');
        }
        return peer;
    });
    return { n: outOf.getN(), peers };
}
