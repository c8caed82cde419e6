import { LENDLEDGER_CONSORTIUM, type ConsortiumPolicy } from '@lendledger/domain/portable';

export { type ConsortiumPolicy } from '@lendledger/domain/portable';

/**
 * What the consortium agreed a valid evidence write looks like: the domain's consortium facts, the same ones the
 * network was configured with. The checks compare receipts with this, not with anything the receipt says about itself.
 */
export const LENDLEDGER_POLICY: ConsortiumPolicy = LENDLEDGER_CONSORTIUM;
