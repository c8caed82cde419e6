import {
    type DealRecord,
    type PeriodRecord,
    periodWaterfall,
    type TriggerDefinition,
    type WaterfallRecord,
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
 * Issue 16, item 3, on the real network through the members' own gateways: a deal with a senior, a mezzanine and a
 * subordinated tranche, a servicer fee and a trustee fee runs two periods. The bank closes them; the holder reads
 * each period's waterfall at its own gateway and recomputes it with the pure function from what it reads (the deal,
 * the period report, the previous waterfall); period 2 breaches a SEQUENTIAL_PAY trigger. A member that holds
 * nothing is refused. Amounts in fen (docs/abs-waterfall.md).
 *
 *   pool A 500 000, B 300 000, C 200 000 = 1 000 000; tranches A 800 000 @ 2.60%, B 70 000 @ 3.20%, SUB 130 000
 *   P1 Feb (28 d): A −50 000, B −30 000, C 40 days past due; interest collections 8 000 → pro rata
 *   P2 Mar (31 d): A −50 000, B −30 000, C 71 days past due: 60+ = 200 000 / 840 000 → 238 095 ppm > 100 000,
 *      DQ60_SEQUENTIAL breached → sequential; interest collections 7 000
 */

/** What a write answers over REST. */
interface Committed<T> {
    readonly txId: string;
    readonly result: T;
}

/** `GET …/periods/:periodNo`. */
interface PeriodView {
    readonly period: PeriodRecord;
}

const LOANS: readonly TestLoan[] = [
    { label: 'A', original: 500_000, current: 500_000, rateBps: 1200, originalTerm: 12, remainingTerm: 12 },
    { label: 'B', original: 300_000, current: 300_000, rateBps: 1000, originalTerm: 12, remainingTerm: 12 },
    { label: 'C', original: 200_000, current: 200_000, rateBps: 1800, originalTerm: 12, remainingTerm: 12 },
];

const TRANCHES = [
    { trancheId: 'A', originalBalance: 800_000, rank: 1, couponBps: 260, rating: 'AAA' },
    { trancheId: 'B', originalBalance: 70_000, rank: 2, couponBps: 320, rating: 'AA' },
    { trancheId: 'SUB', originalBalance: 130_000, rank: 3, couponBps: 0 },
];
const TERMS = { servicerFeeBps: 30, fees: [{ feeId: 'TRUSTEE', amount: 500 }], principalPayment: 'PRO_RATA' };
const SEQUENTIAL_ON_DQ60: TriggerDefinition = {
    triggerId: 'DQ60_SEQUENTIAL',
    metric: 'DELINQUENCY_60_PLUS',
    comparator: 'GT',
    thresholds: [{ fromPeriod: 1, valuePpm: 100_000 }],
    consequence: 'SEQUENTIAL_PAY',
};

interface PeriodPlan {
    readonly periodNo: number;
    readonly dates: readonly [string, string];
    readonly rows: readonly TestRow[];
    readonly closing: number;
    readonly interestCollections: number;
}

const PERIODS: readonly PeriodPlan[] = [
    {
        periodNo: 1,
        dates: ['2026-02-01', '2026-02-28'],
        rows: [
            { label: 'A', status: 'CURRENT', remainingTerm: 11, scheduled: 50_000, closing: 450_000 },
            { label: 'B', status: 'CURRENT', remainingTerm: 11, scheduled: 30_000, closing: 270_000 },
            { label: 'C', status: 'DPD_31_60', daysPastDue: 40, remainingTerm: 12, scheduled: 0, closing: 200_000 },
        ],
        closing: 920_000,
        interestCollections: 8_000,
    },
    {
        periodNo: 2,
        dates: ['2026-03-01', '2026-03-31'],
        rows: [
            { label: 'A', status: 'CURRENT', remainingTerm: 10, scheduled: 50_000, closing: 400_000 },
            { label: 'B', status: 'CURRENT', remainingTerm: 10, scheduled: 30_000, closing: 240_000 },
            { label: 'C', status: 'DPD_61_90', daysPastDue: 71, remainingTerm: 12, scheduled: 0, closing: 200_000 },
        ],
        closing: 840_000,
        interestCollections: 7_000,
    },
];

