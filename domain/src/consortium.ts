import { MEMBER_MSP_IDS, ORDERER_MSP_ID } from './orgs.js';

/**
 * The consortium's agreed facts: where evidence lives, who the members are and how many of them must endorse a
 * write. The network is configured from them (network/src/topology.ts), the gateway takes its defaults and its
 * endorsement fallback from them, and the verifier checks receipts against them, so a change here reaches all three.
 */

/** Fabric NodeOU roles, as certificates carry them in their OU attributes. */
export const NODE_ROLES = ['client', 'peer', 'admin', 'orderer'] as const;

/** A Fabric NodeOU role. */
export type NodeRole = (typeof NODE_ROLES)[number];

/** What the consortium agreed a valid evidence write looks like. */
export interface ConsortiumPolicy {
    /** The application channel the evidence lives on. */
    readonly channel: string;
    /** The chaincode (and so the world-state namespace) that writes evidence. */
    readonly chaincode: string;
    /** MSP IDs of the member organisations: who may submit and endorse. */
    readonly organisations: readonly string[];
    /** Distinct member organisations whose peers must endorse (the chaincode's `OutOf(n, …)`). */
    readonly requiredEndorsingOrganisations: number;
    /** NodeOU role an endorsing certificate must carry (`'Org.peer'` principals). */
    readonly endorserRole: NodeRole;
    /** NodeOU roles allowed to submit: each organisation's Writers policy (`admin` or `client`). */
    readonly writerRoles: readonly NodeRole[];
    /** MSP of the ordering service. */
    readonly ordererMspId: string;
    /** NodeOU role a block signer must carry. */
    readonly ordererRole: NodeRole;
    /**
     * How the ordering service agrees on blocks, and so which signatures make a block genuine. Absent means Raft
     * (`etcdraft`): any one orderer of {@link ordererMspId} signs a block.
     */
    readonly ordering?: ConsortiumOrdering;
}

/**
 * One arrangement of the ordering service. With Raft one orderer of the ordering MSP signs each block; with BFT
 * (Fabric's SmartBFT) a block is genuine only when a quorum of the channel's consenters signed it ({@link bftQuorum}).
 */
export type OrderingArrangement =
    | { readonly consensus: 'etcdraft' }
    | { readonly consensus: 'BFT'; readonly consenters: readonly ConsortiumConsenter[] };

/**
 * An arrangement that ordered the channel up to and including block `untilBlock`, and was then replaced. A Raft one
 * names the ordering organisation whose orderers signed those blocks.
 */
export type EarlierOrdering =
    | { readonly untilBlock: number; readonly consensus: 'etcdraft'; readonly mspId: string }
    | {
          readonly untilBlock: number;
          readonly consensus: 'BFT';
          readonly consenters: readonly ConsortiumConsenter[];
      };

/**
 * The ordering service's consensus now, and the arrangements before it (`earlier`, in block order), so that a block
 * is judged by the arrangement that signed it ({@link orderingAt}), not by today's.
 */
export type ConsortiumOrdering = OrderingArrangement & { readonly earlier?: readonly EarlierOrdering[] };

/** A BFT consenter as the channel configuration's ConsenterMapping names it. */
export interface ConsortiumConsenter {
    /** The consenter's number: a BFT block signature names its signer by this (IdentifierHeader.identifier). */
    readonly id: number;
    /** The organisation that runs it; its identity must chain to that organisation's roots. */
    readonly mspId: string;
    /** PEM certificate the consenter signs with (ConsenterMapping.Identity). */
    readonly identity: string;
}

/**
 * The arrangement that ordered block `blockNumber`: the first earlier one whose `untilBlock` is at least the block's
 * number, else the current one (without its history). Absent ordering means Raft.
 */
export function orderingAt(
    ordering: ConsortiumOrdering | undefined,
    blockNumber: number,
): OrderingArrangement | EarlierOrdering {
    const earlier = ordering?.earlier?.find((entry) => entry.untilBlock >= blockNumber);
    if (earlier !== undefined) {
        return earlier;
    }
    return ordering?.consensus === 'BFT'
        ? { consensus: 'BFT', consenters: ordering.consenters }
        : { consensus: 'etcdraft' };
}

/**
 * Signatures of distinct consenters a BFT block needs: ⌈(n + f + 1) / 2⌉ with f = {@link bftFaultsTolerated},
 * Fabric's `ComputeBFTQuorum` (common/policies/bft.go). For n = 3f + 1 consenters it is 2f + 1.
 *
 * @throws RangeError when `consenters` is not an integer of at least 1: no consenters have no quorum (JavaScript's
 * floor would make it 0, so a block with no signature would pass).
 */
export function bftQuorum(consenters: number): number {
    return Math.ceil((consenters + bftFaultsTolerated(consenters) + 1) / 2);
}

/**
 * Faulty consenters a BFT service of n consenters tolerates: f = ⌊(n − 1) / 3⌋. No organisation may run more than
 * f of them, or it alone could stop every quorum.
 *
 * @throws RangeError when `consenters` is not an integer of at least 1.
 */
export function bftFaultsTolerated(consenters: number): number {
    if (!Number.isSafeInteger(consenters) || consenters < 1) {
        throw new RangeError(`a BFT service needs a whole number of consenters of at least 1, not ${consenters}`);
    }
    return Math.floor((consenters - 1) / 3);
}

/** The application channel every member's peer joins. */
export const CHANNEL_NAME = 'lending';

/** The chaincode that holds evidence, anchors, cases, consent and ABS records. */
export const CHAINCODE_NAME = 'lendledger';

/**
 * Distinct member organisations whose peers must endorse a write. With two, one organisation alone can never put a
 * record on the ledger, yet any single organisation (or its chaincode server) can be down without stopping writes.
 */
export const ENDORSEMENT_QUORUM = 2;

/** LendLedger's consortium: channel `lending`, chaincode `lendledger`, `OutOf(2, five organisations' peers)`. */
export const LENDLEDGER_CONSORTIUM: ConsortiumPolicy = Object.freeze({
    channel: CHANNEL_NAME,
    chaincode: CHAINCODE_NAME,
    organisations: MEMBER_MSP_IDS,
    requiredEndorsingOrganisations: ENDORSEMENT_QUORUM,
    endorserRole: 'peer',
    writerRoles: Object.freeze(['client', 'admin'] as const),
    ordererMspId: ORDERER_MSP_ID,
    ordererRole: 'orderer',
});

/**
 * The chaincode endorsement policy in Fabric's signature-policy syntax, e.g.
 * `OutOf(2, 'PlatformMSP.peer', 'BankMSP.peer', 'NotaryMSP.peer', 'CourtMSP.peer', 'InvestorMSP.peer')`.
 */
export function endorsementPolicyOf(policy: ConsortiumPolicy): string {
    const principals = policy.organisations.map((mspId) => `'${mspId}.${policy.endorserRole}'`);
    return `OutOf(${policy.requiredEndorsingOrganisations}, ${principals.join(', ')})`;
}
