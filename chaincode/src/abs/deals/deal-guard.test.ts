import { type MemberEntry } from '@lendledger/domain';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { decodePeerPolicy } from '../../core/peer-policy.js';
import { createCompositeKey, MemoryLedger, TEST_LOAN_PARTIES, USERS } from '../../testing/memory-ledger.js';
import { ABS_OBJECTS } from '../keys.js';
import { AbsDriver, rollForward } from '../testing/abs-driver.js';
import { ABS_TEST_MEMBERS } from '../testing/abs-ledger.js';
import { SAMPLE_LOANS, SAMPLE_PERIOD_1_ROWS, SAMPLE_PURCHASE } from '../testing/sample-pool.js';

/** Investors beyond the development network's one, so that holder lists can vary. */
const EXTRA_INVESTORS = ['Investor2MSP', 'Investor3MSP', 'Investor4MSP', 'Investor5MSP'];
const INVESTORS = ['InvestorMSP', ...EXTRA_INVESTORS];
const REGISTRY: readonly MemberEntry[] = [
    // The five development members and the account bank the test deals name.
    ...ABS_TEST_MEMBERS,
    ...EXTRA_INVESTORS.map((mspId) => ({ mspId, roles: ['investor'] as MemberEntry['roles'] })),
];
const SERVICER_1 = rollForward({ openingBalance: 1_000_000, scheduledPrincipal: 80_000, closingBalance: 920_000 });

function guardKey(dealId: string): string {
    return createCompositeKey(ABS_OBJECTS.guard, [dealId]);
}

/** The guard's committed policy, decoded, with its peers sorted. */
function guardPolicy(ledger: MemoryLedger, dealId: string): { n: number; peers: string[] } {
    const bytes = ledger.validationParameter(guardKey(dealId));
    expect(bytes, `guard policy of ${dealId}`).toBeDefined();
    const decoded = decodePeerPolicy(bytes!);
    return { n: decoded.n, peers: [...decoded.peers].sort() };
}

/** What the guard policy must be: every one of the issuer's and the holders' peers. */
function everyParty(issuer: string, investors: readonly string[]): { n: number; peers: string[] } {
    const peers = [...new Set([issuer, ...investors])].sort();
    return { n: peers.length, peers };
}

describe('the deal guard: every holder endorses the writes of a deal', () => {
    let ledger: MemoryLedger;
    let abs: AbsDriver;

    beforeEach(async () => {
        ledger = new MemoryLedger({
            startTime: '2026-02-01T08:00:00.000Z',
            registry: REGISTRY,
            admissions: [TEST_LOAN_PARTIES],
        });
        abs = new AbsDriver(ledger, USERS.bank);
    });

    it('creates the guard with the deal, its policy asking for the issuer and every holder', async () => {
        await abs.createDeal({ investors: ['InvestorMSP', 'Investor2MSP'] });
        expect(guardPolicy(ledger, abs.dealId)).toEqual(everyParty('BankMSP', ['InvestorMSP', 'Investor2MSP']));
        expect(JSON.parse(ledger.read(guardKey(abs.dealId))!)).toEqual({
            dealId: abs.dealId,
            endorsers: ['BankMSP', 'Investor2MSP', 'InvestorMSP'],
        });
    });

    it('keeps the policy equal to the holder list after every SetInvestors, for any sequence of lists', async () => {
        const holderList = fc.uniqueArray(fc.constantFrom(...INVESTORS), { minLength: 1, maxLength: INVESTORS.length });
        let deals = 0;
        await fc.assert(
            fc.asyncProperty(holderList, fc.array(holderList, { minLength: 1, maxLength: 5 }), async (first, later) => {
                const driver = new AbsDriver(ledger, USERS.bank, `DEAL-GUARD-${++deals}`);
                await driver.createDeal({ investors: first });
                expect(guardPolicy(ledger, driver.dealId)).toEqual(everyParty('BankMSP', first));
                for (const investors of later) {
                    await driver.call(driver.deal, 'SetInvestors', { dealId: driver.dealId, investors });
                    expect(guardPolicy(ledger, driver.dealId)).toEqual(everyParty('BankMSP', investors));
                }
            }),
            { numRuns: 40 },
        );
    });

    it('writes the guard (and only its value) in every tape, cut-off, purchase, row and close transaction', async () => {
        await abs.createDeal({ investors: ['InvestorMSP', 'Investor2MSP'] });
        const policy = ledger.validationParameter(guardKey(abs.dealId));
        const versions = (): number => ledger.history(guardKey(abs.dealId)).length;
        const guarded: [string, () => Promise<unknown>][] = [
            ['AddCutOffLoans', () => abs.addCutOffLoans('tape-1', SAMPLE_LOANS)],
            ['CutOffPool', () => abs.cutOff(SAMPLE_LOANS)],
            ['TransitionDeal (not guarded)', () => abs.transition('ISSUED')],
            ['OpenPeriod (not guarded)', () => abs.openPeriod(1, '2026-02-01', '2026-02-28')],
            ['PostPeriodUpdates', () => abs.postRows(1, 'rows-1', SAMPLE_PERIOD_1_ROWS)],
            ['ClosePeriod', () => abs.close(1, SERVICER_1)],
            ['TransitionDeal (not guarded)', () => abs.transition('REVOLVING')],
            ['OpenPeriod (not guarded)', () => abs.openPeriod(2, '2026-03-01', '2026-03-31')],
            ['PurchaseLoans', () => abs.purchase(2, 'buy-1', 'REVOLVING_PURCHASE', [SAMPLE_PURCHASE])],
        ];
        for (const [name, write] of guarded) {
            const before = versions();
            await write();
            expect(versions() - before, name).toBe(name.includes('not guarded') ? 0 : 1);
            expect(ledger.validationParameter(guardKey(abs.dealId)), name).toEqual(policy);
        }
    });

    it('never reads the guard in a guarded write, so concurrent batches of a deal do not conflict on it', async () => {
        await abs.createDeal();
        await abs.addCutOffLoans('tape-1', SAMPLE_LOANS);
        const reads: string[] = [];
        await abs.call(
            abs.pool,
            'CutOffPool',
            {
                dealId: abs.dealId,
                expectedLoanCount: SAMPLE_LOANS.length,
                expectedTapeRoot: AbsDriver.tapeRootOf(SAMPLE_LOANS),
                tapeFingerprint: 'sha256:' + 'a'.repeat(64),
            },
            {
                stub: (stub) => ({
                    getState: (key: string) => {
                        reads.push(key);
                        return stub.getState(key);
                    },
                    getStateValidationParameter: (key: string) => {
                        reads.push(key);
                        return stub.getStateValidationParameter(key);
                    },
                }),
            },
        );
        expect(reads).not.toContain(guardKey(abs.dealId));
        expect(reads.length).toBeGreaterThan(0);
    });

    it('leaves the guard untouched when a guarded write is refused', async () => {
        await abs.createDeal();
        const refusal = await abs.refusal(() => abs.cutOff(SAMPLE_LOANS));
        expect(refusal).toMatchObject({ code: 'ABS_POOL_EMPTY', unchanged: true });
        expect(ledger.lastRefusal?.writes).not.toContain(guardKey(abs.dealId));
    });
});
