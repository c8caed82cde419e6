import {
    type DealRecord,
    DEFAULT_FOUNDING_MEMBERS,
    type PeriodRecord,
    periodWaterfall,
    type TriggerDefinition,
    type WaterfallRecord,
} from '@lendledger/domain';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { type MemoryLedger, MORE_MEMBERS, MORE_USERS, USERS } from '../../testing/memory-ledger.js';
import { type IdentityLike, type TestRow } from '../testing/abs-harness.js';
import { AbsDriver, rollForward } from '../testing/abs-driver.js';
import { SAMPLE_LOANS as LOANS, SAMPLE_PERIOD_1_ROWS as ROWS_1 } from '../testing/sample-pool.js';
import { ABS_OBJECTS } from '../keys.js';
import { absLedger } from '../testing/abs-ledger.js';

/*
 * The payment waterfall at ClosePeriod (docs/abs-waterfall.md): stored beside the period, chained from one period
 * to the next, switched to sequential pay by a trigger, and read by the deal's parties only. The default test deal:
 * A 775 000 at 280 bps, B 75 000 at 350 bps, SUB 150 000; pool 1 000 000.
 */

const SERVICER_1 = rollForward({ openingBalance: 1_000_000, scheduledPrincipal: 80_000, closingBalance: 920_000 });
/** Period 2: A and B pay 80 000 again, C slides to 72 days past due (60+ delinquency 200 000 / 840 000). */
const ROWS_2: readonly TestRow[] = [
    { label: 'A', status: 'CURRENT', remainingTerm: 8, scheduled: 50_000, closing: 400_000 },
    { label: 'B', status: 'CURRENT', remainingTerm: 10, scheduled: 30_000, closing: 240_000 },
    { label: 'C', status: 'DPD_61_90', daysPastDue: 72, remainingTerm: 5, scheduled: 0, closing: 200_000 },
];
const SERVICER_2 = rollForward({ openingBalance: 920_000, scheduledPrincipal: 80_000, closingBalance: 840_000 });
const SEQUENTIAL_ON_DQ60: TriggerDefinition = {
    triggerId: 'DQ60_SEQUENTIAL',
    metric: 'DELINQUENCY_60_PLUS',
    comparator: 'GT',
    thresholds: [{ fromPeriod: 1, valuePpm: 100_000 }],
    consequence: 'SEQUENTIAL_PAY',
};
const TERMS = { servicerFeeBps: 100, fees: [{ feeId: 'TRUSTEE', amount: 500 }], principalPayment: 'PRO_RATA' };
/** Breached at period 1 (pool factor 920 000 ppm), never from period 2: moves a REVOLVING deal for good. */
const EARLY_AMORTISATION_ON_FACTOR: TriggerDefinition = {
    triggerId: 'FACTOR_EARLY_AMORTISATION',
    metric: 'POOL_FACTOR',
    comparator: 'LT',
    thresholds: [
        { fromPeriod: 1, valuePpm: 950_000 },
        { fromPeriod: 2, valuePpm: 0 },
    ],
    consequence: 'EARLY_AMORTISATION',
};

/** The ClosePeriod answer: the period as stored. */
type ClosedPeriod = PeriodRecord;

/** A close's stored period: the answer itself. */
function storedPeriod(closed: ClosedPeriod): PeriodRecord {
    return closed;
}

