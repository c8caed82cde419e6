import {
    addCumulative,
    canonicalBytes,
    type CodedErrorBody,
    computePeriodMetrics,
    type CumulativeTotals,
    type CutOffRecord,
    type DealRecord,
    emptyCumulativeTotals,
    evaluateTriggers,
    fromHex,
    type LoanAmountsRecord,
    type LoanRecord,
    type PeriodRecord,
    type PeriodReport,
    type PeriodRowAmounts,
    type PoolRecord,
    type PoolRoot,
    type PoolRootConsistency,
    purchaseLeaf,
    rollForwardOf,
    type RollForward,
    tapeLeaf,
    toHex,
    type AcknowledgementRecord,
} from '@lendledger/domain';
import { leafHash, merkleRoot, sha256, verifyInclusion } from '@lendledger/domain/node';
import { verifyPoolRootConsistency } from '@lendledger/verifier';
import { CHANNEL } from '@lendledger/network/topology.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dealRequest } from '../../chaincode/src/abs/testing/abs-harness.ts';
import {
    AbsDealBook,
    cashCollectedBy,
    evaluateOn,
    reportCashOnLedger,
    rollForward,
    submitAbs,
    submitPrivate,
    type TestLoan,
    type TestRow,
} from '../support/abs-data.ts';
import { connectAs, type OrgConnection } from '../support/fabric-client.ts';
import { withPoolEvidence } from '../support/pool-loans.ts';
import { chaincodeErrorOf, evaluateJson, evaluateWhen, saltedFingerprint } from '../support/ledger-data.ts';
import { eventually, orgOf, testNetwork, uniqueCode } from '../support/test-network.ts';

/*
 * Issue #4, ABS part: a revolving deal goes from STRUCTURING to amortising over three monthly periods, and the
 * investor's peer returns the same reports the bank's peer does, whose metrics the investor recomputes.
 * Amounts in minor units; ratios in ppm, rounded half to even (chaincode/docs/abs-metrics.md).
 *
 * CUT-OFF TAPE (two batches)          original   current  rate bps  term  remaining
 *   tape-1  A                          200 000   200 000     1 200    24         24
 *           B                          150 000   150 000     1 000    12         12
 *           C                          100 000   100 000     1 800    12         12
 *   tape-2  D                          300 000   250 000       900    36         30
 *           E                           50 000    50 000     2 000    12         12
 *   B0 = 750 000; original 800 000; WAC = 895 000 000 / 750 000 = 1193.3 → 1193 bps;
 *   WARM×100 = 15 900 000 × 100 / 750 000 = 2120
 *
 * P1 (REVOLVING)  F bought: 100 000, 1 500 bps, 12/12. Rows: A −8 000, B −12 000 and prepays 38 000, C −8 000,
 *   D −7 000, E 40 days past due (DPD_31_60), F −8 000.
 *   750 000 + 100 000 − 43 000 − 38 000 = 769 000; pool factor 769 000 / 750 000 → 1 025 333
 *   exposed D = 750 000 + 100 000 − 43 000 = 807 000; SMM 38 000 / 807 000 → 47 088 ppm; CPR → 439 425 ppm
 *   buckets: CURRENT 5 / 719 000 → 934 980; DPD_31_60 1 / 50 000 → 65 020
 * The issuer then ends the revolving period: REVOLVING → AMORTISING.
 * P2 (AMORTISING) A −8 000, B −10 000, C −8 000, D −7 000, E 71 days past due (DPD_61_90), F −8 000.
 *   769 000 − 41 000 = 728 000; pool factor → 970 667; 60+ = 50 000 / 728 000 → 68 681 > 50 000: the
 *   REPORT_ONLY trigger DQ60_WATCH is breached and moves nothing.
 * P3 (AMORTISING) A −8 000, B −10 000 and prepays the rest 80 000 (PREPAID), C −8 000, D −7 000,
 *   E DEFAULTED at 102 days with 50 000, F −8 000.
 *   728 000 − 41 000 − 80 000 − 50 000 = 557 000; pool factor → 742 667; D = 687 000;
 *   SMM 80 000 / 687 000 → 116 448, CPR → 773 648; MDR 50 000 / 687 000 → 72 780, CDR → 596 176;
 *   cumulative default rate 50 000 / 750 000 → 66 667 > 50 000: CDR_EARLY_AMORTISATION moves the deal
 *   AMORTISING → EARLY_AMORTISATION inside the ClosePeriod transaction.
 */

/** The peers a close is endorsed on (the issuer's and the holder's): they must hold the cash report first. */
const CLOSE_ENDORSERS = ['BankMSP', 'InvestorMSP'];

