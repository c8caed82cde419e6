import { type LoanParties } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { describe, expect, it } from 'vitest';
import { callerOf } from '../../core/caller.js';
import { MemoryLedger, USERS } from '../../testing/memory-ledger.js';
import { refusalOf } from '../../testing/refusals.js';
import { bindLoanParties, loanPartiesOf, requireLoanParty } from './loan-parties.js';

const LOAN = `loan:${'a'.repeat(64)}`;
const OTHER_LOAN = `loan:${'b'.repeat(64)}`;
const PARTIES: LoanParties = { platform: 'PlatformMSP', bank: 'BankMSP', product: 'CONSUMER_LOAN' };

/** A probe contract exercising the loan-parties helpers inside transactions. */
const probe = {
    async Bind(ctx: Context): Promise<string> {
        await bindLoanParties(ctx, LOAN, PARTIES);
        // A batch binds a loan and then appends to it in the same transaction, before the write commits.
        return JSON.stringify(await loanPartiesOf(ctx, LOAN));
    },
    async Of(ctx: Context, loanRef: string): Promise<string> {
        return JSON.stringify((await loanPartiesOf(ctx, loanRef)) ?? null);
    },
    async Require(ctx: Context, loanRef: string, role: string): Promise<string> {
        return JSON.stringify(
            await requireLoanParty(ctx, loanRef, callerOf(ctx), role as 'platform', 'write evidence'),
        );
    },
};

describe('loan parties', () => {
    it('are absent until bound, then read back, including within the binding transaction', async () => {
        const ledger = new MemoryLedger();
        expect((await ledger.invoke(probe, 'Of', USERS.platform, LOAN)).payload).toBe('null');
        expect(JSON.parse((await ledger.invoke(probe, 'Bind', USERS.platform)).payload)).toEqual(PARTIES);
        expect(JSON.parse((await ledger.invoke(probe, 'Of', USERS.court, LOAN)).payload)).toEqual(PARTIES);
        expect((await ledger.invoke(probe, 'Of', USERS.court, OTHER_LOAN)).payload).toBe('null');
    });

    it.each([
        [USERS.platform, 'platform'],
        [USERS.bank, 'bank'],
    ])('accept %s as the loan party in role %s', async (user, role) => {
        const ledger = new MemoryLedger();
        await ledger.invoke(probe, 'Bind', USERS.platform);
        expect(JSON.parse((await ledger.invoke(probe, 'Require', user, LOAN, role)).payload)).toEqual(PARTIES);
    });

    it.each([
        [USERS.platform, 'bank'],
        [USERS.bank, 'platform'],
        [{ mspId: 'Platform2MSP', commonName: 'User1@platform2.lendledger.test' }, 'platform'],
        [{ mspId: 'Bank2MSP', commonName: 'User1@bank2.lendledger.test' }, 'bank'],
        [USERS.court, 'bank'],
    ])('refuse %s in role %s with NOT_LOAN_PARTY', async (user, role) => {
        const ledger = new MemoryLedger();
        await ledger.invoke(probe, 'Bind', USERS.platform);
        const refusal = await refusalOf(ledger.invoke(probe, 'Require', user, LOAN, role));
        expect(refusal.code).toBe('NOT_LOAN_PARTY');
        expect(refusal.details).toEqual({
            action: 'write evidence',
            loanRef: LOAN,
            role,
            mspId: user.mspId,
            party: PARTIES[role as 'bank' | 'platform'],
        });
    });

    it('refuse any writer on a loan without parties with LOAN_NOT_FOUND', async () => {
        const ledger = new MemoryLedger();
        const refusal = await refusalOf(ledger.invoke(probe, 'Require', USERS.bank, OTHER_LOAN, 'bank'));
        expect(refusal.code).toBe('LOAN_NOT_FOUND');
    });
});
