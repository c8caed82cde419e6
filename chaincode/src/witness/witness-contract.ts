import { MEMBER_MSP_IDS } from '@lendledger/domain';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { requireOrganisation } from '../core/caller.js';
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
     * Reads exactly `key` (one `getState`, so the read set holds it with its version) and answers only
     * `{ exists }`: the record's content stays out of the response, which every endorser signs.
     */
    @Transaction(false)
    @Returns('string')
    async Read(ctx: Context, key: string): Promise<string> {
        requireOrganisation(ctx, MEMBER_MSP_IDS, 'witness a write');
        witnessKeyOf(key);
        return result({ exists: await exists(ctx, key) });
    }
}
