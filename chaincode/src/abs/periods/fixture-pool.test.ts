import {
    computePeriodMetrics,
    type DealRecord,
    type LoanAmountsRecord,
    type PeriodMetrics,
    type PeriodRecord,
    type PeriodRowAmounts,
} from '@lendledger/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { USERS } from '../../testing/memory-ledger.js';
import { loanId, type TestLoan } from '../testing/abs-harness.js';
import { AbsDriver, rollForward } from '../testing/abs-driver.js';
import { absLedger } from '../testing/abs-ledger.js';

/*
 * A hand-computed pool: 6 loans at cut-off, 4 monthly periods, with prepayments (partial and full), a revolving
 * purchase, a repurchase, a default with recovery and charge-off, and a trigger breach that moves the deal
 * REVOLVING → EARLY_AMORTISATION. Amounts are minor units. Rounding: half to even (docs/abs-metrics.md).
 *
 * CUT-OFF TAPE (B0 = initial balance = 1 000 000)
 *  loan  original  current  rate bps  orig term  rem term   rate×current        rem×current
 *  L1     240 000  200 000     1 200         24        12    240 000 000          2 400 000
 *  L2     200 000  200 000     1 000         12        10    200 000 000          2 000 000
 *  L3     150 000  150 000     1 500         12         6    225 000 000            900 000
 *  L4     180 000  150 000     1 800         12         9    270 000 000          1 350 000
 *  L5     100 000  100 000     2 000         12        12    200 000 000          1 200 000
 *  L6     200 000  200 000       900         36        24    180 000 000          4 800 000
 *  Σ    1 070 000 1 000 000                                1 315 000 000         12 650 000
 *  WAC = 1 315 000 000 / 1 000 000 = 1315 bps;  WARM×100 = 12 650 000 × 100 / 1 000 000 = 1265
 *  L7 (bought in period 2): 120 000 / 120 000, 1 600 bps, term 12, remaining 12.
 *
 * PERIOD ROWS (sched = scheduled principal, prep = prepaid, def = defaulted, rep = repurchased, close = closing)
 *  P1 2026-02  L1 CURRENT    sched 10 000                 close 190 000  rem 11
 *              L2 CURRENT    sched 10 000  prep  51 000   close 139 000  rem  9
 *              L3 PREPAID    sched 10 000  prep 140 000   close       0
 *              L4 CURRENT    sched 10 000                 close 140 000  rem  8
 *              L5 DPD_1_30   sched      0  (15 dpd)       close 100 000  rem 11
 *              L6 CURRENT    sched  5 000                 close 195 000  rem 23
 *  P2 2026-03  L7 bought (revolving purchase) 120 000
 *              L1 CURRENT    sched 10 000                 close 180 000  rem 10
 *              L2 CURRENT    sched 10 000                 close 129 000  rem  8
 *              L4 REPURCHASED sched 10 000 rep 130 000    close       0  (REPS_AND_WARRANTIES_BREACH)
 *              L5 DPD_31_60  sched      0  (45 dpd)       close 100 000  rem 11
 *              L6 CURRENT    sched  5 000  prep  20 000   close 170 000  rem 22
 *              L7 CURRENT    sched 10 000  (added 120 000) close 110 000 rem 11
 *  P3 2026-04  L1 CURRENT    sched 10 000                 close 170 000  rem  9
 *              L2 CURRENT    sched 10 000                 close 119 000  rem  7
 *              L5 DEFAULTED  sched      0  def 100 000 (95 dpd ≥ 91)  close 0
 *              L6 CURRENT    sched  5 000                 close 165 000  rem 21
 *              L7 DPD_31_60  sched      0  (40 dpd)       close 110 000  rem 11
 *  P4 2026-05  L1 CURRENT    sched 10 000                 close 160 000  rem  8
 *              L2 PREPAID    sched 10 000  prep 109 000   close       0
 *              L5 CHARGED_OFF (out of pool) recovered 30 000, charged off 70 000
 *              L6 CURRENT    sched  5 000                 close 160 000  rem 20
 *              L7 DPD_61_90  sched      0  (70 dpd)       close 110 000  rem 11
 *
 * ROLL-FORWARD   opening + added − sched − prep − def − rep = closing
 *  P1  1 000 000 +       0 − 45 000 − 191 000 −       0 −       0 = 764 000
 *  P2    764 000 + 120 000 − 45 000 −  20 000 −       0 − 130 000 = 689 000
 *  P3    689 000 +       0 − 25 000 −       0 − 100 000 −       0 = 564 000
 *  P4    564 000 +       0 − 25 000 − 109 000 −       0 −       0 = 430 000
 *
 * POOL FACTOR ppm = closing × 10^6 / B0:  P1 764 000, P2 689 000, P3 564 000, P4 430 000
 *
 * EXPOSED D = opening + added − sched;  SMM = prep / D;  MDR = def / D  (E12: × 10^12, half-even)
 *  P1  D = 955 000  SMM = 191 000/955 000 = 0.2 exactly → smmE12 200 000 000 000, smmPpm 200 000
 *  P2  D = 839 000  SMM = 20 000/839 000 = 0.023837902264600…  → smmE12 23 837 902 265, smmPpm 23 838
 *  P3  D = 664 000  MDR = 100 000/664 000 = 0.150602409638554… → mdrE12 150 602 409 639, mdrPpm 150 602
 *  P4  D = 539 000  SMM = 109 000/539 000 = 0.202226345083487… → smmE12 202 226 345 083, smmPpm 202 226
 *
 * ANNUALISATION CPR = 1 − (1 − SMM)^12 at scale S = 10^12: q = S − m, p1 = q, p(k+1) = half_even(pk × q / S)
 *  P1  q = 0.8·S: every pk = 8^k·10^(12−k) exactly, p12 = 68 719 476 736 (= 0.8^12 · S)
 *      cprE12 = S − p12 = 931 280 523 264 → cprPpm = half_even(931 280.523264) = 931 281
 *  P2  q = 976 162 097 735
 *      p2 952 892 441 054   p3 930 177 484 175   p4 908 004 004 218   p5 886 359 093 509
 *      p6 865 230 152 066   p7 844 604 880 264   p8 824 471 271 676   p9 804 817 606 081
 *      p10 785 632 442 646  p11 766 904 613 262  p12 748 623 216 044
 *      cprE12 = 251 376 783 956 → cprPpm 251 377   (exact rational: 0.2513767839503… → 251 377 too)
 *  P3  (CDR from MDR) q = 849 397 590 361
 *      p2 721 476 266 511   p3 612 820 202 277   p4 520 528 003 139   p5 442 135 231 582
 *      p6 375 548 600 319   p7 318 990 076 174   p8 270 949 402 051   p9 230 143 769 212
 *      p10 195 483 563 005  p11 166 043 267 372  p12 141 036 751 201
 *      cdrE12 = 858 963 248 799 → cdrPpm 858 963
 *  P4  cprE12 = 933 540 620 108 → cprPpm 933 541
 *
 * DELINQUENCY (performing loans at close; balance ppm of closing balance)
 *  P1 CURRENT 4 / 664 000 → 664 000/764 000 = 0.869109947… → 869 110;  DPD_1_30 1 / 100 000 → 130 890
 *  P2 CURRENT 4 / 589 000 → 854 862;  DPD_31_60 1 / 100 000 → 100 000/689 000 = 0.145137880… → 145 138
 *  P3 CURRENT 3 / 454 000 → 804 965;  DPD_31_60 1 / 110 000 → 110 000/564 000 = 0.195035460… → 195 035
 *  P4 CURRENT 2 / 320 000 → 744 186;  DPD_61_90 1 / 110 000 → 255 814 (= 60+ ratio)
 *
 * WAC, WARM over performing loans at close
 *  P1 Σ rate×bal = 228 000 000 + 139 000 000 + 252 000 000 + 200 000 000 + 175 500 000 = 994 500 000
 *     WAC = 994 500 000 / 764 000 = 1301.70… → 1302;  Σ rem×bal = 10 046 000 → ×100/764 000 = 1314.92… → 1315
 *  P2 Σ rate×bal = 874 000 000 → /689 000 = 1268.50… → 1269;  Σ rem×bal = 8 882 000 → 1289.11… → 1289
 *  P3 Σ rate×bal = 647 500 000 → /564 000 = 1148.05… → 1148;  Σ rem×bal = 7 038 000 → 1247.87… → 1248
 *  P4 Σ rate×bal = 512 000 000 → /430 000 = 1190.70… → 1191;  Σ rem×bal = 5 690 000 → 1323.26… → 1323
 *
 * CUMULATIVE (basis = B0 = 1 000 000)
 *  default rate = Σ def / B0:  P1 0, P2 0, P3 100 000/1 000 000 = 100 000 ppm, P4 100 000 ppm
 *  net loss = (Σ def − Σ recoveries) / B0:  P3 100 000 ppm, P4 (100 000 − 30 000)/B0 = 70 000 ppm
 *
 * TRIGGERS  CDR_EARLY_AMORTISATION: cumulative default rate GT 50 000 (periods 1-3), 80 000 (from 4)
 *           DQ60_WATCH (REPORT_ONLY): 60+ delinquency GT 200 000
 *  P3  100 000 > 50 000 → breached → deal REVOLVING → EARLY_AMORTISATION in the ClosePeriod transaction
 *  P4  100 000 > 80 000 → breached, deal already EARLY_AMORTISATION: no transition; DQ60 255 814 > 200 000 → breached
 */

