import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FOUNDING_MEMBERS } from '@lendledger/domain';
import { MemoryLedger, TEST_LOAN_PARTIES, USERS } from '../testing/memory-ledger.js';
import { dealRequest, fingerprint, loanId, loanParts, rowParts, type TestLoan } from './testing/abs-harness.js';
import { AbsDriver, rollForward } from './testing/abs-driver.js';

/*
 * The access matrix of chaincode/docs/access-matrix.md, transaction by organisation, with a second bank and a
 * second investor in the registry that are not parties of the deal. Every cell is tried: a refused organisation must
 * get its coded refusal (ACCESS_DENIED without the role, ABS_NOT_ISSUER / ABS_NOT_DEAL_PARTY with the role but not
 * the deal) and write nothing; an allowed one must not be refused for access (it may still fail for another reason,
 * e.g. a duplicate, which is not what this test is about).
 */

const CALLERS = {
    ...USERS,
    bank2: { mspId: 'Bank2MSP', commonName: 'User1@bank2.lendledger.test' },
    investor2: { mspId: 'Investor2MSP', commonName: 'User1@investor2.lendledger.test' },
} as const;
type Org = keyof typeof CALLERS;
const REGISTRY = [
    ...DEFAULT_FOUNDING_MEMBERS,
    { mspId: 'Bank2MSP', roles: ['bank'] },
    { mspId: 'Investor2MSP', roles: ['investor'] },
] as const;
const BANKS: Org[] = ['bank', 'bank2'];
const INVESTORS: Org[] = ['investor', 'investor2'];
/** The deal's issuer only; the other bank is refused as not the issuer. */
const ISSUER = { allowed: ['bank'], roleHolders: BANKS, outsiderCode: 'ABS_NOT_ISSUER' } as const;
/** Any bank may structure a deal of its own. */
const ANY_BANK = { allowed: BANKS, roleHolders: BANKS, outsiderCode: 'ABS_NOT_ISSUER' } as const;
/** The deal's issuer and its holder; the other bank and the other investor are refused as not parties. */
const READERS = {
    allowed: ['bank', 'investor'],
    roleHolders: [...BANKS, ...INVESTORS],
    outsiderCode: 'ABS_NOT_DEAL_PARTY',
} as const;
/** Every bank and investor lists deals, each only its own (a separate test checks the lists). */
const LISTERS = { allowed: [...BANKS, ...INVESTORS], roleHolders: [...BANKS, ...INVESTORS], outsiderCode: '' } as const;
/** The deal's holder only. */
const AUDITORS = { allowed: ['investor'], roleHolders: INVESTORS, outsiderCode: 'ABS_NOT_DEAL_PARTY' } as const;

const LOANS: TestLoan[] = [
    { label: 'A', original: 600_000, current: 500_000, rateBps: 1200, originalTerm: 12, remainingTerm: 10 },
    { label: 'B', original: 500_000, current: 500_000, rateBps: 1000, originalTerm: 12, remainingTerm: 12 },
];
const NEW: TestLoan = { label: 'N', original: 1000, current: 1000, rateBps: 1000, originalTerm: 12, remainingTerm: 12 };
const DEAL = 'DEAL-2026-1';

interface Cell {
    readonly contract: 'deal' | 'pool' | 'report';
    readonly fn: string;
    readonly allowed: Readonly<{ allowed: readonly Org[]; roleHolders: readonly Org[]; outsiderCode: string }>;
    readonly request: unknown;
    readonly transient?: Readonly<Record<string, unknown>>;
}

const newLoan = loanParts(NEW);
const row = rowParts({ label: 'A', status: 'CURRENT', remainingTerm: 8, scheduled: 0, closing: 450_000 }, 2);

