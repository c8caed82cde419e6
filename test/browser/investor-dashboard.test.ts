import { readFile } from 'node:fs/promises';
import {
    type AcknowledgementRecord,
    type CutOffRecord,
    type DealRecord,
    type PeriodRecord,
    type RollForward,
} from '@lendledger/domain';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dealRequest } from '../../chaincode/src/abs/testing/abs-harness.ts';
import { parseCsv, UTF8_BOM } from '../../web/src/app/investor/csv.ts';
import {
    AbsDealBook,
    cashCollectedBy,
    reportCashAtGateway,
    rollForward,
    type TestLoan,
    type TestRow,
} from '../support/abs-data.ts';
import {
    appUrl,
    expectAccessible,
    launchBrowser,
    saveScreenshot,
    signedInContext,
    VIEWPORTS,
    watchForErrors,
} from '../support/browser.ts';
import { gatewayAs, ok, type GatewayClient, type GatewayResponse } from '../support/gateway-client.ts';
import { saltedFingerprint } from '../support/ledger-data.ts';
import { withPoolEvidence } from '../support/pool-loans.ts';
import { onceDiscovered, UNSETTLED } from '../support/discovery.ts';
import { eventually, everyPeerHas, testNetwork, uniqueCode } from '../support/test-network.ts';

/*
 * The investor dashboard in Chromium against the real network. The Bank issues a deal held by the Investor
 * (test/gateway/abs-period-http.test.ts's three-loan tape) and closes two periods through its gateway; the Investor
 * then reads it at its own gateway's web application, and Investor2, not a holder, does not see it.
 *
 * P1: A −8 000, B −12 000 and prepays 38 000, C 40 days past due.         450 000 → 392 000
 * P2: A −8 000, B −10 000 and prepays 20 000, C 70 days past due (61–90). 392 000 → 354 000
 */

const TAPE: readonly TestLoan[] = [
    { label: 'A', original: 200_000, current: 200_000, rateBps: 1200, originalTerm: 24, remainingTerm: 24 },
    { label: 'B', original: 150_000, current: 150_000, rateBps: 1000, originalTerm: 12, remainingTerm: 12 },
    { label: 'C', original: 100_000, current: 100_000, rateBps: 1800, originalTerm: 12, remainingTerm: 12 },
];

const PERIODS: readonly { rows: readonly TestRow[]; report: RollForward }[] = [
    {
        rows: [
            { label: 'A', status: 'CURRENT', remainingTerm: 23, scheduled: 8_000, closing: 192_000 },
            { label: 'B', status: 'CURRENT', remainingTerm: 11, scheduled: 12_000, prepaid: 38_000, closing: 100_000 },
            { label: 'C', status: 'DPD_31_60', daysPastDue: 40, remainingTerm: 12, scheduled: 0, closing: 100_000 },
        ],
        report: rollForward({
            openingBalance: 450_000,
            scheduledPrincipal: 20_000,
            prepaidPrincipal: 38_000,
            closingBalance: 392_000,
        }),
    },
    {
        rows: [
            { label: 'A', status: 'CURRENT', remainingTerm: 22, scheduled: 8_000, closing: 184_000 },
            { label: 'B', status: 'CURRENT', remainingTerm: 10, scheduled: 10_000, prepaid: 20_000, closing: 70_000 },
            { label: 'C', status: 'DPD_61_90', daysPastDue: 70, remainingTerm: 12, scheduled: 0, closing: 100_000 },
        ],
        report: rollForward({
            openingBalance: 392_000,
            scheduledPrincipal: 18_000,
            prepaidPrincipal: 20_000,
            closingBalance: 354_000,
        }),
    },
];

/** `GET …/periods/:periodNo`. */
interface PeriodView {
    readonly period: PeriodRecord;
    readonly reportDigest: string;
}

/** The percentage the page must show for a ppm figure, computed here independently of the page's formatter. */
const percent = (ppm: number): string => `${(ppm / 10_000).toFixed(4)}%`;

const network = testNetwork();
const dealId = uniqueCode('ABS-WEB');
const deal = `/v1/abs/deals/${dealId}`;
const book = new AbsDealBook(dealId);
let browser: Browser;
let bank: GatewayClient;
let investor: GatewayClient;
/** The deal's account bank (Bank2MSP), whose cash reports let the periods close. */
let accountBank: GatewayClient;
let cutOff: CutOffRecord;