/** Fees, interest and principal paid plus the residual. */
function paidOut(record: WaterfallRecord): number {
    const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
    return (
        sum(record.fees.map((fee) => fee.paid)) +
        sum(record.tranches.map((tranche) => tranche.interestPaid + tranche.principalPaid)) +
        record.residual
    );
}

/** Expects a 403 problem+json with `code`; the refusal never carries the waterfall's figures. */
function refused(response: GatewayResponse<unknown>, code: string): Record<string, unknown> {
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 403, code });
    expect(JSON.stringify(response.body)).not.toMatch(/tranches|principalPaid|interestPaid/);
    return response.body as Record<string, unknown>;
}

describe('the payment waterfall of closed periods, read by the holder at its own gateway', () => {
    const network = testNetwork();
    const book = new AbsDealBook(uniqueCode('ABS-WF'));
    const dealPath = `/v1/abs/deals/${book.dealId}`;
    let bank: GatewayClient;
    let investor: GatewayClient;
    let investor2: GatewayClient;
    let bank2: GatewayClient;
    let platform: GatewayClient;
    const waterfalls = new Map<number, WaterfallRecord>();

    beforeAll(async () => {
        bank = await gatewayAs(network, 'bank');
        investor = await gatewayAs(network, 'investor');
        investor2 = await gatewayAs(network, 'investor2');
        bank2 = await gatewayAs(network, 'bank2');
        platform = await gatewayAs(network, 'platform');
    });

    /** A read at `client`'s gateway, polled until its peer has committed what `ready` waits for. */
    const readWhen = <T>(client: GatewayClient, path: string, ready: (value: T) => boolean): Promise<T> =>
        eventually(async () => {
            const response = await client.get<T>(path);
            return response.status === 200 && ready(response.body) ? response.body : undefined;
        }, `GET ${path} at ${client.baseUrl}`);

    it('structures the deal with three tranches and its fees, loads the pool and starts it revolving', async () => {
        const created = ok(
            await bank.post<Committed<DealRecord>>(
                '/v1/abs/deals',
                dealRequest({
                    dealId: book.dealId,
                    investors: ['InvestorMSP'],
                    tranches: TRANCHES,
                    triggers: [SEQUENTIAL_ON_DQ60],
                    waterfall: TERMS,
                }),
            ),
        );
        expect(created.result).toMatchObject({ tranches: TRANCHES, waterfall: TERMS });
        // A loan enters the pool only with its contract-signing and disbursement evidence.
        await withPoolEvidence(
            network,
            LOANS.map((loan) => book.loanRef(loan.label)),
        );
        const parts = LOANS.map((loan) => book.loanParts(loan));
        ok(
            await bank.post(`${dealPath}/pool/tape-batches`, {
                batchId: 'tape-1',
                loans: parts.map((p) => p.row),
                amounts: parts.map((p) => p.amounts),
            }),
        );
        const labels = LOANS.map((loan) => loan.label);
        ok(
            await bank.post(`${dealPath}/pool/cut-off`, {
                expectedLoanCount: labels.length,
                expectedTapeRoot: book.tapeRoot(labels),
                tapeFingerprint: saltedFingerprint(`loan tape of ${book.dealId}`),
            }),
        );
        for (const to of ['ISSUED', 'REVOLVING']) {
            ok(await bank.post(`${dealPath}/transitions`, { to }));
        }
    });

    for (const plan of PERIODS) {
        it(`closes period ${plan.periodNo} through the gateway; the holder recomputes its waterfall to the fen`, async () => {
            const { periodNo } = plan;
            ok(
                await bank.post(`${dealPath}/periods`, {
                    periodNo,
                    startDate: plan.dates[0],
                    endDate: plan.dates[1],
                }),
            );
            const rows = plan.rows.map((row) => book.rowParts(row, periodNo));
            ok(
                await bank.post(`${dealPath}/periods/${periodNo}/row-batches`, {
                    batchId: `p${periodNo}`,
                    rows: rows.map((p) => p.row),
                    amounts: rows.map((p) => p.amounts),
                }),
            );
            // The account bank (Bank2MSP) reports the cash at its own gateway: what the rows collected and the interest.
            ok(
                await reportCashAtGateway(
                    bank2,
                    dealPath,
                    periodNo,
                    cashCollectedBy(plan.rows, plan.interestCollections),
                ),
            );
            const opening = periodNo === 1 ? 1_000_000 : PERIODS[periodNo - 2]!.closing;
            const closed = ok(
                await bank.post<Committed<PeriodRecord>>(`${dealPath}/periods/${periodNo}/close`, {
                    reportFingerprint: saltedFingerprint(`servicer report ${periodNo} of ${book.dealId}`),
                    servicerReport: rollForward({
                        openingBalance: opening,
                        scheduledPrincipal: opening - plan.closing,
                        closingBalance: plan.closing,
                    }),
                    interestCollections: plan.interestCollections,
                }),
            );

            const record = await readWhen<WaterfallRecord>(
                investor,
                `${dealPath}/periods/${periodNo}/waterfall`,
                () => true,
            );
            const { period } = ok(await investor.get<PeriodView>(`${dealPath}/periods/${periodNo}`));
            const deal = ok(await investor.get<DealRecord>(dealPath));
            expect(period.closedTxId).toBe(closed.txId);
            const recomputed = periodWaterfall({
                deal,
                period: { ...period, report: period.report! },
                interestCollections: plan.interestCollections,
                previous: waterfalls.get(periodNo - 1) ?? null,
            });
            expect(record).toEqual({ ...recomputed, txId: closed.txId, time: period.closedAt });
            expect(ok(await bank.get<WaterfallRecord>(`${dealPath}/periods/${periodNo}/waterfall`))).toEqual(record);

            expect(paidOut(record)).toBe(record.available.total);
            expect(record.available.total).toBe(plan.interestCollections + (opening - plan.closing));
            waterfalls.set(periodNo, record);
        });
    }

    it('paid period 1 pro rata and period 2, after the trigger, sequentially from period 1’s balances', () => {
        const [first, second] = [waterfalls.get(1)!, waterfalls.get(2)!];
        // Servicer ⌊1 000 000 × 30 × 28 / 3 650 000⌋ = 230, trustee 500; A ⌊800 000 × 260 × 28 / 3 650 000⌋ = 1 595.
        expect(first.fees).toEqual([
            { feeId: 'SERVICER', due: 230, paid: 230 },
            { feeId: 'TRUSTEE', due: 500, paid: 500 },
        ]);
        expect(first.tranches[0]).toMatchObject({ trancheId: 'A', interestDue: 1_595, interestPaid: 1_595 });
        expect(first).toMatchObject({ principalPayment: 'PRO_RATA', sequentialSince: null });
        expect(first.tranches.map((t) => t.principalPaid > 0)).toEqual([true, true, false]);

        expect(second).toMatchObject({
            principalPayment: 'SEQUENTIAL',
            sequentialSince: { periodNo: 2, triggerId: 'DQ60_SEQUENTIAL' },
        });
        expect(second.tranches.map((t) => t.openingBalance)).toEqual(first.tranches.map((t) => t.closingBalance));
        const [a, b, sub] = second.tranches;
        expect(a!.principalPaid).toBe(second.funds.principalAvailable + second.defaultCover);
        expect(b!.principalPaid).toBe(0);
        expect(sub!.principalPaid).toBe(0);
    });

    it('refuses the waterfall to members that hold nothing of the deal, with 403 problems', async () => {
        const path = `${dealPath}/periods/1/waterfall`;
        for (const [client, mspId] of [
            [investor2, 'Investor2MSP'],
            [bank2, 'Bank2MSP'],
        ] as const) {
            expect(refused(await client.get(path), 'ABS_NOT_DEAL_PARTY').details).toMatchObject({
                dealId: book.dealId,
                mspId,
            });
        }
        refused(await platform.get(path), 'ACCESS_DENIED');
    });
});
