import { describe, expect, it } from 'vitest';
import { type CommitOutcome } from '../fabric/ledger-client.js';
import { LedgerDeadlineError } from '../fabric/ledger-errors.js';
import { sealResolver } from './seal-resolution.js';

const seal = { root: 'a'.repeat(64), size: 3, subject: 'alice', txId: 'tx-1' };

function ledgerAnswering(answer: CommitOutcome | Error) {
    const asked: [string, string, number][] = [];
    return {
        asked,
        commitStatus: async (identity: string, transactionId: string, timeoutMs: number) => {
            asked.push([identity, transactionId, timeoutMs]);
            if (answer instanceof Error) {
                throw answer;
            }
            return answer;
        },
    };
}

const outcome = (successful: boolean): CommitOutcome => ({
    transactionId: 'tx-1',
    blockNumber: 42n,
    code: successful ? 0 : 11,
    codeName: successful ? 'VALID' : 'MVCC_READ_CONFLICT',
    successful,
});

describe('sealResolver', () => {
    it("finishes a seal whose transaction committed valid, in its block, asked as the seal's subject", async () => {
        const ledger = ledgerAnswering(outcome(true));
        expect(await sealResolver(ledger, 500)(seal)).toEqual({ blockNumber: 42 });
        expect(ledger.asked).toEqual([['alice', 'tx-1', 500]]);
    });

    it('deletes a seal whose transaction committed invalid', async () => {
        expect(await sealResolver(ledgerAnswering(outcome(false)), 500)(seal)).toBe('not-committed');
    });

    it('keeps a seal whose status is not known in time', async () => {
        const late = new LedgerDeadlineError('not committed', { step: 'commitStatus', transactionId: 'tx-1' });
        expect(await sealResolver(ledgerAnswering(late), 500)(seal)).toBe('unknown');
    });
});