/**
 * A write of the seeding, answered once every member's peer has its block: each next step is endorsed by the
 * investor's peer too, which must already hold the step before it. A 503 while the writer's peer does not yet find
 * the investor's through discovery is repeated as its Retry-After says (nothing was endorsed), bounded.
 */
async function settled<T>(send: () => Promise<GatewayResponse<T>>): Promise<T> {
    const body = await onceDiscovered(async () => {
        const response = await send();
        const detail = (response.body as { detail?: unknown } | undefined)?.detail;
        if (response.status === 503 && typeof detail === 'string' && UNSETTLED.test(detail)) {
            throw new Error(detail);
        }
        return ok(response);
    });
    const { blockNumber } = body as { blockNumber?: unknown };
    if (typeof blockNumber !== 'number') {
        throw new Error(`a write answered no blockNumber: ${JSON.stringify(body)}`);
    }
    await everyPeerHas(network, blockNumber);
    return body;
}

/** The Bank structures the deal, cuts off the tape and closes two periods, all through its REST gateway. */
async function seedDeal(): Promise<void> {
    await settled(() => bank.post('/v1/abs/deals', dealRequest({ dealId, investors: ['InvestorMSP'] })));
    // A loan enters the pool only with its contract-signing and disbursement evidence.
    await withPoolEvidence(
        network,
        TAPE.map((loan) => book.loanRef(loan.label)),
    );
    const parts = TAPE.map((loan) => book.loanParts(loan));
    await settled(() =>
        bank.post(`${deal}/pool/tape-batches`, {
            batchId: 'tape-1',
            loans: parts.map((p) => p.row),
            amounts: parts.map((p) => p.amounts),
        }),
    );
    cutOff = (
        await settled(() =>
            bank.post<{ result: CutOffRecord }>(`${deal}/pool/cut-off`, {
                expectedLoanCount: TAPE.length,
                expectedTapeRoot: book.tapeRoot(TAPE.map((loan) => loan.label)),
                tapeFingerprint: saltedFingerprint(`loan tape of ${dealId}`),
            }),
        )
    ).result;
    for (const to of ['ISSUED', 'REVOLVING']) {
        await settled(() => bank.post(`${deal}/transitions`, { to }));
    }
    for (const [index, period] of PERIODS.entries()) {
        const periodNo = index + 1;
        await settled(() =>
            bank.post(`${deal}/periods`, {
                periodNo,
                startDate: `2026-0${periodNo + 1}-01`,
                endDate: `2026-0${periodNo + 1}-28`,
            }),
        );
        const rows = period.rows.map((row) => book.rowParts(row, periodNo));
        await settled(() =>
            bank.post(`${deal}/periods/${periodNo}/row-batches`, {
                batchId: `p${periodNo}-a`,
                rows: rows.map((p) => p.row),
                amounts: rows.map((p) => p.amounts),
            }),
        );
        // The deal's account bank reports the cash at its own gateway, so that the close reconciles.
        await settled(() => reportCashAtGateway(accountBank, deal, periodNo, cashCollectedBy(period.rows)));
        await settled(() =>
            bank.post(`${deal}/periods/${periodNo}/close`, {
                reportFingerprint: saltedFingerprint(`servicer report ${periodNo} of ${dealId}`),
                servicerReport: period.report,
            }),
        );
    }
    // The Investor's gateway answers from its own peer: wait until that peer has committed the second close.
    await eventually(async () => {
        const view = ok(await investor.get<PeriodView>(`${deal}/periods/2`));
        return view.period.status === 'CLOSED' ? view : undefined;
    }, `period 2 of ${dealId} closed at the Investor's peer`);
}

/** Opens an application path as the Investor's User1 at the Investor's gateway. */
async function investorPage(
    path: string,
    viewport: { width: number; height: number } = VIEWPORTS.laptop,
    org: 'investor' | 'investor2' = 'investor',
): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await signedInContext(browser, network, org, 'User1', ['submitter', 'auditor'], viewport);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await page.goto(`${appUrl(network, org)}#/${path}`);
    return { page, errors, close: () => context.close() };
}

beforeAll(async () => {
    browser = await launchBrowser();
    bank = await gatewayAs(network, 'bank', 'User1', ['submitter']);
    investor = await gatewayAs(network, 'investor', 'User1', ['submitter']);
    accountBank = await gatewayAs(network, 'bank2', 'User1', ['submitter']);
    await seedDeal();
});