const CUT_OFF_LOANS: TestLoan[] = [
    { label: 'L1', original: 240_000, current: 200_000, rateBps: 1200, originalTerm: 24, remainingTerm: 12 },
    { label: 'L2', original: 200_000, current: 200_000, rateBps: 1000, originalTerm: 12, remainingTerm: 10 },
    { label: 'L3', original: 150_000, current: 150_000, rateBps: 1500, originalTerm: 12, remainingTerm: 6 },
    { label: 'L4', original: 180_000, current: 150_000, rateBps: 1800, originalTerm: 12, remainingTerm: 9 },
    { label: 'L5', original: 100_000, current: 100_000, rateBps: 2000, originalTerm: 12, remainingTerm: 12 },
    { label: 'L6', original: 200_000, current: 200_000, rateBps: 900, originalTerm: 36, remainingTerm: 24 },
];
const L7: TestLoan = {
    label: 'L7',
    original: 120_000,
    current: 120_000,
    rateBps: 1600,
    originalTerm: 12,
    remainingTerm: 12,
};

const ZERO_BUCKET = { count: 0, balance: 0, balancePpm: 0 };

function buckets(entries: Partial<PeriodMetrics['delinquency']>): PeriodMetrics['delinquency'] {
    return {
        CURRENT: ZERO_BUCKET,
        DPD_1_30: ZERO_BUCKET,
        DPD_31_60: ZERO_BUCKET,
        DPD_61_90: ZERO_BUCKET,
        DPD_90_PLUS: ZERO_BUCKET,
        ...entries,
    };
}

