import { CASH_FIGURES, type CashFigure, type CashReportRecord } from '@lendledger/domain';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { USERS } from '../../testing/memory-ledger.js';
import { fingerprint, rowParts } from '../testing/abs-harness.js';
import { type CashFigures, AbsDriver, rollForward } from '../testing/abs-driver.js';
import { absLedger, ACCOUNT_BANK } from '../testing/abs-ledger.js';
import { SAMPLE_LOANS as LOANS } from '../testing/sample-pool.js';

/*
 * A period closes only when the servicer's collections reconcile with the account bank's cash report. The rows of
 * period 1 below collect principal 50 000 + 30 000 (scheduled) + 20 000 (prepaid) + 10 000 (repurchased) and
 * recoveries 0; the close states interest 9 000.
 */

const ROWS = [
    { label: 'A', status: 'CURRENT', remainingTerm: 9, scheduled: 50_000, prepaid: 20_000, closing: 430_000 },
    { label: 'B', status: 'CURRENT', remainingTerm: 11, scheduled: 30_000, closing: 270_000 },
    {
        label: 'C',
        status: 'REPURCHASED',
        remainingTerm: 5,
        scheduled: 0,
        repurchased: 200_000,
        closing: 0,
        reasonCode: 'REPS_AND_WARRANTIES_BREACH',
    },
] as const;
const SERVICER = rollForward({
    openingBalance: 1_000_000,
    scheduledPrincipal: 80_000,
    prepaidPrincipal: 20_000,
    repurchasedPrincipal: 200_000,
    closingBalance: 700_000,
});
const COLLECTED: CashFigures = { principal: 300_000, interest: 9_000, recoveries: 0 };