const TAPE_1: readonly TestLoan[] = [
    { label: 'A', original: 200_000, current: 200_000, rateBps: 1200, originalTerm: 24, remainingTerm: 24 },
    { label: 'B', original: 150_000, current: 150_000, rateBps: 1000, originalTerm: 12, remainingTerm: 12 },
    { label: 'C', original: 100_000, current: 100_000, rateBps: 1800, originalTerm: 12, remainingTerm: 12 },
];
const TAPE_2: readonly TestLoan[] = [
    { label: 'D', original: 300_000, current: 250_000, rateBps: 900, originalTerm: 36, remainingTerm: 30 },
    { label: 'E', original: 50_000, current: 50_000, rateBps: 2000, originalTerm: 12, remainingTerm: 12 },
];
const BOUGHT_IN_PERIOD_1: TestLoan = {
    label: 'F',
    original: 100_000,
    current: 100_000,
    rateBps: 1500,
    originalTerm: 12,
    remainingTerm: 12,
};

const TRIGGERS = [
    {
        triggerId: 'CDR_EARLY_AMORTISATION',
        metric: 'CUMULATIVE_DEFAULT_RATE',
        comparator: 'GT',
        thresholds: [{ fromPeriod: 1, valuePpm: 50_000 }],
        consequence: 'EARLY_AMORTISATION',
    },
    {
        triggerId: 'DQ60_WATCH',
        metric: 'DELINQUENCY_60_PLUS',
        comparator: 'GT',
        thresholds: [{ fromPeriod: 1, valuePpm: 50_000 }],
        consequence: 'REPORT_ONLY',
    },
];

/** Every row of a period's plan, across its batches. */
function periodRows(plan: PeriodPlan): TestRow[] {
    return Object.values(plan.batches).flat();
}

interface PeriodPlan {
    readonly dates: readonly [string, string];
    readonly purchases: readonly TestLoan[];
    /** Row batches, posted concurrently. */
    readonly batches: Readonly<Record<string, readonly TestRow[]>>;
    readonly servicerReport: RollForward;
}

const PERIOD_1: PeriodPlan = {
    dates: ['2026-02-01', '2026-02-28'],
    purchases: [BOUGHT_IN_PERIOD_1],
    batches: {
        'p1-a': [
            { label: 'A', status: 'CURRENT', remainingTerm: 23, scheduled: 8_000, closing: 192_000 },
            { label: 'B', status: 'CURRENT', remainingTerm: 11, scheduled: 12_000, prepaid: 38_000, closing: 100_000 },
            { label: 'C', status: 'CURRENT', remainingTerm: 11, scheduled: 8_000, closing: 92_000 },
        ],
        'p1-b': [
            { label: 'D', status: 'CURRENT', remainingTerm: 29, scheduled: 7_000, closing: 243_000 },
            { label: 'E', status: 'DPD_31_60', daysPastDue: 40, remainingTerm: 12, scheduled: 0, closing: 50_000 },
            { label: 'F', status: 'CURRENT', remainingTerm: 11, scheduled: 8_000, closing: 92_000 },
        ],
    },
    servicerReport: rollForward({
        openingBalance: 750_000,
        revolvingPurchasedPrincipal: 100_000,
        scheduledPrincipal: 43_000,
        prepaidPrincipal: 38_000,
        closingBalance: 769_000,
    }),
};

const PERIOD_2: PeriodPlan = {
    dates: ['2026-03-01', '2026-03-31'],
    purchases: [],
    batches: {
        'p2-a': [
            { label: 'A', status: 'CURRENT', remainingTerm: 22, scheduled: 8_000, closing: 184_000 },
            { label: 'B', status: 'CURRENT', remainingTerm: 10, scheduled: 10_000, closing: 90_000 },
            { label: 'C', status: 'CURRENT', remainingTerm: 10, scheduled: 8_000, closing: 84_000 },
        ],
        'p2-b': [
            { label: 'D', status: 'CURRENT', remainingTerm: 28, scheduled: 7_000, closing: 236_000 },
            { label: 'E', status: 'DPD_61_90', daysPastDue: 71, remainingTerm: 12, scheduled: 0, closing: 50_000 },
            { label: 'F', status: 'CURRENT', remainingTerm: 10, scheduled: 8_000, closing: 84_000 },
        ],
    },
    servicerReport: rollForward({ openingBalance: 769_000, scheduledPrincipal: 41_000, closingBalance: 728_000 }),
};

