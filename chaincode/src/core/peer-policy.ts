import { common, msp } from '@hyperledger/fabric-protos';

/**
 * Key-level endorsement policies over members' peers, as the SignaturePolicyEnvelope bytes
 * `setStateValidationParameter` takes. Fabric validates every later write of such a key against the policy committed
 * with it, whatever the chaincode-level policy asks. The registry (a majority of members) and every ABS deal's guard
 * (its issuer and each holder) build theirs here.
 */

/**
 * `OutOf(n, '<MSP>.peer' for each distinct MSP ID)`, the MSP IDs in sorted order so that every endorser builds the
 * same bytes.
 *
 * @throws Error for an empty MSP list, or `n` outside 1..(number of distinct MSP IDs).
 */
export function peersPolicyOf(n: number, mspIds: readonly string[]): Uint8Array {
    const sorted = [...new Set(mspIds)].sort();
    if (sorted.length === 0) {
        throw new Error('a peer policy needs at least one organisation');
    }
    if (!Number.isInteger(n) || n < 1 || n > sorted.length) {
        throw new Error(`a peer policy over ${sorted.length} organisations cannot ask for ${n} endorsements`);
    }
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
    outOf.setN(n);
    outOf.setRulesList(rules);
    const rule = new common.SignaturePolicy();
    rule.setNOutOf(outOf);
    const envelope = new common.SignaturePolicyEnvelope();
    envelope.setVersion(0);
    envelope.setRule(rule);
    envelope.setIdentitiesList(identities);
    return envelope.serializeBinary();
}

/** `AND` of every listed organisation's peer: `OutOf(all, …)`. */
export function everyPeerPolicyOf(mspIds: readonly string[]): Uint8Array {
    return peersPolicyOf(new Set(mspIds).size, mspIds);
}

/** What a peer policy asks: `n` endorsements out of the peers of the MSPs in `peers`, read from its bytes. */
export interface DecodedPeerPolicy {
    readonly n: number;
    /** MSP IDs whose peer role the policy names, in its rule order. */
    readonly peers: readonly string[];
}

/**
 * Reads back a policy {@link peersPolicyOf} wrote, so tests and audits check the bytes rather than trust them.
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
