import { MSP_IDS, ORDERER_MSP_ID, ORGANISATIONS } from '@lendledger/domain/dist/orgs.js';
import { type NodeRole } from './roots/identity-verdict.js';

/**
 * What the consortium agreed a valid evidence write looks like. The checks compare receipts with this, not with
 * anything the receipt says about itself.
 */
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
}

/** LendLedger's network: channel `lending`, chaincode `lendledger`, `OutOf(2, five organisations' peers)`. */
export const LENDLEDGER_POLICY: ConsortiumPolicy = Object.freeze({
    channel: 'lending',
    chaincode: 'lendledger',
    organisations: Object.freeze(ORGANISATIONS.map((org) => MSP_IDS[org])),
    requiredEndorsingOrganisations: 2,
    endorserRole: 'peer',
    writerRoles: Object.freeze(['client', 'admin'] as const),
    ordererMspId: ORDERER_MSP_ID,
    ordererRole: 'orderer',
});
