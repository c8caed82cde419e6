import {
    type AcknowledgementRecord,
    addCumulative,
    computePeriodMetrics,
    type CutOffRecord,
    type DealRecord,
    emptyCumulativeTotals,
    evaluateTriggers,
    type LoanAmountsRecord,
    type LoanRecord,
    type PeriodRecord,
    type PeriodRowAmounts,
    type PoolRecord,
    type RollForward,
    rollForwardOf,
} from '@lendledger/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { dealRequest } from '../../chaincode/src/abs/testing/abs-harness.ts';
import {
    AbsDealBook,
    cashCollectedBy,
    reportCashAtGateway,
    rollForward,
    type TestLoan,
    type TestRow,
} from '../support/abs-data.ts';
import { gatewayAs, ok, type GatewayClient, type GatewayResponse } from '../support/gateway-client.ts';
import { saltedFingerprint } from '../support/ledger-data.ts';
import { withPoolEvidence } from '../support/pool-loans.ts';
import { eventually, testNetwork, uniqueCode } from '../support/test-network.ts';

/*
 * One ABS collection period over HTTP, through the organisations' own REST gateways: the Bank structures a deal,
 * loads and cuts off a three-loan tape, runs period 1 and closes it; the Investor, at its own gateway, reads the
 * report, recomputes it and acknowledges it. Loan-level amounts go in the body member `amounts`, which the gateway
 * sends as the transient field `loans` endorsed by the Bank and the Investor only. The first period of
 * test/abs/deal-lifecycle.test.ts with smaller numbers (minor units; ratios in ppm, half to even).
 *
 * CUT-OFF TAPE   original   current  rate bps  term  remaining
 *   A             200 000   200 000     1 200    24         24
 *   B             150 000   150 000     1 000    12         12
 *   C             100 000   100 000     1 800    12         12
 *   B0 = 450 000
 *
 * P1 (REVOLVING) A −8 000, B −12 000 and prepays 38 000, C 40 days past due (DPD_31_60), nothing paid.
 *   450 000 − 20 000 − 38 000 = 392 000; pool factor 392 000 / 450 000 → 871 111
 *   exposed D = 450 000 − 20 000 = 430 000; SMM 38 000 / 430 000 → 88 372 ppm
 *   buckets: CURRENT 2 / 292 000 → 744 898; DPD_31_60 1 / 100 000 → 255 102; no trigger breached
 */

const TAPE: readonly TestLoan[] = [
    { label: 'A', original: 200_000, current: 200_000, rateBps: 1200, originalTerm: 24, remainingTerm: 24 },
    { label: 'B', original: 150_000, current: 150_000, rateBps: 1000, originalTerm: 12, remainingTerm: 12 },
    { label: 'C', original: 100_000, current: 100_000, rateBps: 1800, originalTerm: 12, remainingTerm: 12 },
];

const PERIOD_1_ROWS: readonly TestRow[] = [
    { label: 'A', status: 'CURRENT', remainingTerm: 23, scheduled: 8_000, closing: 192_000 },
    { label: 'B', status: 'CURRENT', remainingTerm: 11, scheduled: 12_000, prepaid: 38_000, closing: 100_000 },
    { label: 'C', status: 'DPD_31_60', daysPastDue: 40, remainingTerm: 12, scheduled: 0, closing: 100_000 },
];

const PERIOD_1_SERVICER_REPORT: RollForward = rollForward({
    openingBalance: 450_000,
    scheduledPrincipal: 20_000,
    prepaidPrincipal: 38_000,
    closingBalance: 392_000,
});

/** What a write answers over REST: the chaincode's result with the transaction that committed it. */
interface Committed<T> {
    readonly txId: string;
    readonly blockNumber: number;
    readonly result: T;
}

/** The RFC 9457 problem document of a refusal, with the chaincode's details when the chaincode refused. */
interface Problem {
    readonly status: number;
    readonly code: string;
    readonly details?: Record<string, unknown>;
}

/** `GET …/periods/:periodNo`. */
interface PeriodView {
    readonly period: PeriodRecord;
    readonly reportDigest: string;
}

/** `GET …/pool`. */
interface PoolView {
    readonly pool: PoolRecord;
    readonly cutOff: CutOffRecord | null;
}

/** `GET …/pool/loans/:loanId/amounts`. */
interface LoanAmountsView {
    readonly amounts: LoanAmountsRecord;
    readonly rows: PeriodRowAmounts[];
}

