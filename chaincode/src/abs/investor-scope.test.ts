import { canonicalBytes, DEFAULT_FOUNDING_MEMBERS, decodeCodedError } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { beforeEach, describe, expect, it } from 'vitest';
import { EvidenceContract } from '../evidence/records/evidence-contract.js';
import { MemoryLedger, TEST_LOAN_PARTIES, USERS } from '../testing/memory-ledger.js';
import { implicitCollectionOf } from './private-data.js';
import { dealRequest, loanId, loanRef, type TestLoan } from './testing/abs-harness.js';
import { AbsDriver, rollForward } from './testing/abs-driver.js';

/*
 * Investors see their own deals only (issue 13, item 6): a deal names its holders; its reads, its private amounts
 * and the evidence of its pool's loans belong to its issuer and holders. A second bank and a second investor are
 * members with the same roles that hold nothing of this deal.
 */

const BANK2 = { mspId: 'Bank2MSP', commonName: 'User1@bank2.lendledger.test' } as const;
const INVESTOR2 = { mspId: 'Investor2MSP', commonName: 'User1@investor2.lendledger.test' } as const;
const REGISTRY = [
    ...DEFAULT_FOUNDING_MEMBERS,
    { mspId: BANK2.mspId, roles: ['bank'] },
    { mspId: INVESTOR2.mspId, roles: ['investor'] },
] as const;
const DEAL = 'DEAL-2026-1';
const LOANS: TestLoan[] = [
    { label: 'A', original: 600_000, current: 500_000, rateBps: 1200, originalTerm: 12, remainingTerm: 10 },
    { label: 'B', original: 500_000, current: 500_000, rateBps: 1000, originalTerm: 12, remainingTerm: 12 },
];

/** A probe that binds a loan's parties as the evidence area's first record does (key `ev.parties/<loanRef>`). */
const partiesProbe = {
    async Bind(ctx: Context, ref: string, bank: string): Promise<string> {
        const key = ctx.stub.createCompositeKey('ev.parties', [ref]);
        await ctx.stub.putState(key, canonicalBytes({ platform: 'PlatformMSP', bank, product: 'CONSUMER_LOAN' }));
        return '{}';
    },
};

async function codeOf(action: Promise<unknown>): Promise<string> {
    return action.then(
        () => 'committed',
        (error: Error) => decodeCodedError(error.message)?.code ?? error.message,
    );
}