const NO_DEFAULTS = { mdrE12: 0, mdrPpm: 0, cdrE12: 0, cdrPpm: 0 };
const NO_PREPAYMENTS = { smmE12: 0, smmPpm: 0, cprE12: 0, cprPpm: 0 };

const EXPECTED_METRICS: Record<number, PeriodMetrics> = {
    1: {
        poolFactorPpm: 764_000,
        delinquency: buckets({
            CURRENT: { count: 4, balance: 664_000, balancePpm: 869_110 },
            DPD_1_30: { count: 1, balance: 100_000, balancePpm: 130_890 },
        }),
        delinquent60PlusPpm: 0,
        delinquent90PlusPpm: 0,
        smmE12: 200_000_000_000,
        smmPpm: 200_000,
        cprE12: 931_280_523_264,
        cprPpm: 931_281,
        ...NO_DEFAULTS,
        cumulativeDefaultRatePpm: 0,
        cumulativeNetLossPpm: 0,
        wacBps: 1302,
        warmMonthsX100: 1315,
    },
    2: {
        poolFactorPpm: 689_000,
        delinquency: buckets({
            CURRENT: { count: 4, balance: 589_000, balancePpm: 854_862 },
            DPD_31_60: { count: 1, balance: 100_000, balancePpm: 145_138 },
        }),
        delinquent60PlusPpm: 0,
        delinquent90PlusPpm: 0,
        smmE12: 23_837_902_265,
        smmPpm: 23_838,
        cprE12: 251_376_783_956,
        cprPpm: 251_377,
        ...NO_DEFAULTS,
        cumulativeDefaultRatePpm: 0,
        cumulativeNetLossPpm: 0,
        wacBps: 1269,
        warmMonthsX100: 1289,
    },
    3: {
        poolFactorPpm: 564_000,
        delinquency: buckets({
            CURRENT: { count: 3, balance: 454_000, balancePpm: 804_965 },
            DPD_31_60: { count: 1, balance: 110_000, balancePpm: 195_035 },
        }),
        delinquent60PlusPpm: 0,
        delinquent90PlusPpm: 0,
        ...NO_PREPAYMENTS,
        mdrE12: 150_602_409_639,
        mdrPpm: 150_602,
        cdrE12: 858_963_248_799,
        cdrPpm: 858_963,
        cumulativeDefaultRatePpm: 100_000,
        cumulativeNetLossPpm: 100_000,
        wacBps: 1148,
        warmMonthsX100: 1248,
    },
    4: {
        poolFactorPpm: 430_000,
        delinquency: buckets({
            CURRENT: { count: 2, balance: 320_000, balancePpm: 744_186 },
            DPD_61_90: { count: 1, balance: 110_000, balancePpm: 255_814 },
        }),
        delinquent60PlusPpm: 255_814,
        delinquent90PlusPpm: 0,
        smmE12: 202_226_345_083,
        smmPpm: 202_226,
        cprE12: 933_540_620_108,
        cprPpm: 933_541,
        ...NO_DEFAULTS,
        cumulativeDefaultRatePpm: 100_000,
        cumulativeNetLossPpm: 70_000,
        wacBps: 1191,
        warmMonthsX100: 1323,
    },
};