const MATRIX: readonly Cell[] = [
    { contract: 'deal', fn: 'CreateDeal', allowed: ANY_BANK, request: dealRequest({ dealId: 'DEAL-NEW' }) },
    { contract: 'deal', fn: 'TransitionDeal', allowed: ISSUER, request: { dealId: DEAL, to: 'AMORTISING' } },
    {
        contract: 'deal',
        fn: 'SetInvestors',
        allowed: ISSUER,
        request: { dealId: DEAL, investors: ['InvestorMSP'], reasonCode: 'RESTATED' },
    },
    { contract: 'deal', fn: 'GetDeal', allowed: READERS, request: { dealId: DEAL } },
    { contract: 'deal', fn: 'ListDeals', allowed: LISTERS, request: {} },
    {
        contract: 'pool',
        fn: 'AddCutOffLoans',
        allowed: ISSUER,
        request: { dealId: DEAL, batchId: 'late', loans: [newLoan.row] },
        transient: { loans: [newLoan.amounts] },
    },
    {
        contract: 'pool',
        fn: 'CutOffPool',
        allowed: ISSUER,
        request: {
            dealId: DEAL,
            expectedLoanCount: 2,
            expectedTapeRoot: '0'.repeat(64),
            tapeFingerprint: fingerprint('t'),
        },
    },
    {
        contract: 'pool',
        fn: 'PurchaseLoans',
        allowed: ISSUER,
        request: {
            dealId: DEAL,
            periodNo: 2,
            batchId: 'buy',
            acquisition: 'REVOLVING_PURCHASE',
            loans: [{ ...newLoan.row, evidence: fingerprint('buy') }],
        },
        transient: { loans: [newLoan.amounts] },
    },
    { contract: 'pool', fn: 'GetPool', allowed: READERS, request: { dealId: DEAL } },
    { contract: 'pool', fn: 'ListLoans', allowed: READERS, request: { dealId: DEAL } },
    { contract: 'pool', fn: 'GetLoan', allowed: READERS, request: { dealId: DEAL, loanId: loanId('A') } },
    { contract: 'pool', fn: 'GetLoanAmounts', allowed: READERS, request: { dealId: DEAL, loanId: loanId('A') } },
    { contract: 'pool', fn: 'GetLoanProof', allowed: READERS, request: { dealId: DEAL, loanId: loanId('A') } },
    { contract: 'pool', fn: 'ExportTape', allowed: READERS, request: { dealId: DEAL, pageSize: 128 } },
    { contract: 'pool', fn: 'GetPoolRoot', allowed: READERS, request: { dealId: DEAL, periodNo: 0 } },
    {
        contract: 'pool',
        fn: 'GetPoolRootConsistency',
        allowed: READERS,
        request: { dealId: DEAL, fromPeriod: 0, toPeriod: 0 },
    },
    {
        contract: 'report',
        fn: 'OpenPeriod',
        allowed: ISSUER,
        request: { dealId: DEAL, periodNo: 3, startDate: '2026-04-01', endDate: '2026-04-30' },
    },
    {
        contract: 'report',
        fn: 'PostPeriodUpdates',
        allowed: ISSUER,
        request: { dealId: DEAL, periodNo: 2, batchId: 'rows', rows: [row.row] },
        transient: { loans: [row.amounts] },
    },
    {
        contract: 'report',
        fn: 'ClosePeriod',
        allowed: ISSUER,
        request: { dealId: DEAL, periodNo: 2, reportFingerprint: fingerprint('r'), servicerReport: rollForward({}) },
    },
    {
        contract: 'report',
        fn: 'SubmitCashReport',
        allowed: { allowed: ['bank2'], roleHolders: BANKS, outsiderCode: 'ABS_NOT_ACCOUNT_BANK' },
        request: {
            dealId: DEAL,
            periodNo: 2,
            principal: 0,
            interest: 0,
            recoveries: 0,
            statementFingerprint: fingerprint('account statement'),
        },
    },
    {
        contract: 'report',
        fn: 'GetCashReport',
        allowed: { ...READERS, allowed: [...READERS.allowed, 'bank2'] },
        request: { dealId: DEAL, periodNo: 1 },
    },
    { contract: 'report', fn: 'AcknowledgeReport', allowed: AUDITORS, request: { dealId: DEAL, periodNo: 1 } },
    { contract: 'report', fn: 'GetPeriodReport', allowed: READERS, request: { dealId: DEAL, periodNo: 1 } },
    { contract: 'report', fn: 'GetPeriodWaterfall', allowed: READERS, request: { dealId: DEAL, periodNo: 1 } },
    { contract: 'report', fn: 'ListPeriodReports', allowed: READERS, request: { dealId: DEAL } },
    { contract: 'report', fn: 'GetMetricsSeries', allowed: READERS, request: { dealId: DEAL } },
    { contract: 'report', fn: 'ListAcknowledgements', allowed: READERS, request: { dealId: DEAL, periodNo: 1 } },
];

const ORGS = Object.keys(CALLERS) as Org[];

describe('ABS access matrix', () => {
    const ledger = new MemoryLedger({
        startTime: '2026-02-01T08:00:00.000Z',
        registry: REGISTRY,
        // The bank admits the platform, whose pool loans' evidence chains start with its consents.
        admissions: [TEST_LOAN_PARTIES],
    });
    const abs = new AbsDriver(ledger, USERS.bank, DEAL);

    beforeAll(async () => {
        await abs.createDeal();
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
        await abs.openPeriod(2, '2026-03-01', '2026-03-31');
    });

    it('covers every transaction of the three contracts', () => {
        const names = (contract: object): string[] =>
            Object.getOwnPropertyNames(Object.getPrototypeOf(contract)).filter((name) => /^[A-Z]/.test(name));
        expect(MATRIX.map((cell) => cell.fn).sort()).toEqual(
            [...names(abs.deal), ...names(abs.pool), ...names(abs.report)].sort(),
        );
    });

    const cells = MATRIX.flatMap((cell) => ORGS.map((org) => [cell.fn, org, cell] as const));

    it.each(cells)('%s by %s', async (_fn, org, cell) => {
        const contract = abs[cell.contract];
        const call = (): Promise<unknown> =>
            abs.call(contract, cell.fn, cell.request, {
                as: CALLERS[org],
                ...(cell.transient ? { transient: cell.transient } : {}),
            });
        const rule = cell.allowed;
        if (rule.allowed.includes(org)) {
            const outcome = await call().then(
                () => 'committed',
                (error: Error) => error.message,
            );
            expect(outcome).not.toMatch(/ACCESS_DENIED|ABS_NOT_ISSUER|ABS_NOT_DEAL_PARTY/);
        } else {
            const refusal = await abs.refusal(call);
            expect(refusal).toMatchObject({
                code: rule.roleHolders.includes(org) ? rule.outsiderCode : 'ACCESS_DENIED',
                details: { mspId: CALLERS[org].mspId },
                unchanged: true,
            });
        }
    });
});
