import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryLedger, USERS } from '../testing/memory-ledger.js';
import { dealRequest, fingerprint, loanId, loanParts, rowParts, type TestLoan } from './testing/abs-harness.js';
import { AbsDriver, rollForward } from './testing/abs-driver.js';

/*
 * The access matrix of chaincode/docs/access-matrix-abs.md, transaction by organisation. Every cell is tried: a
 * refused organisation must get ACCESS_DENIED and write nothing; an allowed one must not get ACCESS_DENIED
 * (it may still fail for another reason, e.g. a duplicate, which is not what this test is about).
 */

type Org = keyof typeof USERS;
const ISSUER: Org[] = ['bank'];
const READERS: Org[] = ['bank', 'investor'];
const AUDITORS: Org[] = ['investor'];

const LOANS: TestLoan[] = [
    { label: 'A', original: 600_000, current: 500_000, rateBps: 1200, originalTerm: 12, remainingTerm: 10 },
    { label: 'B', original: 500_000, current: 500_000, rateBps: 1000, originalTerm: 12, remainingTerm: 12 },
];
const NEW: TestLoan = { label: 'N', original: 1000, current: 1000, rateBps: 1000, originalTerm: 12, remainingTerm: 12 };
const DEAL = 'DEAL-2026-1';

interface Cell {
    readonly contract: 'deal' | 'pool' | 'report';
    readonly fn: string;
    readonly allowed: readonly Org[];
    readonly request: unknown;
    readonly transient?: Readonly<Record<string, unknown>>;
}

const newLoan = loanParts(NEW);
const row = rowParts({ label: 'A', status: 'CURRENT', remainingTerm: 8, scheduled: 0, closing: 450_000 }, 2);

const MATRIX: readonly Cell[] = [
    { contract: 'deal', fn: 'CreateDeal', allowed: ISSUER, request: dealRequest({ dealId: 'DEAL-NEW' }) },
    { contract: 'deal', fn: 'TransitionDeal', allowed: ISSUER, request: { dealId: DEAL, to: 'AMORTISING' } },
    { contract: 'deal', fn: 'GetDeal', allowed: READERS, request: { dealId: DEAL } },
    { contract: 'deal', fn: 'ListDeals', allowed: READERS, request: {} },
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
    { contract: 'report', fn: 'AcknowledgeReport', allowed: AUDITORS, request: { dealId: DEAL, periodNo: 1 } },
    { contract: 'report', fn: 'GetPeriodReport', allowed: READERS, request: { dealId: DEAL, periodNo: 1 } },
    { contract: 'report', fn: 'ListPeriodReports', allowed: READERS, request: { dealId: DEAL } },
    { contract: 'report', fn: 'GetMetricsSeries', allowed: READERS, request: { dealId: DEAL } },
    { contract: 'report', fn: 'ListAcknowledgements', allowed: READERS, request: { dealId: DEAL, periodNo: 1 } },
];

const ORGS = Object.keys(USERS) as Org[];

describe('ABS access matrix', () => {
    const ledger = new MemoryLedger({ startTime: '2026-02-01T08:00:00.000Z' });
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
                as: USERS[org],
                ...(cell.transient ? { transient: cell.transient } : {}),
            });
        if (cell.allowed.includes(org)) {
            const outcome = await call().then(
                () => 'committed',
                (error: Error) => error.message,
            );
            expect(outcome).not.toContain('ACCESS_DENIED');
        } else {
            const refusal = await abs.refusal(call);
            expect(refusal).toMatchObject({
                code: 'ACCESS_DENIED',
                details: { mspId: USERS[org].mspId },
                unchanged: true,
            });
        }
    });
});
