import { type Contract } from '@hyperledger/fabric-gateway';
import {
    computePeriodMetrics,
    merkleRoot,
    tapeLeaf,
    toHex,
    type DealRecord,
    type PeriodRecord,
    type RollForward,
} from '@lendledger/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
    dealRequest,
    fingerprint,
    loanId,
    loanParts,
    rowParts,
    type TestLoan,
    type TestRow,
} from '../../chaincode/src/abs/testing/abs-harness.ts';
import { connectAs, type OrgConnection } from '../support/fabric-client.ts';
import {
    chaincodeErrorOf,
    evaluateJson,
    evaluateWhen,
    submitFresh,
    submitJson,
    withDetails,
} from '../support/ledger-data.ts';
import { orgOf, testNetwork } from '../support/test-network.ts';

/**
 * Bank and Investor endorse every step (the chaincode policy lets the gateway choose any two organisations, and
 * the collection needs these two), so each step is retried with a fresh proposal while the two peers disagree.
 */
const members = (contract: Contract, name: string, request: unknown): Promise<unknown> =>
    submitMembers(contract, name, request);

/** Private data is held by Bank and Investor only, so transactions that read or write it are endorsed by both. */
const COLLECTION_MEMBERS = ['BankMSP', 'InvestorMSP'];

async function submitPrivate<T>(contract: Contract, name: string, request: unknown, amounts: unknown): Promise<T> {
    const bytes = await withDetails(
        submitFresh(
            () =>
                contract.submit(name, {
                    arguments: [JSON.stringify(request)],
                    transientData: { loans: JSON.stringify(amounts) },
                    endorsingOrganizations: COLLECTION_MEMBERS,
                }),
            COLLECTION_MEMBERS.length,
        ),
    );
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}

async function submitMembers<T>(contract: Contract, name: string, request: unknown): Promise<T> {
    const bytes = await withDetails(
        submitFresh(
            () =>
                contract.submit(name, {
                    arguments: [JSON.stringify(request)],
                    endorsingOrganizations: COLLECTION_MEMBERS,
                }),
            COLLECTION_MEMBERS.length,
        ),
    );
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}

const LOANS: readonly TestLoan[] = [
    { label: 'A', original: 100_000, current: 100_000, rateBps: 1200, originalTerm: 12, remainingTerm: 12 },
    { label: 'B', original: 100_000, current: 100_000, rateBps: 1000, originalTerm: 12, remainingTerm: 12 },
    { label: 'C', original: 50_000, current: 50_000, rateBps: 1500, originalTerm: 12, remainingTerm: 12 },
    { label: 'D', original: 50_000, current: 50_000, rateBps: 1800, originalTerm: 12, remainingTerm: 12 },
];

/** Three periods: a partial prepayment, a delinquency, then a full prepayment and a default. */
const PERIODS: readonly { rows: TestRow[]; rollForward: Partial<RollForward>; dates: [string, string] }[] = [
    {
        dates: ['2026-02-01', '2026-02-28'],
        rows: [
            { label: 'A', status: 'CURRENT', remainingTerm: 11, scheduled: 10_000, closing: 90_000 },
            { label: 'B', status: 'CURRENT', remainingTerm: 11, scheduled: 10_000, prepaid: 40_000, closing: 50_000 },
            { label: 'C', status: 'CURRENT', remainingTerm: 11, scheduled: 5_000, closing: 45_000 },
            { label: 'D', status: 'CURRENT', remainingTerm: 11, scheduled: 5_000, closing: 45_000 },
        ],
        rollForward: {
            openingBalance: 300_000,
            scheduledPrincipal: 30_000,
            prepaidPrincipal: 40_000,
            closingBalance: 230_000,
        },
    },
    {
        dates: ['2026-03-01', '2026-03-31'],
        rows: [
            { label: 'A', status: 'CURRENT', remainingTerm: 10, scheduled: 10_000, closing: 80_000 },
            { label: 'B', status: 'CURRENT', remainingTerm: 10, scheduled: 10_000, closing: 40_000 },
            { label: 'C', status: 'DPD_31_60', daysPastDue: 45, remainingTerm: 11, scheduled: 0, closing: 45_000 },
            { label: 'D', status: 'CURRENT', remainingTerm: 10, scheduled: 5_000, closing: 40_000 },
        ],
        rollForward: { openingBalance: 230_000, scheduledPrincipal: 25_000, closingBalance: 205_000 },
    },
    {
        dates: ['2026-04-01', '2026-04-30'],
        rows: [
            { label: 'A', status: 'CURRENT', remainingTerm: 9, scheduled: 10_000, closing: 70_000 },
            { label: 'B', status: 'PREPAID', remainingTerm: 0, scheduled: 10_000, prepaid: 30_000, closing: 0 },
            {
                label: 'C',
                status: 'DEFAULTED',
                daysPastDue: 95,
                remainingTerm: 11,
                scheduled: 0,
                defaulted: 45_000,
                closing: 0,
            },
            { label: 'D', status: 'CURRENT', remainingTerm: 9, scheduled: 5_000, closing: 35_000 },
        ],
        rollForward: {
            openingBalance: 205_000,
            scheduledPrincipal: 25_000,
            prepaidPrincipal: 30_000,
            defaultedPrincipal: 45_000,
            closingBalance: 105_000,
        },
    },
];

