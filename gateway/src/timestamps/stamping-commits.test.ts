import { describe, expect, it } from 'vitest';
import { FakeLedger } from '../testing/fake-ledger.js';
import { stampingCommits } from './stamping-commits.js';

/** Endorses and submits one transaction on the fake ledger; returns its ID. */
async function commitOne(ledger: FakeLedger): Promise<string> {
    const transaction = await ledger.endorse({ identity: 'User1', name: 'Probe:Put', args: ['{}'] });
    await transaction.submit(1_000);
    return transaction.transactionId;
}

describe('stampingCommits', () => {
    it('stamps the block of a VALID commit, read by that transaction, and passes every outcome on', async () => {
        const ledger = new FakeLedger();
        const stamped: { block: bigint; read: Uint8Array }[] = [];
        const stamping = stampingCommits(ledger, {
            afterCommit: (blockNumber, fetchBlock) => {
                void fetchBlock().then((read) => stamped.push({ block: blockNumber, read }));
            },
        });
        const valid = await commitOne(ledger);
        ledger.blocks.set(valid, new Uint8Array([7, 7, 7]));
        ledger.commitCodes.push('MVCC_READ_CONFLICT');
        const invalid = await commitOne(ledger);

        const committed = await stamping.commitStatus('User1', valid, 1_000);
        expect(committed.successful).toBe(true);
        expect((await stamping.commitStatus('User1', invalid, 1_000)).codeName).toBe('MVCC_READ_CONFLICT');
        await new Promise((resolve) => setImmediate(resolve));
        expect(stamped).toEqual([{ block: committed.blockNumber, read: new Uint8Array([7, 7, 7]) }]);
    });
});