describe('the payment waterfall of a period close', () => {
    let ledger: MemoryLedger;
    let abs: AbsDriver;

    async function issue(overrides: Readonly<Record<string, unknown>> = {}): Promise<void> {
        await abs.createDeal(overrides);
        await abs.addCutOffLoans('tape-1', LOANS);
        await abs.cutOff(LOANS);
        await abs.transition('ISSUED');
        await abs.transition('REVOLVING');
    }

    async function runPeriod(
        periodNo: number,
        extra: Readonly<Record<string, unknown>> = {},
        options: Parameters<AbsDriver['call']>[3] = {},
    ): Promise<ClosedPeriod> {
        const [dates, rows, servicer] =
            periodNo === 1
                ? [['2026-02-01', '2026-02-28'], ROWS_1, SERVICER_1]
                : [['2026-03-01', '2026-03-31'], ROWS_2, SERVICER_2];
        await abs.openPeriod(periodNo, dates[0]!, dates[1]!);
        await abs.postRows(periodNo, `rows-${periodNo}`, rows);
        const { interestCollections } = extra;
        if (Number.isSafeInteger(interestCollections) && (interestCollections as number) >= 0) {
            // The account bank received the interest the servicer states: the close reconciles.
            await abs.submitCashReport(periodNo, { ...abs.cashOf(periodNo), interest: interestCollections as number });
        }
        const request = {
            dealId: abs.dealId,
            periodNo,
            reportFingerprint: `sha256:${'ab'.repeat(32)}`,
            servicerReport: servicer,
            ...extra,
        };
        return (await abs.call<ClosedPeriod>(abs.report, 'ClosePeriod', request, options)).result;
    }

    const waterfall = (periodNo: number, as: IdentityLike = USERS.investor): Promise<WaterfallRecord> =>
        abs
            .call<WaterfallRecord>(abs.report, 'GetPeriodWaterfall', { dealId: abs.dealId, periodNo }, { as })
            .then((called) => called.result);

    const deal = (): Promise<DealRecord> =>
        abs.call<DealRecord>(abs.deal, 'GetDeal', { dealId: abs.dealId }).then((called) => called.result);

    beforeEach(() => {
        ledger = absLedger({
            startTime: '2026-02-01T08:00:00.000Z',
            registry: [...DEFAULT_FOUNDING_MEMBERS, ...MORE_MEMBERS],
        });
        abs = new AbsDriver(ledger, USERS.bank);
    });

    it('gives a deal without waterfall terms a waterfall with no fees, pro rata, the report and deal unchanged', async () => {
        await issue();
        const closed = await runPeriod(1, { interestCollections: 9_000 });
        expect(closed.report).not.toHaveProperty('waterfall');
        expect(await deal()).not.toHaveProperty('waterfall');
        const record = await waterfall(1);
        expect(record).toMatchObject({
            dealId: abs.dealId,
            periodNo: 1,
            days: 28,
            principalPayment: 'PRO_RATA',
            sequentialSince: null,
            fees: [{ feeId: 'SERVICER', due: 0, paid: 0 }],
            funds: { interestCollections: 9_000, principalCollections: 80_000, principalAvailable: 80_000 },
            txId: closed.closedTxId,
            time: closed.closedAt,
        });
        // A: ⌊775 000 × 280 × 28 / 3 650 000⌋ = 1 664; B: ⌊75 000 × 350 × 28 / 3 650 000⌋ = 201.
        expect(record.tranches.map((t) => [t.trancheId, t.interestPaid, t.principalPaid, t.closingBalance])).toEqual([
            ['A', 1_664, 72_941, 702_059],
            ['B', 201, 7_059, 67_941],
            ['SUB', 0, 0, 150_000],
        ]);
        expect(record.residual).toBe(9_000 - 1_664 - 201);
    });

    it('stores exactly what the pure waterfall computes from the public report, and chains the next period from it', async () => {
        await issue({ waterfall: TERMS });
        const first = await runPeriod(1, { interestCollections: 7_500 });
        const second = await runPeriod(2, { interestCollections: 6_900 });
        const dealRecord = await deal();
        const [w1, w2] = [await waterfall(1), await waterfall(2)];
        expect(w1).toEqual({
            ...periodWaterfall({
                deal: dealRecord,
                period: first as never,
                interestCollections: 7_500,
                previous: null,
            }),
            txId: first.closedTxId,
            time: first.closedAt,
        });
        expect(w2).toEqual({
            ...periodWaterfall({ deal: dealRecord, period: second as never, interestCollections: 6_900, previous: w1 }),
            txId: second.closedTxId,
            time: second.closedAt,
        });
        expect(w2.tranches.map((t) => t.openingBalance)).toEqual(w1.tranches.map((t) => t.closingBalance));
        // Servicer fee: ⌊1 000 000 × 100 × 28 / 3 650 000⌋ = 767; then the trustee's 500.
        expect(w1.fees).toEqual([
            { feeId: 'SERVICER', due: 767, paid: 767 },
            { feeId: 'TRUSTEE', due: 500, paid: 500 },
        ]);
    });

    it('switches principal to sequential pay from the close whose trigger is breached', async () => {
        await issue({ waterfall: TERMS, triggers: [SEQUENTIAL_ON_DQ60] });
        await runPeriod(1, { interestCollections: 7_500 });
        const closed = await runPeriod(2, { interestCollections: 6_900 });
        expect(closed.report!.triggers).toEqual([
            expect.objectContaining({ triggerId: 'DQ60_SEQUENTIAL', breached: true }),
        ]);
        expect(closed.report!.dealTransition).toBeNull();
        const [w1, w2] = [await waterfall(1), await waterfall(2)];
        expect(w1.principalPayment).toBe('PRO_RATA');
        expect(w2).toMatchObject({
            principalPayment: 'SEQUENTIAL',
            sequentialSince: { periodNo: 2, triggerId: 'DQ60_SEQUENTIAL' },
        });
        const [a, b] = w2.tranches;
        expect(a!.principalPaid).toBe(w2.funds.principalAvailable + w2.defaultCover);
        expect(b!.principalPaid).toBe(0);
    });

    it('refuses a negative or fractional interestCollections and writes nothing', async () => {
        await issue();
        await abs.openPeriod(1, '2026-02-01', '2026-02-28');
        await abs.postRows(1, 'rows-1', ROWS_1);
        for (const interestCollections of [-1, 1.5, '100']) {
            const refusal = await abs.refusal(() => abs.close(1, SERVICER_1, { interestCollections }));
            expect(refusal).toMatchObject({
                code: 'INVALID_ARGUMENT',
                details: { field: 'interestCollections' },
                unchanged: true,
            });
        }
    });

    it('shows a period’s waterfall to the issuer and the holders, refuses everyone else', async () => {
        await issue();
        await runPeriod(1, { interestCollections: 9_000 });
        const asHolder = await waterfall(1, USERS.investor);
        expect(await waterfall(1, USERS.bank)).toEqual(asHolder);
        const bank2 = await abs.refusal(() => waterfall(1, MORE_USERS.bank2));
        expect(bank2).toMatchObject({ code: 'ABS_NOT_DEAL_PARTY', details: { dealId: abs.dealId, mspId: 'Bank2MSP' } });
        const platform = await abs.refusal(() => waterfall(1, USERS.platform));
        expect(platform).toMatchObject({ code: 'ACCESS_DENIED' });
    });

    it('answers ABS_PERIOD_NOT_CLOSED for an open period and ABS_PERIOD_NOT_FOUND for none', async () => {
        await issue();
        await abs.openPeriod(1, '2026-02-01', '2026-02-28');
        expect(await abs.refusal(() => waterfall(1))).toMatchObject({ code: 'ABS_PERIOD_NOT_CLOSED' });
        expect(await abs.refusal(() => waterfall(2))).toMatchObject({ code: 'ABS_PERIOD_NOT_FOUND' });
    });

    /** The close of a chaincode without waterfalls: everything but the waterfall key is written. */
    const withoutWaterfallKeys = (): Parameters<AbsDriver['call']>[3] => {
        const prefix = `\u0000${ABS_OBJECTS.waterfall}\u0000`;
        return {
            stub: (stub) => ({
                putState: (key: string, value: Uint8Array) =>
                    key.startsWith(prefix) ? Promise.resolve() : stub.putState(key, value),
            }),
        };
    };

    it('stores no waterfall for any period after one closed before waterfalls, rather than restart the tranches', async () => {
        await issue({ waterfall: TERMS, triggers: [SEQUENTIAL_ON_DQ60] });
        await runPeriod(1, {}, withoutWaterfallKeys());
        expect(await abs.refusal(() => waterfall(1))).toMatchObject({
            code: 'ABS_WATERFALL_NOT_FOUND',
            details: { dealId: abs.dealId, periodNo: 1, reason: 'NO_INTEREST_COLLECTIONS' },
        });
        const closed = await runPeriod(2, { interestCollections: 6_900 });
        expect(closed.status).toBe('CLOSED');
        expect(ledger.keys().some((key) => key.includes(ABS_OBJECTS.waterfall))).toBe(false);
        expect(await abs.refusal(() => waterfall(2))).toMatchObject({
            code: 'ABS_WATERFALL_NOT_FOUND',
            details: { dealId: abs.dealId, periodNo: 2, reason: 'CHAIN_BROKEN' },
        });
    });

    it('closes a period without interestCollections as before, answering the stored period, with no waterfall, and says why', async () => {
        await issue({ waterfall: TERMS, triggers: [SEQUENTIAL_ON_DQ60] });
        const closed = await runPeriod(1);
        const { result: view } = await abs.call<{ period: PeriodRecord }>(abs.report, 'GetPeriodReport', {
            dealId: abs.dealId,
            periodNo: 1,
        });
        expect(view.period).toEqual(storedPeriod(closed));
        expect(view.period).not.toHaveProperty('waterfall');
        expect(await abs.refusal(() => waterfall(1))).toMatchObject({
            code: 'ABS_WATERFALL_NOT_FOUND',
            details: { reason: 'NO_INTEREST_COLLECTIONS' },
        });
    });

    it('writes a waterfall exactly when the figure is given and the chain is intact, equal to the pure function', async () => {
        const figure = fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60_000 })), { nil: undefined });
        await fc.assert(
            fc.asyncProperty(figure, figure, async (ic1, ic2) => {
                ledger = absLedger({
                    startTime: '2026-02-01T08:00:00.000Z',
                    registry: [...DEFAULT_FOUNDING_MEMBERS, ...MORE_MEMBERS],
                });
                abs = new AbsDriver(ledger, USERS.bank);
                await issue({ waterfall: TERMS, triggers: [SEQUENTIAL_ON_DQ60] });
                const given = (ic: number | undefined) => (ic === undefined ? {} : { interestCollections: ic });
                const first = await runPeriod(1, given(ic1));
                const second = await runPeriod(2, given(ic2));
                const dealRecord = await deal();
                const expected1 =
                    ic1 === undefined
                        ? null
                        : {
                              ...periodWaterfall({
                                  deal: dealRecord,
                                  period: storedPeriod(first) as never,
                                  interestCollections: ic1,
                                  previous: null,
                              }),
                              txId: first.closedTxId,
                              time: first.closedAt,
                          };
                const expected2 =
                    expected1 === null || ic2 === undefined
                        ? null
                        : {
                              ...periodWaterfall({
                                  deal: dealRecord,
                                  period: storedPeriod(second) as never,
                                  interestCollections: ic2,
                                  previous: expected1 as WaterfallRecord,
                              }),
                              txId: second.closedTxId,
                              time: second.closedAt,
                          };
                const reason2 = expected1 === null ? 'CHAIN_BROKEN' : 'NO_INTEREST_COLLECTIONS';
                for (const [periodNo, expected, reason] of [
                    [1, expected1, 'NO_INTEREST_COLLECTIONS'],
                    [2, expected2, reason2],
                ] as const) {
                    if (expected === null) {
                        expect(await abs.refusal(() => waterfall(periodNo))).toMatchObject({
                            code: 'ABS_WATERFALL_NOT_FOUND',
                            details: { periodNo, reason },
                        });
                    } else {
                        expect(await waterfall(periodNo)).toEqual(expected);
                    }
                }
            }),
            { numRuns: 12 },
        );
    });

    it('pays sequentially in every period after a trigger moved the deal to EARLY_AMORTISATION', async () => {
        await issue({ waterfall: TERMS, triggers: [EARLY_AMORTISATION_ON_FACTOR] });
        const first = await runPeriod(1, { interestCollections: 7_500 });
        expect(first.report!.dealTransition).toMatchObject({ to: 'EARLY_AMORTISATION' });
        expect((await deal()).status).toBe('EARLY_AMORTISATION');
        const second = await runPeriod(2, { interestCollections: 6_900 });
        expect(second.report!.triggers.every((trigger) => !trigger.breached)).toBe(true);
        const switched = { periodNo: 1, triggerId: 'FACTOR_EARLY_AMORTISATION' };
        expect(await waterfall(1)).toMatchObject({ principalPayment: 'SEQUENTIAL', sequentialSince: switched });
        const w2 = await waterfall(2);
        expect(w2).toMatchObject({ principalPayment: 'SEQUENTIAL', sequentialSince: switched });
        expect(w2.tranches[1]!.principalPaid).toBe(0);
    });
});