afterAll(async () => {
    await browser?.close();
});

describe('the investor dashboard in Chromium on the real network', () => {
    it('lists the deal the Investor holds and opens it', async () => {
        const { page, errors, close } = await investorPage('investor');
        const link = page.getByRole('link', { name: dealId });
        await link.waitFor();
        await expectAccessible(page);
        await saveScreenshot(page, 'investor-deals-laptop');
        await link.click();
        await page.getByRole('heading', { level: 1, name: `交易 ${dealId}` }).waitFor();
        expect(errors).toEqual([]);
        await close();
    });

    it.each(Object.entries(VIEWPORTS))(
        'shows each period’s CPR as the API reports it and draws the five metric charts (%s)',
        async (name, viewport) => {
            const { page, errors, close } = await investorPage(`investor/deals/${dealId}`, viewport);
            const cpr = (periodNo: number): Promise<string | null> =>
                page.locator(`tr[data-period="${periodNo}"] td[data-metric="cpr"]`).textContent();
            await page.locator('tr[data-period="2"]').waitFor();
            for (const periodNo of [1, 2]) {
                const { period } = ok(await investor.get<PeriodView>(`${deal}/periods/${periodNo}`));
                expect(period.report!.metrics.cprPpm).toBeGreaterThan(0);
                expect(await cpr(periodNo)).toBe(percent(period.report!.metrics.cprPpm));
            }
            // The pool now: the balance in exact yuan from the pool's cents.
            const { pool } = ok(await investor.get<{ pool: { currentBalance: number } }>(`${deal}/pool`));
            expect(pool.currentBalance).toBe(354_000);
            expect(await page.locator('table.pool-summary').textContent()).toContain('¥3,540.00');

            const charts = page.locator('[data-chart] canvas');
            await expect.poll(() => charts.count()).toBe(5);
            // How many pixels each chart canvas has drawn (the test's types have no DOM, hence the string).
            const inked = await page.evaluate<
                number[]
            >(`[...document.querySelectorAll('[data-chart] canvas')].map((c) => {
                const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let drawn = 0;
                for (let i = 3; i < pixels.length; i += 4) drawn += pixels[i] > 0 ? 1 : 0;
                return drawn;
            })`);
            expect(inked).toHaveLength(5);
            expect(inked.every((drawn) => drawn > 100)).toBe(true);
            const summaries = await page
                .locator('figure[role="img"]')
                .evaluateAll((figures) => figures.map((figure) => figure.getAttribute('aria-label') ?? ''));
            expect(summaries).toHaveLength(5);
            // The cumulative loss chart carries the deal's early amortisation trigger at its 5% threshold.
            expect(summaries.join('\n')).toContain('CDR_EARLY_AMORTISATION（> 5.0000%）');

            await expectAccessible(page);
            await saveScreenshot(page, `investor-deal-${name}`);
            expect(errors).toEqual([]);
            await close();
        },
    );

    it('exports the period metrics as a CSV file whose CPR column is the API’s', async () => {
        const { page, errors, close } = await investorPage(`investor/deals/${dealId}`);
        await page.locator('tr[data-period="2"]').waitFor();
        const [download] = await Promise.all([
            page.waitForEvent('download'),
            page.getByRole('button', { name: '导出各期指标（CSV）' }).click(),
        ]);
        expect(download.suggestedFilename()).toBe(`${dealId}-metrics.csv`);
        const text = await readFile((await download.path())!, 'utf8');
        expect(text.startsWith(UTF8_BOM)).toBe(true);
        const [header, ...rows] = parseCsv(text);
        const column = (name: string): string[] => rows.map((row) => row[header!.indexOf(name)]!);
        const series = ok(
            await investor.get<{ series: { periodNo: number; metrics: { cprPpm: number } }[] }>(`${deal}/metrics`),
        ).series;
        expect(column('period_no')).toEqual(['1', '2']);
        expect(column('cpr_annualised_ppm')).toEqual(series.map((point) => String(point.metrics.cprPpm)));
        expect(errors).toEqual([]);
        await close();
    });

    it.each(Object.entries(VIEWPORTS))(
        'shows a period report’s digest and acknowledges it; the API then lists the acknowledgement (%s)',
        async (name, viewport) => {
            const periodNo = name === 'laptop' ? 1 : 2;
            const { reportDigest, period } = ok(await investor.get<PeriodView>(`${deal}/periods/${periodNo}`));
            const { page, errors, close } = await investorPage(
                `investor/deals/${dealId}/periods/${periodNo}`,
                viewport,
            );
            const digest = page.locator('code[data-digest]');
            await digest.waitFor();
            expect(await digest.textContent()).toBe(reportDigest);
            expect(await page.locator('td[data-metric="cpr"]').textContent()).toBe(
                percent(period.report!.metrics.cprPpm),
            );
            await expectAccessible(page);
            await page.getByRole('button', { name: '确认报告' }).click();
            await expect
                .poll(() => page.getByRole('status').allTextContents())
                .toContainEqual(expect.stringContaining(`已确认此报告，摘要 ${reportDigest}`));
            const acks = ok(
                await investor.get<{ items: AcknowledgementRecord[] }>(`${deal}/periods/${periodNo}/acknowledgements`),
            ).items;
            expect(acks).toEqual([
                expect.objectContaining({ investorMspId: 'InvestorMSP', reportDigest, statementCode: 'REVIEWED' }),
            ]);
            // The page re-reads the acknowledgements after the write and lists the new one.
            await expect.poll(() => page.locator('table td code').allTextContents()).toContain(reportDigest);
            await saveScreenshot(page, `investor-report-${name}`);
            expect(errors).toEqual([]);
            await close();
        },
    );

    it.each(Object.entries(VIEWPORTS))(
        'checks a loan’s inclusion in the cut-off tape in the browser (%s)',
        async (name, viewport) => {
            const loanId = book.loanId('B');
            const { page, errors, close } = await investorPage(`investor/deals/${dealId}/loans/${loanId}`, viewport);
            const verdict = page.locator('[data-proof]');
            await verdict.waitFor();
            expect(await verdict.getAttribute('data-proof')).toBe('included');
            expect(await verdict.textContent()).toContain(
                `已包含在贷款清单根 ${cutOff.tapeRoot} 中（第 2 笔，共 3 笔）`,
            );
            await expectAccessible(page);
            await saveScreenshot(page, `investor-loan-${name}`);
            expect(errors).toEqual([]);
            await close();
        },
    );

    it('shows a proof whose audit path was altered on the way as failed: the browser checks it itself', async () => {
        const loanId = book.loanId('B');
        const { page, errors, close } = await investorPage('investor');
        await page.route('**/proof', async (route) => {
            const response = await route.fetch();
            const proof = (await response.json()) as { proof: string[] };
            const [first, ...rest] = proof.proof;
            const altered = `${first![0] === '0' ? '1' : '0'}${first!.slice(1)}`;
            await route.fulfill({ response, json: { ...proof, proof: [altered, ...rest] } });
        });
        await page.goto(`${appUrl(network, 'investor')}#/investor/deals/${dealId}/loans/${loanId}`);
        const verdict = page.locator('[data-proof]');
        await verdict.waitFor();
        expect(await verdict.getAttribute('data-proof')).toBe('failed');
        expect(await verdict.textContent()).toContain('审计路径无法推导出清单根');
        expect(errors).toEqual([]);
        await close();
    });

    it('does not show the deal to Investor2, which does not hold it, and refuses its page with the API’s code', async () => {
        const atInvestor2 = await gatewayAs(network, 'investor2', 'User1', ['submitter']);
        const listed = ok(await atInvestor2.get<{ items: DealRecord[] }>('/v1/abs/deals?pageSize=1000'));
        expect(listed.items.map((d) => d.dealId)).not.toContain(dealId);

        const { page, errors, close } = await investorPage('investor', VIEWPORTS.laptop, 'investor2');
        await page.getByRole('heading', { level: 2, name: '我持有的交易' }).waitFor();
        await expect.poll(() => page.locator('main').textContent()).not.toContain('加载中');
        expect(await page.locator('main').textContent()).not.toContain(dealId);
        await page.goto(`${appUrl(network, 'investor2')}#/investor/deals/${dealId}`);
        const alert = page.getByRole('alert');
        await alert.waitFor();
        expect(await alert.textContent()).toContain('ABS_NOT_DEAL_PARTY');
        expect(errors).toEqual([]);
        await close();
    });
});