function fullRollForward(lines: Partial<RollForward>): RollForward {
    return {
        openingBalance: 0,
        revolvingPurchasedPrincipal: 0,
        substitutionInPrincipal: 0,
        scheduledPrincipal: 0,
        prepaidPrincipal: 0,
        defaultedPrincipal: 0,
        repurchasedPrincipal: 0,
        substitutedPrincipal: 0,
        closingBalance: 0,
        ...lines,
    };
}

describe('an ABS deal from structuring to amortising over three periods, on the real network', () => {
    const network = testNetwork();
    const dealId = `DEAL-IT-${Date.now()}`;
    let bank: OrgConnection;
    let investor: OrgConnection;
    let platform: OrgConnection;

    beforeAll(() => {
        bank = connectAs(orgOf(network, 'bank'));
        investor = connectAs(orgOf(network, 'investor'));
        platform = connectAs(orgOf(network, 'platform'));
    });

    afterAll(() => {
        [bank, investor, platform].forEach((connection) => connection.close());
    });

    const dealStatusBecomes = async (status: string): Promise<string> =>
        (await evaluateWhen<DealRecord>(investor.contract, 'AbsDeal:GetDeal', { dealId }, (d) => d.status === status))
            .status;

    it('structures the deal, loads the tape in two batches and cuts the pool off at the tape root', async () => {
        await submitJson(
            bank.contract,
            'AbsDeal:CreateDeal',
            dealRequest({
                dealId,
                // Thresholds this pool does not reach: the issuer, not a trigger, moves the deal to amortising.
                triggers: [
                    {
                        triggerId: 'CDR_EARLY_AMORTISATION',
                        metric: 'CUMULATIVE_DEFAULT_RATE',
                        comparator: 'GT',
                        thresholds: [{ fromPeriod: 1, valuePpm: 500_000 }],
                        consequence: 'EARLY_AMORTISATION',
                    },
                ],
            }),
        );
        for (const [batchId, loans] of [
            ['tape-1', LOANS.slice(0, 2)],
            ['tape-2', LOANS.slice(2)],
        ] as const) {
            const parts = loans.map(loanParts);
            await submitPrivate(
                bank.contract,
                'AbsPool:AddCutOffLoans',
                { dealId, batchId, loans: parts.map((p) => p.row) },
                parts.map((p) => p.amounts),
            );
        }
        const tapeRoot = toHex(merkleRoot(LOANS.map((l) => tapeLeaf(loanId(l.label), fingerprint(`tape:${l.label}`)))));
        await submitMembers(bank.contract, 'AbsPool:CutOffPool', {
            dealId,
            expectedLoanCount: LOANS.length,
            expectedTapeRoot: tapeRoot,
            tapeFingerprint: fingerprint('tape-document'),
        });
        expect(await dealStatusBecomes('CUT_OFF')).toBe('CUT_OFF');

        const late = loanParts({ ...LOANS[0]!, label: 'LATE' });
        const refused = await chaincodeErrorOf(
            submitPrivate(bank.contract, 'AbsPool:AddCutOffLoans', { dealId, batchId: 'tape-3', loans: [late.row] }, [
                late.amounts,
            ]),
        );
        expect(refused.code).toBe('ABS_POOL_CUT_OFF');
    });

    it('closes three periods; the investor peer returns the same metrics the bank peer does and recomputes them', async () => {
        await members(bank.contract, 'AbsDeal:TransitionDeal', { dealId, to: 'ISSUED' });
        await members(bank.contract, 'AbsDeal:TransitionDeal', { dealId, to: 'REVOLVING' });
        for (const [index, period] of PERIODS.entries()) {
            const periodNo = index + 1;
            if (periodNo === 3) {
                await members(bank.contract, 'AbsDeal:TransitionDeal', { dealId, to: 'AMORTISING' });
            }
            await members(bank.contract, 'AbsReport:OpenPeriod', {
                dealId,
                periodNo,
                startDate: period.dates[0],
                endDate: period.dates[1],
            });
            const parts = period.rows.map((row) => rowParts(row, periodNo));
            await submitPrivate(
                bank.contract,
                'AbsReport:PostPeriodUpdates',
                { dealId, periodNo, batchId: `p${periodNo}`, rows: parts.map((p) => p.row) },
                parts.map((p) => p.amounts),
            );
            await submitMembers(bank.contract, 'AbsReport:ClosePeriod', {
                dealId,
                periodNo,
                reportFingerprint: fingerprint(`servicer-report:${periodNo}`),
                servicerReport: fullRollForward(period.rollForward),
            });

            const fromInvestor = await evaluateWhen<{ period: PeriodRecord; reportDigest: string }>(
                investor.contract,
                'AbsReport:GetPeriodReport',
                { dealId, periodNo },
                (answer) => answer.period.status === 'CLOSED',
            );
            const fromBank = await evaluateJson<{ period: PeriodRecord; reportDigest: string }>(
                bank.contract,
                'AbsReport:GetPeriodReport',
                { dealId, periodNo },
            );
            expect(fromInvestor).toEqual(fromBank);
            const report = fromInvestor.period.report!;
            expect(report.rollForward.closingBalance).toBe(period.rollForward.closingBalance);
            expect(computePeriodMetrics(report.totals, report.cumulative, report.basis)).toEqual(report.metrics);

            await members(investor.contract, 'AbsReport:AcknowledgeReport', {
                dealId,
                periodNo,
                statementCode: 'RECOMPUTED_OK',
                reportDigest: fromInvestor.reportDigest,
            });
        }
        expect(await dealStatusBecomes('AMORTISING')).toBe('AMORTISING');

        const series = await evaluateWhen<{ series: { periodNo: number; closingBalance: number }[] }>(
            investor.contract,
            'AbsReport:GetMetricsSeries',
            { dealId },
            (answer) => answer.series.length === 3,
        );
        expect(series.series.map((p) => p.closingBalance)).toEqual([230_000, 205_000, 105_000]);
    });

    it('refuses to close a period twice and writes nothing', async () => {
        const before = await evaluateJson(investor.contract, 'AbsReport:GetPeriodReport', { dealId, periodNo: 3 });
        const refused = await chaincodeErrorOf(
            submitMembers(bank.contract, 'AbsReport:ClosePeriod', {
                dealId,
                periodNo: 3,
                reportFingerprint: fingerprint('servicer-report:3'),
                servicerReport: fullRollForward(PERIODS[2]!.rollForward),
            }),
        );
        expect(refused.code).toBe('ABS_PERIOD_CLOSED');
        expect(await evaluateJson(investor.contract, 'AbsReport:GetPeriodReport', { dealId, periodNo: 3 })).toEqual(
            before,
        );
    });

    it('keeps loan amounts from organisations outside the private collection', async () => {
        const amounts = await evaluateJson<{ amounts: { currentPrincipal: number } }>(
            investor.contract,
            'AbsPool:GetLoanAmounts',
            { dealId, loanId: loanId('A') },
        );
        expect(amounts.amounts.currentPrincipal).toBe(70_000);
        const refused = await chaincodeErrorOf(
            evaluateJson(platform.contract, 'AbsPool:GetLoanAmounts', { dealId, loanId: loanId('A') }),
        );
        expect(['ACCESS_DENIED', 'ABS_PRIVATE_DATA_UNAVAILABLE']).toContain(refused.code);
    });
});