describe('CreateDeal waterfall terms', () => {
    let abs: AbsDriver;

    beforeEach(() => {
        abs = new AbsDriver(absLedger({ startTime: '2026-02-01T08:00:00.000Z' }), USERS.bank);
    });

    it('stores the terms it is given', async () => {
        const { result } = await abs.createDeal<DealRecord>({ waterfall: TERMS });
        expect(result.waterfall).toEqual(TERMS);
    });

    it.each([
        [{ ...TERMS, servicerFeeBps: 1_001 }, 'waterfall.servicerFeeBps'],
        [{ ...TERMS, servicerFeeBps: -1 }, 'waterfall.servicerFeeBps'],
        [{ ...TERMS, principalPayment: 'TURBO' }, 'waterfall.principalPayment'],
        [{ ...TERMS, fees: [{ feeId: 'SERVICER', amount: 1 }] }, 'waterfall.fees[0].feeId'],
        [{ ...TERMS, fees: [{ feeId: 'trustee', amount: 1 }] }, 'waterfall.fees[0].feeId'],
        [{ ...TERMS, fees: [{ feeId: 'TRUSTEE', amount: -5 }] }, 'waterfall.fees[0].amount'],
        [{ ...TERMS, fees: [TERMS.fees[0], TERMS.fees[0]] }, 'waterfall.fees[1]'],
        [{ ...TERMS, extra: 1 }, 'waterfall.extra'],
        ['PRO_RATA', 'waterfall'],
    ])('refuses %j naming %s', async (waterfall, field) => {
        const refusal = await abs.refusal(() => abs.createDeal({ waterfall }));
        expect(refusal).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field }, unchanged: true });
    });

    it('refuses more than ten fixed fees', async () => {
        const fees = Array.from({ length: 11 }, (_, i) => ({ feeId: `FEE_${i}`, amount: 1 }));
        const refusal = await abs.refusal(() => abs.createDeal({ waterfall: { ...TERMS, fees } }));
        expect(refusal).toMatchObject({
            code: 'BATCH_TOO_LARGE',
            details: { field: 'waterfall.fees' },
            unchanged: true,
        });
    });
});
