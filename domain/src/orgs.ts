import { identifierPattern } from './privacy/ledger-safe.js';

/**
 * The consortium's organisations. The MSP IDs are what the chaincode sees as `ctx.clientIdentity.getMSPID()`,
 * so access rules are written against them.
 */
export const ORGANISATIONS = ['platform', 'bank', 'notary', 'court', 'investor'] as const;

/** Short, lower-case organisation key used in configuration, URLs and file names. */
export type OrgKey = (typeof ORGANISATIONS)[number];

/** MSP ID of each organisation. */
export const MSP_IDS = {
    platform: 'PlatformMSP',
    bank: 'BankMSP',
    notary: 'NotaryMSP',
    court: 'CourtMSP',
    investor: 'InvestorMSP',
} as const satisfies Record<OrgKey, string>;

/** An MSP ID of one of the five organisations. */
export type OrgMspId = (typeof MSP_IDS)[OrgKey];

/**
 * The MSP IDs of the consortium's members, in {@link ORGANISATIONS} order: built once, so that every contract, the
 * gateway's schemas, the verifier's policy and the network's topology agree on who is a member.
 */
export const MEMBER_MSP_IDS: readonly OrgMspId[] = Object.freeze(ORGANISATIONS.map((org) => MSP_IDS[org]));

/** The shape of an MSP ID in a request, e.g. `CourtMSP`: which ones are members is the chaincode's decision. */
export const MSP_ID_PATTERN = identifierPattern({
    lowerCase: true,
    digitFirst: true,
    punctuation: ['.', '-'],
    min: 1,
    max: 64,
});

/** The orderer organisation's MSP ID; it writes nothing through the chaincode. */
export const ORDERER_MSP_ID = 'OrdererMSP';

/**
 * Returns the organisation key for an MSP ID, or `undefined` if the MSP is not one of the five organisations.
 */
export function orgOfMspId(mspId: string): OrgKey | undefined {
    return ORGANISATIONS.find((org) => MSP_IDS[org] === mspId);
}