const PERIOD_3: PeriodPlan = {
    dates: ['2026-04-01', '2026-04-30'],
    purchases: [],
    batches: {
        'p3-a': [
            { label: 'A', status: 'CURRENT', remainingTerm: 21, scheduled: 8_000, closing: 176_000 },
            { label: 'B', status: 'PREPAID', remainingTerm: 0, scheduled: 10_000, prepaid: 80_000, closing: 0 },
            { label: 'C', status: 'CURRENT', remainingTerm: 9, scheduled: 8_000, closing: 76_000 },
        ],
        'p3-b': [
            { label: 'D', status: 'CURRENT', remainingTerm: 27, scheduled: 7_000, closing: 229_000 },
            {
                label: 'E',
                status: 'DEFAULTED',
                daysPastDue: 102,
                remainingTerm: 12,
                scheduled: 0,
                defaulted: 50_000,
                closing: 0,
            },
            { label: 'F', status: 'CURRENT', remainingTerm: 9, scheduled: 8_000, closing: 76_000 },
        ],
    },
    servicerReport: rollForward({
        openingBalance: 728_000,
        scheduledPrincipal: 41_000,
        prepaidPrincipal: 80_000,
        defaultedPrincipal: 50_000,
        closingBalance: 557_000,
    }),
};

/** `GetPeriodReport`'s answer. */
interface PeriodView {
    readonly period: PeriodRecord;
    readonly reportDigest: string;
}

/** `GetLoanAmounts`'s answer. */
interface LoanAmountsView {
    readonly dealId: string;
    readonly loanId: string;
    readonly amounts: LoanAmountsRecord;
    readonly rows: PeriodRowAmounts[];
}

/** The organisations whose peers answered a failed call, from the Fabric Gateway's error details. */
async function answeringOrgs(call: Promise<unknown>): Promise<string[]> {
    return call.then(
        () => [],
        (error: unknown) => ((error as { details?: { mspId: string }[] }).details ?? []).map((d) => d.mspId),
    );
}

/** `sha256:` of a value's canonical JSON: the digest of a private record or of a period report. */
function digestOf(value: unknown): string {
    return `sha256:${toHex(sha256(canonicalBytes(value)))}`;
}

