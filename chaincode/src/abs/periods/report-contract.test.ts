import {
    type AcknowledgementRecord,
    type DealRecord,
    emptyPeriodTotals,
    type LoanRecord,
    type PeriodRecord,
    type PoolRecord,
} from '@lendledger/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { type MemoryLedger, USERS } from '../../testing/memory-ledger.js';
import { fingerprint, loanId, rowParts, type TestRow } from '../testing/abs-harness.js';
import { AbsDriver, rollForward } from '../testing/abs-driver.js';
import { SAMPLE_LOANS as LOANS, SAMPLE_PERIOD_1_ROWS as ROWS } from '../testing/sample-pool.js';
import { checkRollForward } from './close-period.js';
import { absLedger } from '../testing/abs-ledger.js';

const SERVICER_1 = rollForward({ openingBalance: 1_000_000, scheduledPrincipal: 80_000, closingBalance: 920_000 });

describe('AbsReport contract', () => {
    let ledger: MemoryLedger;
    let abs: AbsDriver;

    beforeEach(async () => {
        ledger = absLedger({ startTime: '2026-02-01T08:00:00.000Z' });
        abs = new AbsDriver(ledger, USERS.bank);
        await abs.createDeal();
        await abs.addCutOffLoans('tape-1', LOANS);
        await abs.cutOff(LOANS);
        await abs.transition('ISSUED');
        await abs.transition('REVOLVING');
    });

    /** Posts one row given as public row and transient amounts, after a change to either. */
    function postRaw(
        periodNo: number,
        row: TestRow,
        change: Readonly<{ row?: Record<string, unknown>; amounts?: Record<string, unknown> }>,
    ): Promise<unknown> {
        const parts = rowParts(row, periodNo);
        return abs.call(
            abs.report,
            'PostPeriodUpdates',
            { dealId: abs.dealId, periodNo, batchId: 'raw', rows: [{ ...parts.row, ...change.row }] },
            { transient: { loans: [{ ...parts.amounts, ...change.amounts }] } },
        );
    }

    describe('OpenPeriod', () => {
        it('opens the first period from the cut-off date', async () => {
            const { result, event, setEventCalls } = await abs.openPeriod<PeriodRecord>(1, '2026-01-31', '2026-02-28');
            expect(result).toMatchObject({
                dealId: abs.dealId,
                periodNo: 1,
                status: 'OPEN',
                closedAt: null,
                report: null,
            });
            expect(event).toEqual({
                name: 'abs.period.opened',
                payload: {
                    dealId: abs.dealId,
                    endDate: '2026-02-28',
                    periodNo: 1,
                    startDate: '2026-01-31',
                    txId: result.openedTxId,
                },
            });
            expect(setEventCalls).toBe(1);
        });

        it('refuses periods before the deal is issued', async () => {
            const other = new AbsDriver(ledger, USERS.bank, 'DEAL-B');
            await other.createDeal();
            const refusal = await other.refusal(() => other.openPeriod(1, '2026-02-01', '2026-02-28'));
            expect(refusal).toMatchObject({
                code: 'ABS_DEAL_STATE',
                details: { status: 'STRUCTURING' },
                unchanged: true,
            });
        });

        it('refuses a period out of sequence, a second open period and an overlap', async () => {
            const skip = await abs.refusal(() => abs.openPeriod(2, '2026-02-01', '2026-02-28'));
            expect(skip).toMatchObject({
                code: 'ABS_PERIOD_SEQUENCE',
                details: { expectedPeriodNo: 1 },
                unchanged: true,
            });
            const early = await abs.refusal(() => abs.openPeriod(1, '2026-01-30', '2026-02-28'));
            expect(early).toMatchObject({ code: 'ABS_PERIOD_SEQUENCE', details: { earliestStartDate: '2026-01-31' } });
            await abs.openPeriod(1, '2026-02-01', '2026-02-28');
            const second = await abs.refusal(() => abs.openPeriod(2, '2026-03-01', '2026-03-31'));
            expect(second).toMatchObject({ code: 'ABS_PERIOD_SEQUENCE', details: { openPeriod: 1 }, unchanged: true });
            await abs.postRows(1, 'rows', ROWS);
            await abs.close(1, SERVICER_1);
            const overlap = await abs.refusal(() => abs.openPeriod(2, '2026-02-28', '2026-03-31'));
            expect(overlap).toMatchObject({
                code: 'ABS_PERIOD_SEQUENCE',
                details: { earliestStartDate: '2026-03-01' },
            });
        });

        it('refuses an end before the start and other organisations', async () => {
            const dates = await abs.refusal(() => abs.openPeriod(1, '2026-02-28', '2026-02-01'));
            expect(dates).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'endDate' }, unchanged: true });
            const investor = await abs.refusal(() =>
                abs.call(
                    abs.report,
                    'OpenPeriod',
                    { dealId: abs.dealId, periodNo: 1, startDate: '2026-02-01', endDate: '2026-02-28' },
                    { as: USERS.investor },
                ),
            );
            expect(investor).toMatchObject({ code: 'ACCESS_DENIED', unchanged: true });
        });
    });

    describe('PostPeriodUpdates', () => {
        beforeEach(async () => {
            await abs.openPeriod(1, '2026-02-01', '2026-02-28');
        });

        it('records each row, moves each loan, and answers counts without amounts', async () => {
            const { result, event, setEventCalls, txId } = await abs.postRows(1, 'rows-1', ROWS);
            expect(result).toEqual({ dealId: abs.dealId, periodNo: 1, batchId: 'rows-1', rowCount: 3, eventCount: 0 });
            expect(event).toEqual({
                name: 'abs.period.updates-posted',
                payload: {
                    batchId: 'rows-1',
                    dealId: abs.dealId,
                    eventCount: 0,
                    periodNo: 1,
                    rowCount: 3,
                    txId,
                },
            });
            expect(setEventCalls).toBe(1);
            const { result: view } = await abs.call<{
                loan: LoanRecord;
                rows: Record<string, unknown>[];
                history: { value: LoanRecord }[];
            }>(abs.pool, 'GetLoan', { dealId: abs.dealId, loanId: loanId('C') }, { as: USERS.investor });
            expect(view.loan).toMatchObject({ status: 'DPD_31_60', daysPastDue: 42, lastReportedPeriod: 1 });
            expect(view.history.map((entry) => entry.value.status)).toEqual(['DPD_31_60', 'DPD_1_30']);
            expect(view.rows).toEqual([
                expect.objectContaining({
                    periodNo: 1,
                    priorStatus: 'DPD_1_30',
                    status: 'DPD_31_60',
                    fingerprint: fingerprint('row:C:1'),
                    evidence: {},
                }),
            ]);
            expect(view.rows[0]).not.toHaveProperty('closingBalance');
        });

        it('records one loan event per exception amount, with its evidence', async () => {
            const { result } = await abs.postRows<{ eventCount: number }>(1, 'rows-1', [
                { label: 'A', status: 'PREPAID', remainingTerm: 0, scheduled: 50_000, prepaid: 450_000, closing: 0 },
                {
                    label: 'B',
                    status: 'CHARGED_OFF',
                    daysPastDue: 0,
                    remainingTerm: 12,
                    scheduled: 0,
                    defaulted: 300_000,
                    chargedOff: 250_000,
                    recovered: 10_000,
                    closing: 0,
                },
            ]);
            expect(result.eventCount).toBe(4);
            const { result: view } = await abs.call<{ events: { type: string; evidence: string }[] }>(
                abs.pool,
                'GetLoan',
                {
                    dealId: abs.dealId,
                    loanId: loanId('B'),
                },
            );
            expect(view.events.map((event) => [event.type, event.evidence])).toEqual([
                ['CHARGE_OFF', fingerprint('CHARGE_OFF:B:1')],
                ['DEFAULT', fingerprint('DEFAULT:B:1')],
                ['RECOVERY', fingerprint('RECOVERY:B:1')],
            ]);
        });

        it.each<[string, TestRow, string, Record<string, unknown>]>([
            [
                'a closing balance that does not follow from the flows',
                { label: 'A', status: 'CURRENT', remainingTerm: 9, scheduled: 50_000, closing: 460_000 },
                'ABS_LOAN_DOES_NOT_RECONCILE',
                { closingBalance: 460_000, expected: '450000' },
            ],
            [
                'flows larger than the balance',
                { label: 'A', status: 'PAID_OFF', remainingTerm: 0, scheduled: 600_000, closing: 0 },
                'ABS_LOAN_DOES_NOT_RECONCILE',
                { expected: '-100000' },
            ],
            [
                'a paid-off loan with a balance',
                { label: 'A', status: 'PAID_OFF', remainingTerm: 0, scheduled: 50_000, closing: 450_000 },
                'ABS_STATUS_MISMATCH',
                { field: 'closingBalance', expected: '0' },
            ],
            [
                'a prepaid loan without prepayment',
                { label: 'A', status: 'PREPAID', remainingTerm: 0, scheduled: 500_000, closing: 0 },
                'ABS_STATUS_MISMATCH',
                { field: 'prepaidPrincipal', expected: 'above 0' },
            ],
            [
                'a current loan with recoveries',
                { label: 'A', status: 'CURRENT', remainingTerm: 9, scheduled: 50_000, recovered: 5, closing: 450_000 },
                'ABS_STATUS_MISMATCH',
                { field: 'recoveredAmount', expected: '0' },
            ],
            [
                'a current loan with days past due',
                {
                    label: 'A',
                    status: 'CURRENT',
                    daysPastDue: 5,
                    remainingTerm: 9,
                    scheduled: 50_000,
                    closing: 450_000,
                },
                'ABS_STATUS_MISMATCH',
                { expected: 'DPD_1_30' },
            ],
            [
                'a loan in default reported as delinquent',
                {
                    label: 'C',
                    status: 'DPD_90_PLUS',
                    daysPastDue: 95,
                    remainingTerm: 5,
                    scheduled: 0,
                    closing: 200_000,
                },
                'ABS_DEFAULT_NOT_RECOGNISED',
                { defaultDaysPastDue: 91 },
            ],
            [
                'a charge-off above the defaulted principal',
                {
                    label: 'B',
                    status: 'CHARGED_OFF',
                    remainingTerm: 12,
                    scheduled: 0,
                    defaulted: 300_000,
                    chargedOff: 300_001,
                    closing: 0,
                },
                'ABS_LOSS_EXCEEDS_DEFAULT',
                { defaultedPrincipal: 300_000, chargedOffPrincipal: 300_001 },
            ],
            [
                'a repurchase without a reason code',
                {
                    label: 'B',
                    status: 'REPURCHASED',
                    remainingTerm: 12,
                    scheduled: 0,
                    repurchased: 300_000,
                    closing: 0,
                },
                'ABS_EVIDENCE_MISMATCH',
                { event: 'reasonCode' },
            ],
            [
                'a substitution without a substitute',
                {
                    label: 'B',
                    status: 'SUBSTITUTED',
                    remainingTerm: 12,
                    scheduled: 0,
                    substituted: 300_000,
                    closing: 0,
                    reasonCode: 'FRAUD',
                },
                'ABS_SUBSTITUTION_MISMATCH',
                { replacedBy: null },
            ],
            [
                'a remaining term above the original term',
                { label: 'B', status: 'CURRENT', remainingTerm: 13, scheduled: 0, closing: 300_000 },
                'ABS_LOAN_INCONSISTENT',
                { field: 'remainingTerm' },
            ],
            [
                'a loan not in the pool',
                { label: 'Z', status: 'CURRENT', remainingTerm: 9, scheduled: 0, closing: 1 },
                'ABS_LOAN_NOT_FOUND',
                { loanId: loanId('Z'), index: 0 },
            ],
        ])('refuses %s and writes nothing', async (_what, row, code, details) => {
            const refusal = await abs.refusal(() => abs.postRows(1, 'rows-1', [row]));
            expect(refusal).toMatchObject({ code, details, unchanged: true });
        });

        it.each<
            [string, Readonly<{ row?: Record<string, unknown>; amounts?: Record<string, unknown> }>, string, string]
        >([
            ['an unknown status', { row: { status: 'LATE' } }, 'INVALID_ARGUMENT', 'rows[0].status'],
            ['a negative amount', { amounts: { scheduledPrincipal: -1 } }, 'INVALID_ARGUMENT', 'scheduledPrincipal'],
            [
                'a missing closing balance',
                { amounts: { closingBalance: undefined } },
                'INVALID_ARGUMENT',
                'closingBalance',
            ],
            [
                'an unknown event type',
                { row: { evidence: { LOTTERY: fingerprint('x') } } },
                'INVALID_ARGUMENT',
                'LOTTERY',
            ],
            ['an unknown reason code', { row: { reasonCode: 'WHIM' } }, 'INVALID_ARGUMENT', 'rows[0].reasonCode'],
            [
                'a prepayment without evidence',
                { amounts: { prepaidPrincipal: 10_000, closingBalance: 440_000 } },
                'ABS_EVIDENCE_MISMATCH',
                'PREPAYMENT',
            ],
            [
                'evidence without its amount',
                { row: { evidence: { DEFAULT: fingerprint('d') } } },
                'ABS_EVIDENCE_MISMATCH',
                'DEFAULT',
            ],
        ])('refuses %s', async (_what, change, code, mention) => {
            const refusal = await abs.refusal(() => postRaw(1, ROWS[0]!, change));
            expect(refusal).toMatchObject({ code, unchanged: true });
            expect(JSON.stringify(refusal.details)).toContain(mention);
        });

        it('refuses rows without transient amounts', async () => {
            const parts = rowParts(ROWS[0]!, 1);
            const refusal = await abs.refusal(() =>
                abs.call(abs.report, 'PostPeriodUpdates', {
                    dealId: abs.dealId,
                    periodNo: 1,
                    batchId: 'b',
                    rows: [parts.row],
                }),
            );
            expect(refusal).toMatchObject({ code: 'ABS_AMOUNTS_MISSING', unchanged: true });
        });

        it('refuses a loan twice in a batch, twice in a period, and a batch ID used before', async () => {
            const twice = await abs.refusal(() => abs.postRows(1, 'rows-1', [ROWS[0]!, ROWS[0]!]));
            expect(twice).toMatchObject({ code: 'ABS_DUPLICATE_LOAN', unchanged: true });
            await abs.postRows(1, 'rows-1', [ROWS[0]!]);
            const again = await abs.refusal(() => abs.postRows(1, 'rows-2', [ROWS[0]!]));
            expect(again).toMatchObject({
                code: 'ABS_LOAN_ALREADY_REPORTED',
                details: { periodNo: 1 },
                unchanged: true,
            });
            const batch = await abs.refusal(() => abs.postRows(1, 'rows-1', [ROWS[1]!]));
            expect(batch).toMatchObject({ code: 'ABS_BATCH_EXISTS', unchanged: true });
        });

        it('refuses rows for a period that is not open', async () => {
            const unknown = await abs.refusal(() => abs.postRows(2, 'rows-1', ROWS));
            expect(unknown).toMatchObject({ code: 'ABS_PERIOD_NOT_FOUND', details: { periodNo: 2 }, unchanged: true });
            await abs.postRows(1, 'rows-1', ROWS);
            await abs.close(1, SERVICER_1);
            const closed = await abs.refusal(() => abs.postRows(1, 'rows-2', ROWS));
            expect(closed).toMatchObject({ code: 'ABS_PERIOD_CLOSED', unchanged: true });
        });

        it('refuses rows for loans that left the pool and moves a defaulted loan only to charge-off', async () => {
            await abs.postRows(1, 'rows-1', [
                { label: 'A', status: 'PREPAID', remainingTerm: 0, scheduled: 50_000, prepaid: 450_000, closing: 0 },
                {
                    label: 'B',
                    status: 'DEFAULTED',
                    daysPastDue: 30,
                    remainingTerm: 12,
                    scheduled: 0,
                    defaulted: 300_000,
                    closing: 0,
                },
                ROWS[2]!,
            ]);
            await abs.close(
                1,
                rollForward({
                    openingBalance: 1_000_000,
                    scheduledPrincipal: 50_000,
                    prepaidPrincipal: 450_000,
                    defaultedPrincipal: 300_000,
                    closingBalance: 200_000,
                }),
            );
            await abs.openPeriod(2, '2026-03-01', '2026-03-31');
            const prepaid = await abs.refusal(() =>
                abs.postRows(2, 'rows-2', [
                    { label: 'A', status: 'CURRENT', remainingTerm: 0, scheduled: 0, closing: 1 },
                ]),
            );
            expect(prepaid).toMatchObject({ code: 'ABS_LOAN_CLOSED', details: { status: 'PREPAID' }, unchanged: true });
            const cured = await abs.refusal(() =>
                abs.postRows(2, 'rows-2', [
                    { label: 'B', status: 'CURRENT', remainingTerm: 11, scheduled: 0, closing: 300_000 },
                ]),
            );
            expect(cured).toMatchObject({
                code: 'ABS_LOAN_TRANSITION_NOT_ALLOWED',
                details: { from: 'DEFAULTED', to: 'CURRENT' },
                unchanged: true,
            });
            const recovery = await abs.refusal(() =>
                abs.postRows(2, 'rows-2', [
                    {
                        label: 'B',
                        status: 'DEFAULTED',
                        remainingTerm: 12,
                        scheduled: 0,
                        recovered: 300_001,
                        closing: 0,
                    },
                ]),
            );
            expect(recovery).toMatchObject({ code: 'ABS_LOSS_EXCEEDS_DEFAULT', unchanged: true });
        });
    });

    describe('ClosePeriod', () => {
        beforeEach(async () => {
            await abs.openPeriod(1, '2026-02-01', '2026-02-28');
        });

        it('closes the period once, with its report, one event, and the pool rolled forward', async () => {
            await abs.postRows(1, 'rows-1', ROWS.slice(0, 2));
            await abs.postRows(1, 'rows-2', ROWS.slice(2));
            const { result, event, setEventCalls } = await abs.close<PeriodRecord>(1, SERVICER_1);
            expect(result).toMatchObject({ status: 'CLOSED', closedTxId: result.closedTxId });
            expect(result.report).toMatchObject({
                reportFingerprint: fingerprint('servicer-report:1'),
                rollForward: SERVICER_1,
                batchIds: ['rows-1', 'rows-2'],
                activeLoanCount: 3,
                dealTransition: null,
            });
            expect(event).toEqual({
                name: 'abs.period.closed',
                payload: {
                    breachedTriggers: [],
                    dealId: abs.dealId,
                    dealTransition: null,
                    periodNo: 1,
                    txId: result.closedTxId,
                },
            });
            expect(setEventCalls).toBe(1);
            const { result: pool } = await abs.call<{ pool: PoolRecord }>(abs.pool, 'GetPool', { dealId: abs.dealId });
            expect(pool.pool).toMatchObject({
                currentBalance: 920_000,
                activeLoanCount: 3,
                openPeriod: 0,
                lastClosedPeriod: 1,
                lastPeriodEndDate: '2026-02-28',
                latestPoolFactorPpm: 920_000,
            });
        });

        it('refuses to close a period twice', async () => {
            await abs.postRows(1, 'rows-1', ROWS);
            await abs.close(1, SERVICER_1);
            const refusal = await abs.refusal(() => abs.close(1, SERVICER_1));
            expect(refusal).toMatchObject({ code: 'ABS_PERIOD_CLOSED', details: { periodNo: 1 }, unchanged: true });
        });

        it('refuses a period in which a pool loan has no row', async () => {
            await abs.postRows(1, 'rows-1', ROWS.slice(0, 2));
            const refusal = await abs.refusal(() =>
                abs.close(
                    1,
                    rollForward({ openingBalance: 800_000, scheduledPrincipal: 80_000, closingBalance: 720_000 }),
                ),
            );
            expect(refusal).toMatchObject({
                code: 'ABS_PERIOD_INCOMPLETE',
                details: { expected: 3, reported: 2 },
                unchanged: true,
            });
        });

        it('refuses a servicer report that does not reconcile with the loan-level figures', async () => {
            await abs.postRows(1, 'rows-1', ROWS);
            const refusal = await abs.refusal(() =>
                abs.close(1, { ...SERVICER_1, prepaidPrincipal: 1, closingBalance: 919_999 }),
            );
            expect(refusal).toMatchObject({
                code: 'ABS_REPORT_DOES_NOT_RECONCILE',
                details: {
                    lines: ['prepaidPrincipal', 'closingBalance'],
                    computed: [0, 920_000],
                    reported: [1, 919_999],
                },
                unchanged: true,
            });
        });

        it('refuses a servicer report with a missing or negative line', async () => {
            await abs.postRows(1, 'rows-1', ROWS);
            const missing = await abs.refusal(() =>
                abs.call(abs.report, 'ClosePeriod', {
                    dealId: abs.dealId,
                    periodNo: 1,
                    reportFingerprint: fingerprint('r'),
                    servicerReport: { openingBalance: 1 },
                }),
            );
            expect(missing).toMatchObject({ code: 'INVALID_ARGUMENT', unchanged: true });
            const negative = await abs.refusal(() => abs.close(1, { ...SERVICER_1, scheduledPrincipal: -80_000 }));
            expect(negative).toMatchObject({
                code: 'INVALID_ARGUMENT',
                details: { field: 'servicerReport.scheduledPrincipal' },
            });
        });

        it('refuses an unknown period and other organisations', async () => {
            expect((await abs.refusal(() => abs.close(2, SERVICER_1))).code).toBe('ABS_PERIOD_NOT_FOUND');
            const investor = await abs.refusal(() =>
                abs.call(
                    abs.report,
                    'ClosePeriod',
                    {
                        dealId: abs.dealId,
                        periodNo: 1,
                        reportFingerprint: fingerprint('r'),
                        servicerReport: SERVICER_1,
                    },
                    { as: USERS.investor },
                ),
            );
            expect(investor.code).toBe('ACCESS_DENIED');
        });

        it('does not move a deal on a breach while it is ISSUED', async () => {
            const other = new AbsDriver(ledger, USERS.bank, 'DEAL-I');
            await other.createDeal();
            await other.addCutOffLoans('tape-1', LOANS);
            await other.cutOff(LOANS);
            await other.transition('ISSUED');
            await other.openPeriod(1, '2026-02-01', '2026-02-28');
            await other.postRows(1, 'rows-1', [
                ROWS[0]!,
                ROWS[1]!,
                {
                    label: 'C',
                    status: 'DEFAULTED',
                    daysPastDue: 91,
                    remainingTerm: 5,
                    scheduled: 0,
                    defaulted: 200_000,
                    closing: 0,
                },
            ]);
            const { result } = await other.close<PeriodRecord>(
                1,
                rollForward({
                    openingBalance: 1_000_000,
                    scheduledPrincipal: 80_000,
                    defaultedPrincipal: 200_000,
                    closingBalance: 720_000,
                }),
            );
            expect(result.report!.triggers[0]).toMatchObject({ valuePpm: 200_000, breached: true });
            expect(result.report!.dealTransition).toBeNull();
            const { result: deal } = await other.call<DealRecord>(other.deal, 'GetDeal', { dealId: 'DEAL-I' });
            expect(deal.status).toBe('ISSUED');
        });
    });

    describe('roll-forward guard', () => {
        const deal = { dealId: 'D' } as DealRecord;
        const pool = { currentBalance: 1000 } as PoolRecord;

        it('refuses rows whose openings do not add up to the pool balance', () => {
            const totals = { ...emptyPeriodTotals(), openingBalance: 900, closingBalance: 900 };
            expect(() => checkRollForward(deal, 1, pool, totals, { loanCount: 0, principal: 0 })).toThrow(
                /ABS_ROLL_FORWARD_MISMATCH.*openingBalance/,
            );
        });

        it('refuses additions that differ from the purchases', () => {
            const totals = {
                ...emptyPeriodTotals(),
                openingBalance: 1000,
                revolvingPurchasedPrincipal: 10,
                closingBalance: 1010,
            };
            expect(() => checkRollForward(deal, 1, pool, totals, { loanCount: 1, principal: 20 })).toThrow(
                /ABS_ROLL_FORWARD_MISMATCH.*addedPrincipal/,
            );
        });

        it('refuses flows that do not reach the closing balance', () => {
            const totals = {
                ...emptyPeriodTotals(),
                openingBalance: 1000,
                scheduledPrincipal: 10,
                closingBalance: 995,
            };
            expect(() => checkRollForward(deal, 1, pool, totals, { loanCount: 0, principal: 0 })).toThrow(
                /ABS_ROLL_FORWARD_MISMATCH.*closingBalance/,
            );
        });
    });

    describe('AcknowledgeReport and reads', () => {
        beforeEach(async () => {
            await abs.openPeriod(1, '2026-02-01', '2026-02-28');
            await abs.postRows(1, 'rows-1', ROWS);
        });

        it('refuses to acknowledge a period that has no report yet', async () => {
            const refusal = await abs.refusal(() =>
                abs.call(abs.report, 'AcknowledgeReport', { dealId: abs.dealId, periodNo: 1 }, { as: USERS.investor }),
            );
            expect(refusal).toMatchObject({ code: 'ABS_PERIOD_NOT_CLOSED', unchanged: true });
        });

        it('records which report, which investor, when, and the statement', async () => {
            await abs.close(1, SERVICER_1);
            const { result: view } = await abs.call<{ period: PeriodRecord; reportDigest: string }>(
                abs.report,
                'GetPeriodReport',
                { dealId: abs.dealId, periodNo: 1 },
                { as: USERS.investor },
            );
            const { result, event, setEventCalls } = await abs.call<AcknowledgementRecord>(
                abs.report,
                'AcknowledgeReport',
                { dealId: abs.dealId, periodNo: 1, statementCode: 'RECOMPUTED_OK', reportDigest: view.reportDigest },
                { as: USERS.investor },
            );
            expect(result).toEqual({
                dealId: abs.dealId,
                periodNo: 1,
                reportDigest: view.reportDigest,
                investorMspId: 'InvestorMSP',
                investorSubject: '/C=CN/ST=Beijing/L=Beijing/OU=client/CN=User1@investor.lendledger.test',
                statementCode: 'RECOMPUTED_OK',
                txId: result.txId,
                time: result.time,
            });
            expect(event?.name).toBe('abs.report.acknowledged');
            expect(setEventCalls).toBe(1);
            await abs.call(
                abs.report,
                'AcknowledgeReport',
                { dealId: abs.dealId, periodNo: 1 },
                { as: USERS.investor },
            );
            const { result: list } = await abs.call<{ items: AcknowledgementRecord[] }>(
                abs.report,
                'ListAcknowledgements',
                {
                    dealId: abs.dealId,
                    periodNo: 1,
                },
            );
            expect(list.items.map((ack) => ack.statementCode)).toEqual(['RECOMPUTED_OK', null]);
        });

        it('refuses an acknowledgement of another report version, by the issuer, or of an unknown period', async () => {
            await abs.close(1, SERVICER_1);
            const digest = await abs.refusal(() =>
                abs.call(
                    abs.report,
                    'AcknowledgeReport',
                    { dealId: abs.dealId, periodNo: 1, reportDigest: `sha256:${'0'.repeat(64)}` },
                    { as: USERS.investor },
                ),
            );
            expect(digest).toMatchObject({ code: 'ABS_REPORT_DIGEST_MISMATCH', unchanged: true });
            const bank = await abs.refusal(() =>
                abs.call(abs.report, 'AcknowledgeReport', { dealId: abs.dealId, periodNo: 1 }),
            );
            expect(bank).toMatchObject({ code: 'ACCESS_DENIED', unchanged: true });
            const unknown = await abs.refusal(() =>
                abs.call(abs.report, 'AcknowledgeReport', { dealId: abs.dealId, periodNo: 9 }, { as: USERS.investor }),
            );
            expect(unknown).toMatchObject({ code: 'ABS_PERIOD_NOT_FOUND', unchanged: true });
            const statement = await abs.refusal(() =>
                abs.call(
                    abs.report,
                    'AcknowledgeReport',
                    { dealId: abs.dealId, periodNo: 1, statementCode: 'looks fine' },
                    { as: USERS.investor },
                ),
            );
            expect(statement).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'statementCode' } });
        });

        it('lists periods and answers the metrics series within a range', async () => {
            await abs.close(1, SERVICER_1);
            await abs.openPeriod(2, '2026-03-01', '2026-03-31');
            const { result: page } = await abs.call<{ items: PeriodRecord[] }>(
                abs.report,
                'ListPeriodReports',
                { dealId: abs.dealId },
                { as: USERS.investor },
            );
            expect(page.items.map((period) => [period.periodNo, period.status])).toEqual([
                [1, 'CLOSED'],
                [2, 'OPEN'],
            ]);
            const { result: series } = await abs.call<{ series: { periodNo: number }[] }>(
                abs.report,
                'GetMetricsSeries',
                {
                    dealId: abs.dealId,
                    fromPeriod: 1,
                    toPeriod: 2,
                },
            );
            expect(series.series.map((point) => point.periodNo)).toEqual([1]);
            const empty = await abs.call<{ series: unknown[] }>(abs.report, 'GetMetricsSeries', {
                dealId: abs.dealId,
                fromPeriod: 2,
            });
            expect(empty.result.series).toEqual([]);
            const backwards = await abs.refusal(() =>
                abs.call(abs.report, 'GetMetricsSeries', { dealId: abs.dealId, fromPeriod: 3, toPeriod: 2 }),
            );
            expect(backwards).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'toPeriod' } });
        });

        it.each([USERS.platform, USERS.notary, USERS.court])('refuses report reads by $mspId', async (identity) => {
            const refusal = await abs.refusal(() =>
                abs.call(abs.report, 'GetPeriodReport', { dealId: abs.dealId, periodNo: 1 }, { as: identity }),
            );
            expect(refusal.code).toBe('ACCESS_DENIED');
        });
    });
});