/** Expects a 4xx problem document with `code` and returns it. */
function problemOf(response: GatewayResponse<Problem>, code: string): Problem {
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: response.status, code });
    return response.body;
}

describe('an ABS period over HTTP, through the Bank’s and the Investor’s own gateways', () => {
    const network = testNetwork();
    const dealId = uniqueCode('ABS-HTTP');
    const deal = `/v1/abs/deals/${dealId}`;
    const book = new AbsDealBook(dealId);
    const labels = TAPE.map((loan) => loan.label);
    let bank: GatewayClient;
    let investor: GatewayClient;
    let platform: GatewayClient;
    /** The deal's account bank (Bank2MSP): it reports the cash at its own gateway. */
    let accountBank: GatewayClient;
    let cutOff: CutOffRecord;

    beforeAll(async () => {
        bank = await gatewayAs(network, 'bank', 'User1', ['submitter']);
        investor = await gatewayAs(network, 'investor', 'User1', ['submitter']);
        platform = await gatewayAs(network, 'platform', 'User1', ['submitter']);
        accountBank = await gatewayAs(network, 'bank2', 'User1', ['submitter']);
    });

    /** A read at `client`'s gateway, polled until its peer has committed what `ready` waits for. */
    const readWhen = <T>(client: GatewayClient, path: string, ready: (value: T) => boolean): Promise<T> =>
        eventually(async () => {
            const value = ok(await client.get<T>(path));
            return ready(value) ? value : undefined;
        }, `GET ${path} at ${client.baseUrl}`);

    it('structures the deal and refuses a tape batch without its amounts as a 400 that writes nothing', async () => {
        const created = ok(await bank.post<Committed<DealRecord>>('/v1/abs/deals', dealRequest({ dealId })));
        expect(created.result).toMatchObject({ dealId, status: 'STRUCTURING', issuerMspId: 'BankMSP' });
        expect(created.result.txId).toBe(created.txId);
        expect(created.blockNumber).toBeGreaterThan(0);
        // A loan enters the pool only with its contract-signing and disbursement evidence.
        await withPoolEvidence(
            network,
            labels.map((label) => book.loanRef(label)),
        );

        const parts = TAPE.map((loan) => book.loanParts(loan));
        const withoutAmounts = await bank.post<Problem & { errors: unknown[] }>(`${deal}/pool/tape-batches`, {
            batchId: 'tape-1',
            loans: parts.map((p) => p.row),
        });
        expect(withoutAmounts.status).toBe(400);
        expect(withoutAmounts.headers.get('content-type')).toContain('application/problem+json');
        expect(withoutAmounts.body.code).toBe('VALIDATION_FAILED');
        expect(JSON.stringify(withoutAmounts.body.errors)).toContain('amounts');
        const { pool } = ok(await bank.get<PoolView>(`${deal}/pool`));
        expect(pool).toMatchObject({ phase: 'OPEN', activeLoanCount: 0 });
    });

    it('loads the cut-off tape with its amounts in the body and cuts the pool off at the root the Bank computed', async () => {
        const parts = TAPE.map((loan) => book.loanParts(loan));
        const added = ok(
            await bank.post<Committed<unknown>>(`${deal}/pool/tape-batches`, {
                batchId: 'tape-1',
                loans: parts.map((p) => p.row),
                amounts: parts.map((p) => p.amounts),
            }),
        );
        expect(added.result).toEqual({ dealId, batchId: 'tape-1', loanCount: 3, tapeSize: 3, firstTapeIndex: 0 });

        const expectedTapeRoot = book.tapeRoot(labels);
        const done = ok(
            await bank.post<Committed<CutOffRecord>>(`${deal}/pool/cut-off`, {
                expectedLoanCount: labels.length,
                expectedTapeRoot,
                tapeFingerprint: saltedFingerprint(`loan tape of ${dealId}`),
            }),
        );
        cutOff = done.result;
        expect(cutOff).toMatchObject({
            dealId,
            loanCount: 3,
            initialBalance: 450_000,
            tapeRoot: expectedTapeRoot,
            tapeSize: 3,
            batchIds: ['tape-1'],
            txId: done.txId,
        });

        // The public loan records the Investor's peer holds carry a digest of the amounts, never the amounts.
        const loans = await readWhen<{ items: LoanRecord[] }>(
            investor,
            `${deal}/pool/loans`,
            (page) => page.items.length === labels.length,
        );
        expect(loans.items.map((loan) => loan.loanId).sort()).toEqual(labels.map((l) => book.loanId(l)).sort());
        expect(JSON.stringify(loans.items)).not.toContain('currentPrincipal');
        const onInvestorPeer = await readWhen<DealRecord>(investor, deal, (d) => d.status === 'CUT_OFF');
        expect(onInvestorPeer.statusHistory.map(({ from, to, cause }) => [from, to, cause])).toEqual([
            [null, 'STRUCTURING', 'ISSUER'],
            ['STRUCTURING', 'CUT_OFF', 'POOL_CUT_OFF'],
        ]);
    });

    it('issues the deal, opens period 1 and posts its loan rows with their amounts', async () => {
        for (const to of ['ISSUED', 'REVOLVING']) {
            const moved = ok(await bank.post<Committed<DealRecord>>(`${deal}/transitions`, { to }));
            expect(moved.result.status).toBe(to);
        }
        const opened = ok(
            await bank.post<Committed<PeriodRecord>>(`${deal}/periods`, {
                periodNo: 1,
                startDate: '2026-02-01',
                endDate: '2026-02-28',
            }),
        );
        expect(opened.result).toMatchObject({ dealId, periodNo: 1, status: 'OPEN', report: null });
        expect(opened.result.openedTxId).toBe(opened.txId);

        const parts = PERIOD_1_ROWS.map((row) => book.rowParts(row, 1));
        const posted = ok(
            await bank.post<Committed<unknown>>(`${deal}/periods/1/row-batches`, {
                batchId: 'p1-a',
                rows: parts.map((p) => p.row),
                amounts: parts.map((p) => p.amounts),
            }),
        );
        // The prepayment of B is the batch's one event.
        expect(posted.result).toEqual({ dealId, periodNo: 1, batchId: 'p1-a', rowCount: 3, eventCount: 1 });
    });

    it('refuses a servicer report that does not reconcile with the chaincode’s 422 problem, and leaves the period open', async () => {
        const refused = await bank.post<Problem>(`${deal}/periods/1/close`, {
            reportFingerprint: saltedFingerprint('a servicer report with a typo'),
            servicerReport: { ...PERIOD_1_SERVICER_REPORT, scheduledPrincipal: 19_000, closingBalance: 393_000 },
        });
        expect(refused.status).toBe(422);
        expect(problemOf(refused, 'ABS_REPORT_DOES_NOT_RECONCILE').details).toMatchObject({
            lines: ['scheduledPrincipal', 'closingBalance'],
            computed: [20_000, 392_000],
        });
        const { period } = ok(await bank.get<PeriodView>(`${deal}/periods/1`));
        expect(period).toMatchObject({ status: 'OPEN', closedTxId: null, report: null });
    });

    it('refuses to close while the account bank’s cash differs from the rows, with a 422 naming the figure', async () => {
        const collected = cashCollectedBy(PERIOD_1_ROWS);
        const byIssuer = await reportCashAtGateway(bank, deal, 1, collected);
        expect(byIssuer.status).toBe(403);
        expect(problemOf(byIssuer as GatewayResponse<Problem>, 'ABS_NOT_ACCOUNT_BANK').details).toMatchObject({
            accountBankMspId: 'Bank2MSP',
        });
        ok(await reportCashAtGateway(accountBank, deal, 1, { ...collected, recoveries: collected.recoveries + 500 }));
        const refused = await bank.post<Problem>(`${deal}/periods/1/close`, {
            reportFingerprint: saltedFingerprint(`servicer report 1 of ${dealId}`),
            servicerReport: PERIOD_1_SERVICER_REPORT,
        });
        expect(refused.status).toBe(422);
        expect(problemOf(refused, 'ABS_COLLECTIONS_UNRECONCILED').details).toMatchObject({
            reason: 'FIGURES_DIFFER',
            mismatches: [
                { figure: 'recoveries', servicer: collected.recoveries, accountBank: collected.recoveries + 500 },
            ],
        });
        const { period } = ok(await bank.get<PeriodView>(`${deal}/periods/1`));
        expect(period).toMatchObject({ status: 'OPEN', closedTxId: null, report: null });
        // The corrected statement replaces the report; the next test closes against it.
        ok(await reportCashAtGateway(accountBank, deal, 1, collected));
    });

    it('closes period 1; the Investor reads the report at its gateway, recomputes it and acknowledges it', async () => {
        const closed = ok(
            await bank.post<Committed<PeriodRecord>>(`${deal}/periods/1/close`, {
                reportFingerprint: saltedFingerprint(`servicer report 1 of ${dealId}`),
                servicerReport: PERIOD_1_SERVICER_REPORT,
            }),
        );
        expect(closed.result).toMatchObject({ periodNo: 1, status: 'CLOSED', closedTxId: closed.txId });

        const view = await readWhen<PeriodView>(investor, `${deal}/periods/1`, (v) => v.period.status === 'CLOSED');
        expect(view.period).toEqual(closed.result);
        expect(ok(await bank.get<PeriodView>(`${deal}/periods/1`))).toEqual(view);
        expect(view.reportDigest).toMatch(/^sha256:[0-9a-f]{64}$/);

        // The Investor's own audit: roll-forward, running totals, metrics and triggers from the public totals.
        const report = view.period.report!;
        const dealOnInvestorPeer = ok(await investor.get<DealRecord>(deal));
        expect(report.rollForward).toEqual(PERIOD_1_SERVICER_REPORT);
        expect(report.rollForward).toEqual(rollForwardOf(report.totals));
        expect(report.rollForward.openingBalance).toBe(cutOff.initialBalance);
        expect(report.cumulative).toEqual(addCumulative(emptyCumulativeTotals(), report.totals));
        expect(report.basis).toEqual({
            initialBalance: 450_000,
            cumulativeBasis: 'INITIAL_BALANCE',
            basisBalance: 450_000,
        });
        expect(computePeriodMetrics(report.totals, report.cumulative, report.basis)).toEqual(report.metrics);
        expect(evaluateTriggers(dealOnInvestorPeer.triggers, report.metrics, 1)).toEqual(report.triggers);
        expect(report.activeLoanCount).toBe(3);
        expect(report.metrics).toMatchObject({
            poolFactorPpm: 871_111,
            smmPpm: 88_372,
            mdrPpm: 0,
            cumulativeDefaultRatePpm: 0,
            delinquent60PlusPpm: 0,
        });
        expect(report.metrics.delinquency.CURRENT).toEqual({ count: 2, balance: 292_000, balancePpm: 744_898 });
        expect(report.metrics.delinquency.DPD_31_60).toEqual({ count: 1, balance: 100_000, balancePpm: 255_102 });
        expect(report.triggers.filter((trigger) => trigger.breached)).toEqual([]);
        expect(report.dealTransition).toBeNull();

        const ack = ok(
            await investor.post<Committed<AcknowledgementRecord>>(`${deal}/periods/1/acknowledgements`, {
                statementCode: 'RECOMPUTED_OK',
                reportDigest: view.reportDigest,
            }),
        );
        expect(ack.result).toMatchObject({
            dealId,
            periodNo: 1,
            investorMspId: 'InvestorMSP',
            reportDigest: view.reportDigest,
            statementCode: 'RECOMPUTED_OK',
            txId: ack.txId,
        });
        expect(ack.result.investorSubject).toContain('CN=User1@investor');

        const atInvestor = ok(
            await investor.get<{ items: AcknowledgementRecord[] }>(`${deal}/periods/1/acknowledgements`),
        );
        expect(atInvestor.items).toEqual([ack.result]);
        const atBank = await readWhen<{ items: AcknowledgementRecord[] }>(
            bank,
            `${deal}/periods/1/acknowledgements`,
            (answer) => answer.items.length > 0,
        );
        expect(atBank.items).toEqual([ack.result]);
    });

    it('shows loan amounts at the Investor’s gateway and refuses them to the Platform, not a collection member', async () => {
        const path = `${deal}/pool/loans/${book.loanId('B')}/amounts`;
        const atInvestor = ok(await investor.get<LoanAmountsView>(path));
        expect(atInvestor.amounts).toMatchObject({ originalPrincipal: 150_000, currentPrincipal: 100_000 });
        expect(atInvestor.rows.map((row) => [row.periodNo, row.prepaidPrincipal, row.closingBalance])).toEqual([
            [1, 38_000, 100_000],
        ]);
        expect(ok(await bank.get<LoanAmountsView>(path))).toEqual(atInvestor);

        const refused = await platform.get<Problem>(path);
        expect(refused.status).toBe(403);
        expect(problemOf(refused, 'ACCESS_DENIED').details).toMatchObject({ mspId: 'PlatformMSP' });
        expect(JSON.stringify(refused.body)).not.toContain('100000');
    });
});