describe('an ABS deal from structuring to amortising over three periods, on the real network', () => {
    const network = testNetwork();
    const dealId = uniqueCode('ABS-IT');
    const book = new AbsDealBook(dealId);
    const tapeLabels = [...TAPE_1, ...TAPE_2].map((loan) => loan.label);
    let bank: OrgConnection;
    let investor: OrgConnection;
    let platform: OrgConnection;
    /** The deal's account bank (dealRequest names Bank2MSP): its cash reports let the periods close. */
    let accountBank: OrgConnection;
    let cutOff: CutOffRecord;
    /** The first tape batch's transaction and the transient amounts it carried. */
    let firstTapeBatch: { txId: string; amounts: readonly Record<string, unknown>[] } | undefined;
    /** What the investor carries from one report to the next to check the chaining. */
    let runningCumulative: CumulativeTotals = emptyCumulativeTotals();
    let lastClosingBalance = 0;

    beforeAll(() => {
        bank = connectAs(orgOf(network, 'bank'));
        investor = connectAs(orgOf(network, 'investor'));
        platform = connectAs(orgOf(network, 'platform'));
        accountBank = connectAs(orgOf(network, 'bank2'));
    });

    afterAll(() => {
        [bank, investor, platform, accountBank].forEach((connection) => connection.close());
    });

    /** The deal as the investor's peer answers it, once that peer has committed the state `ready` waits for. */
    const dealOnInvestorPeer = (ready: (deal: DealRecord) => boolean): Promise<DealRecord> =>
        evaluateWhen<DealRecord>(investor.contract, 'AbsDeal:GetDeal', { dealId }, ready);

    /** The channel height once the Bank and Investor peers agree on it (both have committed every block). */
    const settledHeight = (): Promise<number> =>
        eventually(async () => {
            const [atBank, atInvestor] = await Promise.all(
                (['bank', 'investor'] as const).map((key) => network.channelHeight(orgOf(network, key))),
            );
            return atBank === atInvestor ? atBank : undefined;
        }, 'the bank and investor peers at the same height');

    /**
     * Runs a call that must be refused and checks that it wrote nothing: the state `read` answers and the channel
     * height are the same before and after. Returns the coded error.
     */
    async function refusedWithoutWrites(
        call: () => Promise<unknown>,
        read: () => Promise<unknown>,
    ): Promise<CodedErrorBody> {
        const heightBefore = await settledHeight();
        const before = await read();
        const refusal = await chaincodeErrorOf(call());
        expect(await read()).toEqual(before);
        expect(await settledHeight()).toBe(heightBefore);
        return refusal;
    }

    /** Opens a period, buys its loans and posts its row batches concurrently (they share no key). */
    async function runPeriod(periodNo: number, plan: PeriodPlan): Promise<void> {
        const [startDate, endDate] = plan.dates;
        const opened = await submitAbs<PeriodRecord>(bank.contract, 'AbsReport:OpenPeriod', {
            dealId,
            periodNo,
            startDate,
            endDate,
        });
        expect(opened.result).toMatchObject({ periodNo, status: 'OPEN', report: null, openedTxId: opened.txId });
        if (plan.purchases.length > 0) {
            const parts = plan.purchases.map((loan) => book.purchaseParts(loan));
            const bought = await submitPrivate(
                bank.contract,
                'AbsPool:PurchaseLoans',
                {
                    dealId,
                    periodNo,
                    batchId: `p${periodNo}-buy`,
                    acquisition: 'REVOLVING_PURCHASE',
                    loans: parts.map((p) => p.row),
                },
                parts.map((p) => p.amounts),
            );
            expect(bought.result).toMatchObject({ acquisition: 'REVOLVING_PURCHASE', loanCount: parts.length });
        }
        const posted = await Promise.all(
            Object.entries(plan.batches).map(([batchId, rows]) => {
                const parts = rows.map((row) => book.rowParts(row, periodNo));
                return submitPrivate(
                    bank.contract,
                    'AbsReport:PostPeriodUpdates',
                    { dealId, periodNo, batchId, rows: parts.map((p) => p.row) },
                    parts.map((p) => p.amounts),
                );
            }),
        );
        expect(posted.map((p) => p.result)).toEqual(
            Object.entries(plan.batches).map(([batchId, rows]) =>
                expect.objectContaining({ batchId, periodNo, rowCount: rows.length }),
            ),
        );
    }

    /**
     * Closes a period as the bank, then audits it as the investor: the report read from the investor's peer is
     * the one the bank's peer answers and the close returned, and the investor recomputes it from its public
     * totals (roll-forward, running totals, metrics, triggers) before acknowledging it by digest.
     */
    async function closeAndAudit(periodNo: number, plan: PeriodPlan): Promise<PeriodRecord & { report: PeriodReport }> {
        await reportCashOnLedger(
            accountBank.contract,
            dealId,
            periodNo,
            cashCollectedBy(periodRows(plan)),
            CLOSE_ENDORSERS,
        );
        const closed = await submitPrivate<PeriodRecord>(bank.contract, 'AbsReport:ClosePeriod', {
            dealId,
            periodNo,
            reportFingerprint: saltedFingerprint(`servicer report ${periodNo} of ${dealId}`),
            servicerReport: plan.servicerReport,
        });
        const fromInvestor = await evaluateWhen<PeriodView>(
            investor.contract,
            'AbsReport:GetPeriodReport',
            { dealId, periodNo },
            (view) => view.period.status === 'CLOSED',
        );
        const fromBank = await evaluateJson<PeriodView>(bank.contract, 'AbsReport:GetPeriodReport', {
            dealId,
            periodNo,
        });
        expect(fromInvestor).toEqual(fromBank);
        expect(fromInvestor.period).toEqual(closed.result);
        expect(fromInvestor.period.closedTxId).toBe(closed.txId);
        expect(fromInvestor.reportDigest).toBe(digestOf(fromInvestor.period));

        const report = fromInvestor.period.report!;
        const deal = await dealOnInvestorPeer(() => true);
        expect(report.rollForward).toEqual(plan.servicerReport);
        expect(report.rollForward).toEqual(rollForwardOf(report.totals));
        expect(report.rollForward.openingBalance).toBe(lastClosingBalance);
        expect(report.cumulative).toEqual(addCumulative(runningCumulative, report.totals));
        expect(report.basis).toEqual({
            initialBalance: cutOff.initialBalance,
            cumulativeBasis: 'INITIAL_BALANCE',
            basisBalance: cutOff.initialBalance,
        });
        expect(computePeriodMetrics(report.totals, report.cumulative, report.basis)).toEqual(report.metrics);
        expect(evaluateTriggers(deal.triggers, report.metrics, periodNo)).toEqual(report.triggers);

        const ack = await submitAbs<AcknowledgementRecord>(investor.contract, 'AbsReport:AcknowledgeReport', {
            dealId,
            periodNo,
            statementCode: 'RECOMPUTED_OK',
            reportDigest: fromInvestor.reportDigest,
        });
        expect(ack.result).toMatchObject({
            dealId,
            periodNo,
            investorMspId: 'InvestorMSP',
            reportDigest: fromInvestor.reportDigest,
            statementCode: 'RECOMPUTED_OK',
            txId: ack.txId,
        });
        const acknowledged = await evaluateWhen<{ items: AcknowledgementRecord[] }>(
            bank.contract,
            'AbsReport:ListAcknowledgements',
            { dealId, periodNo },
            (answer) => answer.items.length > 0,
        );
        expect(acknowledged.items).toEqual([ack.result]);

        runningCumulative = report.cumulative;
        lastClosingBalance = report.rollForward.closingBalance;
        return { ...fromInvestor.period, report };
    }

    /** Period `periodNo` as the bank's peer answers it. */
    async function bankPeriod(periodNo: number): Promise<PeriodRecord> {
        return (await evaluateJson<PeriodView>(bank.contract, 'AbsReport:GetPeriodReport', { dealId, periodNo }))
            .period;
    }

    const breachedTriggers = (report: PeriodReport): string[] =>
        report.triggers.filter((trigger) => trigger.breached).map((trigger) => trigger.triggerId);

    it('structures the deal and loads the cut-off tape in two batches, the amounts only as transient data', async () => {
        const created = await submitAbs<DealRecord>(
            bank.contract,
            'AbsDeal:CreateDeal',
            dealRequest({
                dealId,
                triggers: TRIGGERS,
                documents: [{ type: 'PROSPECTUS', fingerprint: saltedFingerprint(`prospectus of ${dealId}`) }],
            }),
        );
        expect(created.result).toMatchObject({ dealId, status: 'STRUCTURING', issuerMspId: 'BankMSP' });
        // Every loan the deal's pool takes (the tape and period 1's purchase) has its contract and disbursement.
        await withPoolEvidence(
            network,
            [...TAPE_1, ...TAPE_2, BOUGHT_IN_PERIOD_1].map((loan) => book.loanRef(loan.label)),
        );

        for (const [batchId, loans, firstTapeIndex] of [
            ['tape-1', TAPE_1, 0],
            ['tape-2', TAPE_2, 3],
        ] as const) {
            const parts = loans.map((loan) => book.loanParts(loan));
            const added = await submitPrivate(
                bank.contract,
                'AbsPool:AddCutOffLoans',
                { dealId, batchId, loans: parts.map((p) => p.row) },
                parts.map((p) => p.amounts),
            );
            expect(added.result).toEqual({
                dealId,
                batchId,
                loanCount: loans.length,
                tapeSize: firstTapeIndex + loans.length,
                firstTapeIndex,
            });
            firstTapeBatch ??= { txId: added.txId, amounts: parts.map((p) => p.amounts) };
        }

        const loans = await evaluateWhen<{ items: LoanRecord[] }>(
            investor.contract,
            'AbsPool:ListLoans',
            { dealId },
            (page) => page.items.length === tapeLabels.length,
        );
        expect(loans.items.map((loan) => loan.loanId).sort()).toEqual(tapeLabels.map((l) => book.loanId(l)).sort());
        expect(loans.items.every((loan) => !('currentPrincipal' in loan) && !('originalPrincipal' in loan))).toBe(true);
    });

    it('cuts the pool off at the tape root the bank computed, with figures summed from the private amounts', async () => {
        const expectedTapeRoot = book.tapeRoot(tapeLabels);
        const done = await submitPrivate<CutOffRecord>(bank.contract, 'AbsPool:CutOffPool', {
            dealId,
            expectedLoanCount: tapeLabels.length,
            expectedTapeRoot,
            tapeFingerprint: saltedFingerprint(`loan tape of ${dealId}`),
        });
        cutOff = done.result;
        lastClosingBalance = cutOff.initialBalance;
        expect(cutOff).toMatchObject({
            loanCount: 5,
            initialBalance: 750_000,
            originalPrincipal: 800_000,
            wacBps: 1193,
            warmMonthsX100: 2120,
            tapeRoot: expectedTapeRoot,
            tapeSize: 5,
            batchIds: ['tape-1', 'tape-2'],
            txId: done.txId,
        });
        expect((await dealOnInvestorPeer((deal) => deal.status !== 'STRUCTURING')).status).toBe('CUT_OFF');

        // The investor checks a loan's place in the tape against the root it was told, not the ledger's word.
        const loanId = book.loanId('D');
        const proof = await evaluateJson<{ tapeIndex: number; tapeSize: number; leafHash: string; proof: string[] }>(
            investor.contract,
            'AbsPool:GetLoanProof',
            { dealId, loanId },
        );
        const leaf = leafHash(tapeLeaf(loanId, book.loanFingerprint('D')));
        expect(proof).toMatchObject({ tapeIndex: 3, tapeSize: 5, leafHash: toHex(leaf) });
        expect(verifyInclusion(leaf, 3, 5, proof.proof.map(fromHex), fromHex(expectedTapeRoot))).toBe(true);
    });

    it('refuses a loan added after cut-off with ABS_POOL_CUT_OFF and writes nothing', async () => {
        const late = book.loanParts({ ...TAPE_1[0]!, label: 'LATE' });
        const readPool = async (): Promise<unknown> => [
            await evaluateJson<{ pool: PoolRecord }>(investor.contract, 'AbsPool:GetPool', { dealId }),
            await evaluateJson<{ items: LoanRecord[] }>(bank.contract, 'AbsPool:ListLoans', { dealId }),
        ];
        const refusal = await refusedWithoutWrites(
            () =>
                submitPrivate(
                    bank.contract,
                    'AbsPool:AddCutOffLoans',
                    { dealId, batchId: 'tape-3', loans: [late.row] },
                    [late.amounts],
                ),
            readPool,
        );
        expect(refusal).toMatchObject({ code: 'ABS_POOL_CUT_OFF', details: { dealId, status: 'CUT_OFF' } });
        const missing = await chaincodeErrorOf(
            evaluateJson(investor.contract, 'AbsPool:GetLoan', { dealId, loanId: book.loanId('LATE') }),
        );
        expect(missing.code).toBe('ABS_LOAN_NOT_FOUND');
    });

    it('issues the deal, starts revolving and closes period 1 with a purchase and a partial prepayment', async () => {
        for (const to of ['ISSUED', 'REVOLVING']) {
            const moved = await submitAbs<DealRecord>(bank.contract, 'AbsDeal:TransitionDeal', { dealId, to });
            expect(moved.result.status).toBe(to);
        }
        await runPeriod(1, PERIOD_1);

        // The account bank's statement shows 1 fen less principal than the servicer's rows collected: no close.
        const collected = cashCollectedBy(periodRows(PERIOD_1));
        await reportCashOnLedger(
            accountBank.contract,
            dealId,
            1,
            { ...collected, principal: collected.principal - 1 },
            CLOSE_ENDORSERS,
        );
        const unreconciled = await refusedWithoutWrites(
            () =>
                submitPrivate(bank.contract, 'AbsReport:ClosePeriod', {
                    dealId,
                    periodNo: 1,
                    reportFingerprint: saltedFingerprint(`servicer report 1 of ${dealId}`),
                    servicerReport: PERIOD_1.servicerReport,
                }),
            async () => [
                await evaluateJson(investor.contract, 'AbsReport:GetPeriodReport', { dealId, periodNo: 1 }),
                await evaluateJson(investor.contract, 'AbsPool:GetPool', { dealId }),
            ],
        );
        expect(unreconciled).toMatchObject({
            code: 'ABS_COLLECTIONS_UNRECONCILED',
            details: {
                reason: 'FIGURES_DIFFER',
                mismatches: [
                    { figure: 'principal', servicer: collected.principal, accountBank: collected.principal - 1 },
                ],
            },
        });
        // The corrected report (closeAndAudit submits it) lets the period close.
        const { report } = await closeAndAudit(1, PERIOD_1);

        expect(report.rollForward.closingBalance).toBe(769_000);
        expect(report.activeLoanCount).toBe(6);
        expect(report.metrics).toMatchObject({
            poolFactorPpm: 1_025_333,
            smmPpm: 47_088,
            cprPpm: 439_425,
            mdrPpm: 0,
            cumulativeDefaultRatePpm: 0,
        });
        expect(report.metrics.delinquency.CURRENT).toEqual({ count: 5, balance: 719_000, balancePpm: 934_980 });
        expect(report.metrics.delinquency.DPD_31_60).toEqual({ count: 1, balance: 50_000, balancePpm: 65_020 });
        expect(breachedTriggers(report)).toEqual([]);
        expect(report.dealTransition).toBeNull();
    });

    it('refuses a servicer report that does not reconcile, writes nothing, and then closes period 2', async () => {
        const moved = await submitAbs<DealRecord>(bank.contract, 'AbsDeal:TransitionDeal', {
            dealId,
            to: 'AMORTISING',
            reasonCode: 'REVOLVING_PERIOD_ENDED',
        });
        expect(moved.result.status).toBe('AMORTISING');
        await runPeriod(2, PERIOD_2);

        const wrong = { ...PERIOD_2.servicerReport, scheduledPrincipal: 40_000, closingBalance: 729_000 };
        const readPeriod = async (): Promise<unknown> => [
            await evaluateJson(investor.contract, 'AbsReport:GetPeriodReport', { dealId, periodNo: 2 }),
            await evaluateJson(bank.contract, 'AbsPool:GetPool', { dealId }),
        ];
        const refusal = await refusedWithoutWrites(
            () =>
                submitPrivate(bank.contract, 'AbsReport:ClosePeriod', {
                    dealId,
                    periodNo: 2,
                    reportFingerprint: saltedFingerprint('a servicer report with a typo'),
                    servicerReport: wrong,
                }),
            readPeriod,
        );
        expect(refusal).toMatchObject({
            code: 'ABS_REPORT_DOES_NOT_RECONCILE',
            details: { lines: ['scheduledPrincipal', 'closingBalance'], computed: [41_000, 728_000] },
        });

        const { report } = await closeAndAudit(2, PERIOD_2);
        expect(report.rollForward.closingBalance).toBe(728_000);
        expect(report.metrics).toMatchObject({ poolFactorPpm: 970_667, delinquent60PlusPpm: 68_681, smmPpm: 0 });
        expect(breachedTriggers(report)).toEqual(['DQ60_WATCH']);
        expect(report.dealTransition).toBeNull();
        expect((await dealOnInvestorPeer(() => true)).status).toBe('AMORTISING');
    });

    it('closes period 3 with a full prepayment and a default whose trigger moves the deal to early amortisation', async () => {
        await runPeriod(3, PERIOD_3);
        const { report, closedTxId } = await closeAndAudit(3, PERIOD_3);

        expect(report.rollForward.closingBalance).toBe(557_000);
        expect(report.activeLoanCount).toBe(4);
        expect(report.totals.exits).toMatchObject({ PREPAID: 1, DEFAULTED: 1 });
        expect(report.metrics).toMatchObject({
            poolFactorPpm: 742_667,
            smmPpm: 116_448,
            cprPpm: 773_648,
            mdrPpm: 72_780,
            cdrPpm: 596_176,
            cumulativeDefaultRatePpm: 66_667,
            cumulativeNetLossPpm: 66_667,
            delinquent60PlusPpm: 0,
        });
        expect(breachedTriggers(report)).toEqual(['CDR_EARLY_AMORTISATION']);
        expect(report.dealTransition).toEqual({
            from: 'AMORTISING',
            to: 'EARLY_AMORTISATION',
            triggerId: 'CDR_EARLY_AMORTISATION',
        });

        const deal = await dealOnInvestorPeer((d) => d.status === 'EARLY_AMORTISATION');
        expect(deal.status).toBe('EARLY_AMORTISATION');
        expect(deal.statusHistory.map(({ from, to, cause }) => [from, to, cause])).toEqual([
            [null, 'STRUCTURING', 'ISSUER'],
            ['STRUCTURING', 'CUT_OFF', 'POOL_CUT_OFF'],
            ['CUT_OFF', 'ISSUED', 'ISSUER'],
            ['ISSUED', 'REVOLVING', 'ISSUER'],
            ['REVOLVING', 'AMORTISING', 'ISSUER'],
            ['AMORTISING', 'EARLY_AMORTISATION', 'TRIGGER'],
        ]);
        expect(deal.statusHistory.at(-1)).toMatchObject({
            triggerId: 'CDR_EARLY_AMORTISATION',
            periodNo: 3,
            txId: closedTxId,
        });

        const seriesOf = (contract: OrgConnection['contract']): Promise<unknown> =>
            evaluateJson(contract, 'AbsReport:GetMetricsSeries', { dealId });
        const series = (await seriesOf(investor.contract)) as { series: { closingBalance: number }[] };
        expect(series).toEqual(await seriesOf(bank.contract));
        expect(series.series.map((point) => point.closingBalance)).toEqual([769_000, 728_000, 557_000]);
    });

    it('refuses to close period 3 twice with ABS_PERIOD_CLOSED and writes nothing', async () => {
        const closedTxId = (await bankPeriod(3)).closedTxId;
        const readClosed = async (): Promise<unknown> => [
            await evaluateJson(investor.contract, 'AbsReport:GetPeriodReport', { dealId, periodNo: 3 }),
            await evaluateJson(investor.contract, 'AbsPool:GetPool', { dealId }),
            await evaluateJson(bank.contract, 'AbsDeal:GetDeal', { dealId }),
        ];
        const refusal = await refusedWithoutWrites(
            () =>
                submitPrivate(bank.contract, 'AbsReport:ClosePeriod', {
                    dealId,
                    periodNo: 3,
                    reportFingerprint: saltedFingerprint('servicer report 3, sent again'),
                    servicerReport: PERIOD_3.servicerReport,
                }),
            readClosed,
        );
        expect(refusal).toMatchObject({ code: 'ABS_PERIOD_CLOSED', details: { dealId, periodNo: 3, closedTxId } });
    });

    it("gives each close a pool root covering the period's purchase, each proved consistent with the earlier ones", async () => {
        // The investor reads every root from its own peer and recomputes the first purchase's leaf from public fields.
        const rootOf = async (periodNo: number): Promise<PoolRoot> => {
            const { dealId: of, ...root } = await evaluateJson<PoolRoot & { dealId: string }>(
                investor.contract,
                'AbsPool:GetPoolRoot',
                { dealId, periodNo },
            );
            expect(of).toBe(dealId);
            return root;
        };
        const roots = [await rootOf(0), await rootOf(1), await rootOf(2), await rootOf(3)];
        const bought = await evaluateJson<{ loan: LoanRecord }>(investor.contract, 'AbsPool:GetLoan', {
            dealId,
            loanId: book.loanId(BOUGHT_IN_PERIOD_1.label),
        });
        const log = [
            ...tapeLabels.map((label) => tapeLeaf(book.loanId(label), book.loanFingerprint(label))),
            purchaseLeaf({
                acquisition: 'REVOLVING_PURCHASE',
                evidence: bought.loan.acquisitionEvidence!,
                fingerprint: bought.loan.fingerprint,
                loanId: bought.loan.loanId,
                periodNo: 1,
            }),
        ];
        expect(roots).toEqual([
            { periodNo: 0, size: 5, root: cutOff.tapeRoot },
            { periodNo: 1, size: 6, root: toHex(merkleRoot(log)) },
            { periodNo: 2, size: 6, root: toHex(merkleRoot(log)) },
            { periodNo: 3, size: 6, root: toHex(merkleRoot(log)) },
        ]);
        for (const [from, to] of [
            [0, 1],
            [0, 3],
            [1, 3],
        ] as const) {
            const answer = await evaluateJson<PoolRootConsistency>(
                investor.contract,
                'AbsPool:GetPoolRootConsistency',
                { dealId, fromPeriod: from, toPeriod: to },
            );
            const anchor = { dealId, from: roots[from]!, to: roots[to]! };
            expect(verifyPoolRootConsistency(answer, anchor), `${from}→${to}`).toEqual({ ok: true, failures: [] });
        }
        const notYet = await chaincodeErrorOf(
            evaluateJson(investor.contract, 'AbsPool:GetPoolRoot', { dealId, periodNo: 4 }),
        );
        expect(notYet).toMatchObject({ code: 'ABS_POOL_ROOT_NOT_FOUND', details: { dealId, periodNo: 4 } });
    });

    it('shows loan-level amounts to the Bank and Investor only, and never puts them in a block', async () => {
        const request = { dealId, loanId: book.loanId('E') };
        const fromInvestor = await evaluateJson<LoanAmountsView>(investor.contract, 'AbsPool:GetLoanAmounts', request);
        expect(await evaluateJson(bank.contract, 'AbsPool:GetLoanAmounts', request)).toEqual(fromInvestor);
        expect(fromInvestor.amounts).toMatchObject({
            originalPrincipal: 50_000,
            currentPrincipal: 0,
            defaultedPrincipal: 50_000,
        });
        expect(fromInvestor.rows.map((row) => [row.periodNo, row.closingBalance, row.defaultedPrincipal])).toEqual([
            [1, 50_000, 0],
            [2, 50_000, 0],
            [3, 0, 50_000],
        ]);
        const { loan } = await evaluateJson<{ loan: LoanRecord }>(investor.contract, 'AbsPool:GetLoan', request);
        expect(loan.status).toBe('DEFAULTED');
        expect(loan.amountsDigest).toBe(digestOf(fromInvestor.amounts));

        for (const peer of ['PlatformMSP', 'BankMSP']) {
            const platformReads = evaluateOn(platform.contract, 'AbsPool:GetLoanAmounts', request, peer);
            expect(await chaincodeErrorOf(platformReads)).toMatchObject({
                code: 'ACCESS_DENIED',
                details: { mspId: 'PlatformMSP' },
            });
            expect(await answeringOrgs(platformReads)).toEqual([peer]);
        }
        // Nor does the Platform's peer hold them: even a collection member reading there gets nothing.
        const onPlatformPeer = evaluateOn(investor.contract, 'AbsPool:GetLoanAmounts', request, 'PlatformMSP');
        expect((await chaincodeErrorOf(onPlatformPeer)).code).toBe('ABS_PRIVATE_DATA_UNAVAILABLE');
        expect(await answeringOrgs(onPlatformPeer)).toEqual(['PlatformMSP']);

        // The block of the first tape batch, as every channel member receives it: loan IDs, no amounts, no salts.
        const block = await platform.gateway
            .getNetwork(CHANNEL)
            .getContract('qscc')
            .evaluateTransaction('GetBlockByTxID', CHANNEL, firstTapeBatch!.txId);
        const text = Buffer.from(block).toString('latin1');
        expect(text).toContain(book.loanId('A'));
        expect(text).not.toContain('currentPrincipal');
        for (const amounts of firstTapeBatch!.amounts) {
            expect(text).not.toContain(amounts.salt);
        }
    });
});
