import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from '../core/ledger-contract.js';
import { exists, result } from '../core/ledger-state.js';
import { witnessKeyOf } from './witness-key.js';

/**
 * Validity witnesses. A gateway has peers of two or more organisations endorse `Read` of the key a receipt names,
 * and keeps the endorsed transaction without ever submitting it. The peers' signed read set records the key's
 * committed version, the (block, transaction) that last wrote it: since only valid transactions update world state,
 * that proves the receipt's transaction committed valid, which nothing in the block itself signs.
 */
@Info({ title: 'Witness', description: 'Endorsed reads that prove a receipt’s write committed valid' })
export class WitnessContract extends LedgerContract {
    constructor() {
        super('Witness');
    }

    /**
     * Reads `key` once (one `getState`, so the read set holds it with its version) and answers only `{ exists }`:
     * the record's content stays out of the response, which every endorser signs. The only other read is the
     * registry's, which says whether the caller is a member; a verifier looks up the receipt's key by name.
     */
    @Transaction(false)
    @Returns('string')
    async Read(ctx: Context, key: string): Promise<string> {
        // Membership is the access gate's (LedgerContract.beforeTransaction); the key's shape next, so a malformed key reads
        // nothing but the registry.
        witnessKeyOf(key);
        return result({ exists: await exists(ctx, key) });
    }
}
