import { MSP_IDS, type OrgMspId } from '../orgs.js';

/**
 * Who takes part in the ABS area, by MSP ID. The chaincode checks callers against these lists
 * (chaincode/src/abs/access.ts, docs: chaincode/docs/access-matrix-abs.md); the gateway sends writes that touch
 * loan-level amounts to the readers' peers, the members of the private data collection that holds them.
 */

/** Organisations that issue deals: create them, build and cut off pools, post and close periods. */
export const ABS_ISSUERS: readonly OrgMspId[] = Object.freeze([MSP_IDS.bank]);

/** Organisations that read deals, pools, loans, reports and (as collection members) loan-level amounts. */
export const ABS_READERS: readonly OrgMspId[] = Object.freeze([MSP_IDS.bank, MSP_IDS.investor]);

/** Organisations that record audit acknowledgements of period reports. */
export const ABS_AUDITORS: readonly OrgMspId[] = Object.freeze([MSP_IDS.investor]);
