import { LENDLEDGER_CONSORTIUM, type ConsortiumPolicy } from '@lendledger/domain';

export { type ConsortiumPolicy } from '@lendledger/domain';

/**
 * What the consortium agreed a valid evidence write looks like: the domain's consortium facts, the same ones the
 * network was configured with. The checks compare receipts with this, not with anything the receipt says about itself.
 */
export const LENDLEDGER_POLICY: ConsortiumPolicy = LENDLEDGER_CONSORTIUM;