describe('ABS metrics of a hand-computed pool over four periods', () => {
    const ledger = absLedger({ startTime: '2026-02-01T09:00:00.000Z' });
    const abs = new AbsDriver(ledger, USERS.bank, 'HAND-2026-1');
    const closed: Record<number, PeriodRecord> = {};

    beforeAll(async () => {
        await abs.createDeal();
        await abs.addCutOffLoans('tape-1', CUT_OFF_LOANS.slice(0, 3));
        await abs.addCutOffLoans('tape-2', CUT_OFF_LOANS.slice(3));
        await abs.cutOff(CUT_OFF_LOANS);
        await abs.transition('ISSUED');
        await abs.transition('REVOLVING');

        await abs.openPeriod(1, '2026-02-01', '2026-02-28');
        await abs.postRows(1, 'p1-a', [
            { label: 'L1', status: 'CURRENT', remainingTerm: 11, scheduled: 10_000, closing: 190_000 },
            { label: 'L2', status: 'CURRENT', remainingTerm: 9, scheduled: 10_000, prepaid: 51_000, closing: 139_000 },
            { label: 'L3', status: 'PREPAID', remainingTerm: 0, scheduled: 10_000, prepaid: 140_000, closing: 0 },
        ]);
        await abs.postRows(1, 'p1-b', [
            { label: 'L4', status: 'CURRENT', remainingTerm: 8, scheduled: 10_000, closing: 140_000 },
            { label: 'L5', status: 'DPD_1_30', daysPastDue: 15, remainingTerm: 11, scheduled: 0, closing: 100_000 },
            { label: 'L6', status: 'CURRENT', remainingTerm: 23, scheduled: 5_000, closing: 195_000 },
        ]);
        closed[1] = (
            await abs.close<PeriodRecord>(
                1,
                rollForward({
                    openingBalance: 1_000_000,
                    scheduledPrincipal: 45_000,
                    prepaidPrincipal: 191_000,
                    closingBalance: 764_000,
                }),
            )
        ).result;

        await abs.openPeriod(2, '2026-03-01', '2026-03-31');
        await abs.purchase(2, 'p2-buy', 'REVOLVING_PURCHASE', [L7]);
        await abs.postRows(2, 'p2-a', [
            { label: 'L1', status: 'CURRENT', remainingTerm: 10, scheduled: 10_000, closing: 180_000 },
            { label: 'L2', status: 'CURRENT', remainingTerm: 8, scheduled: 10_000, closing: 129_000 },
            {
                label: 'L4',
                status: 'REPURCHASED',
                remainingTerm: 8,
                scheduled: 10_000,
                repurchased: 130_000,
                closing: 0,
                reasonCode: 'REPS_AND_WARRANTIES_BREACH',
            },
            { label: 'L5', status: 'DPD_31_60', daysPastDue: 45, remainingTerm: 11, scheduled: 0, closing: 100_000 },
            { label: 'L6', status: 'CURRENT', remainingTerm: 22, scheduled: 5_000, prepaid: 20_000, closing: 170_000 },
            { label: 'L7', status: 'CURRENT', remainingTerm: 11, scheduled: 10_000, closing: 110_000 },
        ]);
        closed[2] = (
            await abs.close<PeriodRecord>(
                2,
                rollForward({
                    openingBalance: 764_000,
                    revolvingPurchasedPrincipal: 120_000,
                    scheduledPrincipal: 45_000,
                    prepaidPrincipal: 20_000,
                    repurchasedPrincipal: 130_000,
                    closingBalance: 689_000,
                }),
            )
        ).result;

        await abs.openPeriod(3, '2026-04-01', '2026-04-30');
        await abs.postRows(3, 'p3-a', [
            { label: 'L1', status: 'CURRENT', remainingTerm: 9, scheduled: 10_000, closing: 170_000 },
            { label: 'L2', status: 'CURRENT', remainingTerm: 7, scheduled: 10_000, closing: 119_000 },
            {
                label: 'L5',
                status: 'DEFAULTED',
                daysPastDue: 95,
                remainingTerm: 11,
                scheduled: 0,
                defaulted: 100_000,
                closing: 0,
            },
            { label: 'L6', status: 'CURRENT', remainingTerm: 21, scheduled: 5_000, closing: 165_000 },
            { label: 'L7', status: 'DPD_31_60', daysPastDue: 40, remainingTerm: 11, scheduled: 0, closing: 110_000 },
        ]);
        closed[3] = (
            await abs.close<PeriodRecord>(
                3,
                rollForward({
                    openingBalance: 689_000,
                    scheduledPrincipal: 25_000,
                    defaultedPrincipal: 100_000,
                    closingBalance: 564_000,
                }),
            )
        ).result;

        await abs.openPeriod(4, '2026-05-01', '2026-05-31');
        await abs.postRows(4, 'p4-a', [
            { label: 'L1', status: 'CURRENT', remainingTerm: 8, scheduled: 10_000, closing: 160_000 },
            { label: 'L2', status: 'PREPAID', remainingTerm: 0, scheduled: 10_000, prepaid: 109_000, closing: 0 },
            {
                label: 'L5',
                status: 'CHARGED_OFF',
                daysPastDue: 125,
                remainingTerm: 11,
                scheduled: 0,
                recovered: 30_000,
                chargedOff: 70_000,
                closing: 0,
            },
            { label: 'L6', status: 'CURRENT', remainingTerm: 20, scheduled: 5_000, closing: 160_000 },
            { label: 'L7', status: 'DPD_61_90', daysPastDue: 70, remainingTerm: 11, scheduled: 0, closing: 110_000 },
        ]);
        closed[4] = (
            await abs.close<PeriodRecord>(
                4,
                rollForward({
                    openingBalance: 564_000,
                    scheduledPrincipal: 25_000,
                    prepaidPrincipal: 109_000,
                    closingBalance: 430_000,
                }),
            )
        ).result;
    });

    it('fixes the cut-off figures: balance, WAC and WARM', async () => {
        const { result } = await abs.call<{ cutOff: Record<string, unknown> }>(abs.pool, 'GetPool', {
            dealId: abs.dealId,
        });
        expect(result.cutOff).toMatchObject({
            loanCount: 6,
            initialBalance: 1_000_000,
            originalPrincipal: 1_070_000,
            weightedRateSum: '1315000000',
            weightedTermSum: '12650000',
            wacBps: 1315,
            warmMonthsX100: 1265,
            tapeRoot: AbsDriver.tapeRootOf(CUT_OFF_LOANS),
        });
    });

    it.each([1, 2, 3, 4])('computes the metrics of period %i as the hand computation', (periodNo) => {
        expect(closed[periodNo]!.report!.metrics).toEqual(EXPECTED_METRICS[periodNo]);
    });

    it('rolls the pool balance forward period by period', () => {
        expect(closed[1]!.report!.rollForward).toEqual(
            rollForward({
                openingBalance: 1_000_000,
                scheduledPrincipal: 45_000,
                prepaidPrincipal: 191_000,
                closingBalance: 764_000,
            }),
        );
        expect(closed[2]!.report!.rollForward).toMatchObject({
            openingBalance: 764_000,
            revolvingPurchasedPrincipal: 120_000,
            repurchasedPrincipal: 130_000,
            closingBalance: 689_000,
        });
        expect(closed[3]!.report!.rollForward).toMatchObject({ defaultedPrincipal: 100_000, closingBalance: 564_000 });
        expect(closed[4]!.report!.rollForward).toMatchObject({ openingBalance: 564_000, closingBalance: 430_000 });
    });

    it('counts rows, exits and active loans', () => {
        expect(closed[1]!.report!.totals).toMatchObject({ inPoolRows: 6, outOfPoolRows: 0, exits: { PREPAID: 1 } });
        expect(closed[2]!.report!.totals).toMatchObject({ inPoolRows: 6, exits: { REPURCHASED: 1 } });
        expect(closed[3]!.report!.totals).toMatchObject({ inPoolRows: 5, exits: { DEFAULTED: 1 } });
        expect(closed[4]!.report!.totals).toMatchObject({
            inPoolRows: 4,
            outOfPoolRows: 1,
            chargedOffPrincipal: 70_000,
            recoveredAmount: 30_000,
            exits: { PREPAID: 1, CHARGED_OFF: 1, DEFAULTED: 0 },
        });
        expect([1, 2, 3, 4].map((n) => closed[n]!.report!.activeLoanCount)).toEqual([5, 5, 4, 3]);
    });

    it('keeps cumulative totals since cut-off', () => {
        expect(closed[4]!.report!.cumulative).toEqual({
            defaultedPrincipal: 100_000,
            chargedOffPrincipal: 70_000,
            recoveredAmount: 30_000,
            prepaidPrincipal: 320_000,
            repurchasedPrincipal: 130_000,
            substitutedPrincipal: 0,
            revolvingPurchasedPrincipal: 120_000,
            substitutionInPrincipal: 0,
        });
    });

    it('breaches the cumulative-default trigger in period 3 and moves the deal to EARLY_AMORTISATION', async () => {
        expect(closed[2]!.report!.triggers.map((t) => t.breached)).toEqual([false, false]);
        expect(closed[3]!.report!.triggers[0]).toEqual({
            triggerId: 'CDR_EARLY_AMORTISATION',
            metric: 'CUMULATIVE_DEFAULT_RATE',
            comparator: 'GT',
            thresholdPpm: 50_000,
            valuePpm: 100_000,
            breached: true,
            consequence: 'EARLY_AMORTISATION',
        });
        expect(closed[3]!.report!.dealTransition).toEqual({
            from: 'REVOLVING',
            to: 'EARLY_AMORTISATION',
            triggerId: 'CDR_EARLY_AMORTISATION',
        });
        const { result: deal } = await abs.call<DealRecord>(abs.deal, 'GetDeal', { dealId: abs.dealId });
        expect(deal.status).toBe('EARLY_AMORTISATION');
        expect(deal.statusHistory.at(-1)).toMatchObject({
            from: 'REVOLVING',
            to: 'EARLY_AMORTISATION',
            cause: 'TRIGGER',
            triggerId: 'CDR_EARLY_AMORTISATION',
            periodNo: 3,
            txId: closed[3]!.closedTxId,
        });
    });

    it('uses the threshold schedule and records report-only breaches without moving the deal', () => {
        expect(closed[4]!.report!.triggers).toEqual([
            expect.objectContaining({ triggerId: 'CDR_EARLY_AMORTISATION', thresholdPpm: 80_000, breached: true }),
            expect.objectContaining({ triggerId: 'DQ60_WATCH', valuePpm: 255_814, breached: true }),
        ]);
        expect(closed[4]!.report!.dealTransition).toBeNull();
    });

    it('lets an investor recompute every report metric from the report alone', () => {
        for (const n of [1, 2, 3, 4]) {
            const report = closed[n]!.report!;
            expect(computePeriodMetrics(report.totals, report.cumulative, report.basis)).toEqual(report.metrics);
        }
    });

    it('answers the metrics time series of the deal', async () => {
        const { result } = await abs.call<{ series: { periodNo: number; metrics: PeriodMetrics }[] }>(
            abs.report,
            'GetMetricsSeries',
            { dealId: abs.dealId },
            { as: USERS.investor },
        );
        expect(result.series.map((point) => [point.periodNo, point.metrics.poolFactorPpm])).toEqual([
            [1, 764_000],
            [2, 689_000],
            [3, 564_000],
            [4, 430_000],
        ]);
    });

    it('keeps the defaulted loan’s losses in the private collection for the investor', async () => {
        const { result } = await abs.call<{ amounts: LoanAmountsRecord; rows: PeriodRowAmounts[] }>(
            abs.pool,
            'GetLoanAmounts',
            { dealId: abs.dealId, loanId: loanId('L5') },
            { as: USERS.investor },
        );
        expect(result.amounts).toMatchObject({
            currentPrincipal: 0,
            defaultedPrincipal: 100_000,
            chargedOffPrincipal: 70_000,
            recoveredAmount: 30_000,
        });
        expect(result.rows.map((row) => row.closingBalance)).toEqual([100_000, 100_000, 0, 0]);
    });

    it('records the loan events with their evidence', async () => {
        const { result } = await abs.call<{ events: { type: string; periodNo: number }[] }>(
            abs.pool,
            'GetLoan',
            { dealId: abs.dealId, loanId: loanId('L5') },
            { as: USERS.investor },
        );
        expect(result.events.map((event) => [event.periodNo, event.type])).toEqual([
            [3, 'DEFAULT'],
            [4, 'CHARGE_OFF'],
            [4, 'RECOVERY'],
        ]);
    });
});