describe('closing a period against the account bank cash report', () => {
    let abs: AbsDriver;

    beforeEach(async () => {
        abs = new AbsDriver(absLedger({ startTime: '2026-02-01T08:00:00.000Z' }), USERS.bank);
        await abs.createDeal();
        await abs.addCutOffLoans('tape-1', LOANS);
        await abs.cutOff(LOANS);
        await abs.transition('ISSUED');
        await abs.openPeriod(1, '2026-02-01', '2026-02-28');
        await abs.postRows(1, 'rows-1', ROWS);
    });

    const closeWithInterest = (): Promise<unknown> =>
        abs.call(abs.report, 'ClosePeriod', {
            dealId: abs.dealId,
            periodNo: 1,
            reportFingerprint: fingerprint('servicer-report:1'),
            servicerReport: SERVICER,
            interestCollections: COLLECTED.interest,
        });

    it('refuses any single differing figure, naming it with both values, and writes nothing; equal figures close', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom<CashFigure>(...CASH_FIGURES),
                fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
                async (figure, value) => {
                    fc.pre(value !== COLLECTED[figure]);
                    await abs.submitCashReport(1, { ...COLLECTED, [figure]: value });
                    const refusal = await abs.refusal(closeWithInterest);
                    expect(refusal).toMatchObject({
                        code: 'ABS_COLLECTIONS_UNRECONCILED',
                        details: {
                            reason: 'FIGURES_DIFFER',
                            mismatches: [{ figure, servicer: COLLECTED[figure], accountBank: value }],
                        },
                        unchanged: true,
                    });
                },
            ),
            { numRuns: 60 },
        );
        await abs.submitCashReport(1, COLLECTED);
        await closeWithInterest();
        const { result } = await abs.call<{ status: string }>(abs.report, 'GetPeriodReport', {
            dealId: abs.dealId,
            periodNo: 1,
        });
        expect(result).toMatchObject({ period: { status: 'CLOSED' } });
    });

    it('names every differing figure at once', async () => {
        await abs.submitCashReport(1, { principal: 299_999, interest: 9_001, recoveries: 5 });
        const refusal = await abs.refusal(closeWithInterest);
        expect(refusal.details).toMatchObject({
            mismatches: [
                { figure: 'principal', servicer: 300_000, accountBank: 299_999 },
                { figure: 'interest', servicer: 9_000, accountBank: 9_001 },
                { figure: 'recoveries', servicer: 0, accountBank: 5 },
            ],
        });
        expect(refusal.message).toMatch(/principal 300000 \(servicer\) ≠ 299999 \(account bank\)/);
    });

    it('refuses a close without a cash report, and then closes once the account bank reports', async () => {
        const fresh = new AbsDriver(absLedger({ startTime: '2026-02-01T08:00:00.000Z' }), USERS.bank, 'DEAL-2026-2');
        await fresh.createDeal();
        await fresh.addCutOffLoans('tape-1', LOANS);
        await fresh.cutOff(LOANS);
        await fresh.transition('ISSUED');
        await fresh.openPeriod(1, '2026-02-01', '2026-02-28');
        // Posted without the driver's automatic cash report.
        const parts = ROWS.map((row) => rowParts(row, 1));
        await fresh.call(
            fresh.report,
            'PostPeriodUpdates',
            { dealId: fresh.dealId, periodNo: 1, batchId: 'rows-1', rows: parts.map((part) => part.row) },
            { transient: { loans: parts.map((part) => part.amounts) } },
        );
        const none = await fresh.refusal(() => fresh.close(1, SERVICER));
        expect(none).toMatchObject({
            code: 'ABS_COLLECTIONS_UNRECONCILED',
            details: {
                reason: 'NO_CASH_REPORT',
                accountBankMspId: 'Bank2MSP',
                servicer: { principal: 300_000, interest: null, recoveries: 0 },
            },
            unchanged: true,
        });
        await fresh.submitCashReport(1, COLLECTED);
        const { result } = await fresh.close<{ status: string }>(1, SERVICER);
        expect(result.status).toBe('CLOSED');
    });

    it('compares no interest when the close states none (and the close then writes no waterfall)', async () => {
        await abs.submitCashReport(1, { ...COLLECTED, interest: 123 });
        await abs.close(1, SERVICER);
        const waterfall = await abs.refusal(() =>
            abs.call(abs.report, 'GetPeriodWaterfall', { dealId: abs.dealId, periodNo: 1 }),
        );
        expect(waterfall).toMatchObject({ code: 'ABS_WATERFALL_NOT_FOUND' });
    });

    it('takes a report only from the named account bank, replaces it before the close, and never after', async () => {
        const issuer = await abs.refusal(() => abs.submitCashReport(1, COLLECTED, USERS.bank));
        expect(issuer).toMatchObject({ code: 'ABS_NOT_ACCOUNT_BANK', details: { accountBankMspId: 'Bank2MSP' } });
        const investor = await abs.refusal(() => abs.submitCashReport(1, COLLECTED, USERS.investor));
        expect(investor).toMatchObject({ code: 'ACCESS_DENIED', unchanged: true });
        const first = await abs.submitCashReport<CashReportRecord>(1, { ...COLLECTED, principal: 1 });
        const second = await abs.submitCashReport<CashReportRecord>(1, COLLECTED);
        expect(second.result).toMatchObject({ replacedTxId: first.result.txId, accountBankMspId: ACCOUNT_BANK.mspId });
        expect(second.event?.name).toBe('abs.period.cash-reported');
        await closeWithInterest();
        const late = await abs.refusal(() => abs.submitCashReport(1, { ...COLLECTED, principal: 2 }));
        expect(late).toMatchObject({ code: 'ABS_PERIOD_CLOSED', unchanged: true });
        const { result } = await abs.call<CashReportRecord>(
            abs.report,
            'GetCashReport',
            { dealId: abs.dealId, periodNo: 1 },
            { as: USERS.investor },
        );
        expect(result).toEqual(second.result);
    });

    it('refuses a deal whose account bank is its issuer or holds no role bank', async () => {
        const other = new AbsDriver(absLedger(), USERS.bank, 'DEAL-2026-9');
        for (const accountBankMspId of ['BankMSP', 'InvestorMSP', 'NoSuchMSP']) {
            const refusal = await other.refusal(() => other.createDeal({ accountBankMspId }));
            expect(refusal).toMatchObject({
                code: 'ABS_NOT_AN_ACCOUNT_BANK',
                details: { field: 'accountBankMspId', mspId: accountBankMspId },
                unchanged: true,
            });
        }
        const missing = await other.refusal(() => other.createDeal({ accountBankMspId: undefined }));
        expect(missing).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'accountBankMspId' } });
    });
});