describe('investor scope', () => {
    let ledger: MemoryLedger;
    let abs: AbsDriver;
    const evidence = new EvidenceContract();
    const getLoan = (as: { mspId: string; commonName: string }, ref: string): Promise<string> =>
        codeOf(ledger.invoke(evidence, 'GetLoan', as, JSON.stringify({ loanRef: ref })));

    beforeEach(async () => {
        ledger = new MemoryLedger({
            startTime: '2026-02-01T08:00:00.000Z',
            registry: REGISTRY,
            // The bank admits the platform, whose pool loans' evidence chains start with its consents.
            admissions: [TEST_LOAN_PARTIES],
        });
        abs = new AbsDriver(ledger, USERS.bank, DEAL);
        await abs.createDeal();
    });

    async function issueWithOnePeriod(): Promise<void> {
        await abs.addCutOffLoans('tape-1', LOANS);
        await abs.cutOff(LOANS);
        await abs.transition('ISSUED');
        await abs.transition('REVOLVING');
        await abs.openPeriod(1, '2026-02-01', '2026-02-28');
        await abs.postRows(1, 'rows', [
            { label: 'A', status: 'CURRENT', remainingTerm: 9, scheduled: 50_000, closing: 450_000 },
            { label: 'B', status: 'CURRENT', remainingTerm: 11, scheduled: 50_000, closing: 450_000 },
        ]);
        await abs.close(
            1,
            rollForward({ openingBalance: 1_000_000, scheduledPrincipal: 100_000, closingBalance: 900_000 }),
        );
    }

    it('refuses a deal, a period report, loan amounts and loan evidence to an investor that does not hold it', async () => {
        await issueWithOnePeriod();
        const as = { as: INVESTOR2 };
        expect(await codeOf(abs.call(abs.deal, 'GetDeal', { dealId: DEAL }, as))).toBe('ABS_NOT_DEAL_PARTY');
        expect(await codeOf(abs.call(abs.report, 'GetPeriodReport', { dealId: DEAL, periodNo: 1 }, as))).toBe(
            'ABS_NOT_DEAL_PARTY',
        );
        expect(await codeOf(abs.call(abs.pool, 'GetLoanAmounts', { dealId: DEAL, loanId: loanId('A') }, as))).toBe(
            'ABS_NOT_DEAL_PARTY',
        );
        expect(await getLoan(INVESTOR2, loanRef('A'))).toBe('ACCESS_DENIED');
    });

    it("lets the holder read its deal, its reports, its loans' amounts and their evidence", async () => {
        await issueWithOnePeriod();
        const as = { as: USERS.investor };
        expect(await codeOf(abs.call(abs.deal, 'GetDeal', { dealId: DEAL }, as))).toBe('committed');
        expect(await codeOf(abs.call(abs.report, 'GetPeriodReport', { dealId: DEAL, periodNo: 1 }, as))).toBe(
            'committed',
        );
        const amounts = await abs.call<{ amounts: { currentPrincipal: number } }>(
            abs.pool,
            'GetLoanAmounts',
            { dealId: DEAL, loanId: loanId('A') },
            as,
        );
        expect(amounts.result.amounts.currentPrincipal).toBe(450_000);
        // Past the access rule: the loan has no evidence chain in this test, so the read finds no loan.
        expect(await getLoan(USERS.investor, loanRef('A'))).not.toBe('ACCESS_DENIED');
        expect(await getLoan(USERS.investor, loanRef('not in any pool'))).toBe('ACCESS_DENIED');
    });

    it("writes the private amounts to the issuer's and the holders' implicit collections only", async () => {
        await issueWithOnePeriod();
        const bank = ledger.privateData(implicitCollectionOf('BankMSP'));
        expect(bank.size).toBeGreaterThan(0);
        expect([...ledger.privateData(implicitCollectionOf('InvestorMSP'))]).toEqual([...bank]);
        for (const outsider of ['Investor2MSP', 'Bank2MSP', 'PlatformMSP', 'NotaryMSP', 'CourtMSP']) {
            expect(ledger.privateData(implicitCollectionOf(outsider)).size).toBe(0);
        }
    });

    it("refuses amounts read on a peer of an organisation that is not the deal's party", async () => {
        await issueWithOnePeriod();
        const onOutsidersPeer = abs.call(
            abs.pool,
            'GetLoanAmounts',
            { dealId: DEAL, loanId: loanId('A') },
            { as: USERS.investor, stub: () => ({ getMspID: () => 'Investor2MSP' }) },
        );
        expect(await codeOf(onOutsidersPeer)).toBe('ABS_PRIVATE_DATA_UNAVAILABLE');
    });

    it('lists to each organisation only the deals it issued or holds', async () => {
        await abs.call(abs.deal, 'CreateDeal', { ...dealOf('DEAL-2026-2'), investors: ['Investor2MSP'] });
        const list = async (as: { mspId: string; commonName: string }): Promise<string[]> =>
            (await abs.call<{ items: { dealId: string }[] }>(abs.deal, 'ListDeals', {}, { as })).result.items.map(
                (deal) => deal.dealId,
            );
        expect(await list(USERS.bank)).toEqual([DEAL, 'DEAL-2026-2']);
        expect(await list(USERS.investor)).toEqual([DEAL]);
        expect(await list(INVESTOR2)).toEqual(['DEAL-2026-2']);
        expect(await list(BANK2)).toEqual([]);
    });

    it('refuses a holder that does not hold role investor', async () => {
        const refusal = await abs.refusal(() =>
            abs.call(abs.deal, 'CreateDeal', { ...dealOf('DEAL-2026-3'), investors: ['NotaryMSP'] }),
        );
        expect(refusal).toMatchObject({
            code: 'ABS_NOT_AN_INVESTOR',
            details: { mspId: 'NotaryMSP' },
            unchanged: true,
        });
    });

    it('records holder changes; a holder joins only before the pool holds loans, and one that leaves loses access', async () => {
        await abs.call(abs.deal, 'SetInvestors', { dealId: DEAL, investors: ['Investor2MSP', 'InvestorMSP'] });
        await abs.addCutOffLoans('tape-1', LOANS);
        expect(ledger.privateData(implicitCollectionOf('Investor2MSP')).size).toBeGreaterThan(0);
        const late = await abs.refusal(() =>
            abs
                .call(abs.deal, 'SetInvestors', { dealId: DEAL, investors: ['InvestorMSP'] })
                .then(() =>
                    abs.call(abs.deal, 'SetInvestors', { dealId: DEAL, investors: ['Investor2MSP', 'InvestorMSP'] }),
                ),
        );
        expect(late).toMatchObject({ code: 'ABS_INVESTOR_ADDED_LATE', details: { joining: ['Investor2MSP'] } });
        const deal = await abs.call<{ investors: string[]; investorHistory: { investors: string[] }[] }>(
            abs.deal,
            'GetDeal',
            { dealId: DEAL },
        );
        expect(deal.result.investors).toEqual(['InvestorMSP']);
        expect(deal.result.investorHistory.map((change) => change.investors)).toEqual([
            ['InvestorMSP'],
            ['Investor2MSP', 'InvestorMSP'],
            ['InvestorMSP'],
        ]);
        expect(await codeOf(abs.call(abs.deal, 'GetDeal', { dealId: DEAL }, { as: INVESTOR2 }))).toBe(
            'ABS_NOT_DEAL_PARTY',
        );
        expect(await getLoan(INVESTOR2, loanRef('A'))).toBe('ACCESS_DENIED');
    });

    it("refuses a pool loan whose evidence chain names another bank, and takes the issuer's own", async () => {
        await ledger.invoke(partiesProbe, 'Bind', USERS.platform, loanRef('A'), 'Bank2MSP');
        // B's chain is the driver's: the platform's, naming BankMSP, with the contract and the disbursement.
        const refusal = await abs.refusal(() => abs.addCutOffLoans('tape-1', LOANS));
        expect(refusal).toMatchObject({
            code: 'ABS_LOAN_OF_ANOTHER_BANK',
            details: { bank: 'Bank2MSP', index: 0, issuerMspId: 'BankMSP', loanRef: loanRef('A') },
            unchanged: true,
        });
        expect(await codeOf(abs.addCutOffLoans('tape-1', [LOANS[1]!]))).toBe('committed');
    });

    it('refuses another bank every write of the deal', async () => {
        const refusal = await abs.refusal(() =>
            abs.call(abs.deal, 'SetInvestors', { dealId: DEAL, investors: ['InvestorMSP'] }, { as: BANK2 }),
        );
        expect(refusal).toMatchObject({ code: 'ABS_NOT_ISSUER', details: { mspId: 'Bank2MSP' }, unchanged: true });
    });
});

function dealOf(dealId: string): Record<string, unknown> {
    return dealRequest({ dealId });
}
