import {
    type CutOffRecord,
    type DealRecord,
    fromHex,
    type LoanAmountsRecord,
    type LoanRecord,
} from '@lendledger/domain';
import { verifyInclusion } from '@lendledger/domain/node';
import { beforeEach, describe, expect, it } from 'vitest';
import { type MemoryLedger, USERS } from '../../testing/memory-ledger.js';
import { implicitCollectionOf } from '../private-data.js';

import { fingerprint, loanId, loanParts, salt } from '../testing/abs-harness.js';
import { AbsDriver, rollForward } from '../testing/abs-driver.js';
import { SAMPLE_PURCHASE as NEW, SAMPLE_LOANS as LOANS } from '../testing/sample-pool.js';
import { absLedger } from '../testing/abs-ledger.js';

/** The issuing bank's implicit collection, where the story deal's amounts live. */
const BANK_AMOUNTS = implicitCollectionOf('BankMSP');

describe('AbsPool contract', () => {
    let ledger: MemoryLedger;
    let abs: AbsDriver;

    beforeEach(async () => {
        ledger = absLedger({ startTime: '2026-02-01T08:00:00.000Z' });
        abs = new AbsDriver(ledger, USERS.bank);
        await abs.createDeal();
    });

    /** A tape request whose transient amounts come from `amounts` instead of the loans themselves. */
    function addWith(
        loans: unknown[],
        transient: Readonly<Record<string, unknown>>,
        batchId = 'tape-x',
    ): Promise<unknown> {
        return abs.call(abs.pool, 'AddCutOffLoans', { dealId: abs.dealId, batchId, loans }, { transient });
    }

    describe('AddCutOffLoans', () => {
        it('puts public rows on the channel and amounts in the collection, with one event and no amounts in the answer', async () => {
            const { result, event, setEventCalls, txId } = await abs.addCutOffLoans('tape-1', LOANS);
            expect(result).toEqual({
                dealId: abs.dealId,
                batchId: 'tape-1',
                loanCount: 3,
                tapeSize: 3,
                firstTapeIndex: 0,
            });
            expect(event).toEqual({
                name: 'abs.pool.loans-added',
                payload: { batchId: 'tape-1', dealId: abs.dealId, loanCount: 3, tapeSize: 3, txId },
            });
            expect(setEventCalls).toBe(1);
            const loan = JSON.parse(
                ledger.read(ledger.keys().find((key) => key.includes(loanId('A')))!)!,
            ) as LoanRecord;
            expect(loan).toMatchObject({
                loanId: loanId('A'),
                fingerprint: fingerprint('tape:A'),
                rateBps: 1200,
                status: 'CURRENT',
                acquisition: 'CUT_OFF',
                tapeIndex: 0,
                addedInPeriod: 0,
            });
            const privateAmounts = [...ledger.privateData(BANK_AMOUNTS).values()].map(
                (text) => JSON.parse(text) as Partial<LoanAmountsRecord>,
            );
            expect(privateAmounts).toContainEqual({
                dealId: abs.dealId,
                loanId: loanId('A'),
                originalPrincipal: 600_000,
                currentPrincipal: 500_000,
                defaultedPrincipal: 0,
                chargedOffPrincipal: 0,
                recoveredAmount: 0,
                salt: salt('loan:A'),
            });
        });

        it('writes the same bytes, public and private, whatever the key order of request and transient data', async () => {
            const reversed = (value: Record<string, unknown>): Record<string, unknown> =>
                Object.fromEntries(Object.entries(value).reverse());
            const parts = LOANS.map((loan) => loanParts(loan));
            const request = { dealId: abs.dealId, batchId: 'tape-1', loans: parts.map((part) => part.row) };
            const other = absLedger({ startTime: '2026-02-01T08:00:00.000Z' });
            const twin = new AbsDriver(other, USERS.bank);
            await twin.createDeal();
            const first = await abs.call(abs.pool, 'AddCutOffLoans', request, {
                transient: { loans: parts.map((part) => part.amounts) },
            });
            const second = await twin.call(
                twin.pool,
                'AddCutOffLoans',
                { loans: parts.map((part) => reversed(part.row)), batchId: 'tape-1', dealId: abs.dealId },
                { transient: { loans: parts.map((part) => reversed(part.amounts)) } },
            );
            expect(second.result).toEqual(first.result);
            expect([...other.snapshot()]).toEqual([...ledger.snapshot()]);
            expect([...other.privateData(BANK_AMOUNTS)]).toEqual([...ledger.privateData(BANK_AMOUNTS)]);
        });

        it('keeps every amount off the public state', async () => {
            await abs.addCutOffLoans('tape-1', LOANS);
            // The deal record is left out: its tranche sizes and trigger thresholds are public by design.
            const publicText = [...ledger.snapshot()]
                .filter(([key]) => !key.includes('abs.deal'))
                .map(([, value]) => value)
                .join('\n');
            for (const amount of ['600000', '500000', '300000', '200000', 'originalPrincipal', 'currentPrincipal']) {
                expect(publicText).not.toContain(amount);
            }
        });

        it('continues the tape across batches', async () => {
            await abs.addCutOffLoans('tape-1', LOANS.slice(0, 2));
            const { result } = await abs.addCutOffLoans<{ firstTapeIndex: number; tapeSize: number }>(
                'tape-2',
                LOANS.slice(2),
            );
            expect(result).toMatchObject({ firstTapeIndex: 2, tapeSize: 3 });
        });

        it('refuses a batch without transient amounts and writes nothing', async () => {
            const refusal = await abs.refusal(() => addWith([loanParts(LOANS[0]!).row], {}));
            expect(refusal).toMatchObject({
                code: 'ABS_AMOUNTS_MISSING',
                details: { transientKey: 'loans' },
                unchanged: true,
            });
        });

        it('refuses transient amounts that are not a JSON array', async () => {
            const refusal = await abs.refusal(() => addWith([loanParts(LOANS[0]!).row], { loans: { a: 1 } }));
            expect(refusal).toMatchObject({ code: 'ABS_AMOUNTS_MISSING', unchanged: true });
            const garbage = await abs.refusal(() => addWith([loanParts(LOANS[0]!).row], { loans: '[{' }));
            expect(garbage).toMatchObject({ code: 'INVALID_JSON', unchanged: true });
        });

        it('refuses amounts missing for a loan, or given for a loan not in the request', async () => {
            const [a, b] = [loanParts(LOANS[0]!), loanParts(LOANS[1]!)];
            const missing = await abs.refusal(() => addWith([a.row, b.row], { loans: [a.amounts] }));
            expect(missing).toMatchObject({
                code: 'ABS_AMOUNTS_MISMATCH',
                details: { loanId: loanId('B') },
                unchanged: true,
            });
            const extra = await abs.refusal(() => addWith([a.row], { loans: [a.amounts, b.amounts] }));
            expect(extra).toMatchObject({ code: 'ABS_AMOUNTS_MISMATCH', details: { index: 1, loanId: loanId('B') } });
            const twice = await abs.refusal(() => addWith([a.row], { loans: [a.amounts, a.amounts] }));
            expect(twice).toMatchObject({ code: 'ABS_AMOUNTS_MISMATCH', details: { index: 1 } });
        });

        it.each([
            ['a negative principal', { currentPrincipal: -1 }, 'INVALID_ARGUMENT', 'currentPrincipal'],
            ['a fractional principal', { originalPrincipal: 1000.5 }, 'INVALID_ARGUMENT', 'originalPrincipal'],
            ['a principal as text', { currentPrincipal: '1000' }, 'INVALID_ARGUMENT', 'currentPrincipal'],
            ['a short salt', { salt: 'abcd' }, 'INVALID_ARGUMENT', 'salt'],
        ])('refuses %s', async (_what, change, code, field) => {
            const a = loanParts(LOANS[0]!);
            const refusal = await abs.refusal(() => addWith([a.row], { loans: [{ ...a.amounts, ...change }] }));
            expect(refusal).toMatchObject({ code, unchanged: true });
            expect(String(refusal.details.field)).toContain(field);
        });

        it.each([
            ['an unknown status', { status: 'LATE' }, 'INVALID_ARGUMENT'],
            ['a defaulted loan in the tape', { status: 'DEFAULTED' }, 'INVALID_ARGUMENT'],
            ['a malformed loan ID', { loanId: 'loan-1' }, 'INVALID_ARGUMENT'],
            ['a rate above 100%', { rateBps: 10_001 }, 'INVALID_ARGUMENT'],
            [
                'a status that contradicts the days past due',
                { status: 'DPD_31_60', daysPastDue: 12 },
                'ABS_STATUS_MISMATCH',
            ],
            [
                'a loan in default under the deal',
                { status: 'DPD_90_PLUS', daysPastDue: 91 },
                'ABS_DEFAULT_NOT_RECOGNISED',
            ],
            ['a remaining term above the original', { remainingTerm: 13 }, 'ABS_LOAN_INCONSISTENT'],
        ])('refuses %s', async (_what, change, code) => {
            const a = loanParts(LOANS[0]!);
            const row: Record<string, unknown> = { ...a.row, ...change };
            const amounts = { ...a.amounts, loanId: row.loanId };
            const refusal = await abs.refusal(() => addWith([row], { loans: [amounts] }));
            expect(refusal).toMatchObject({ code, unchanged: true });
        });

        it('refuses a batch whose totals leave the safe-integer range', async () => {
            const huge = 2 ** 52;
            const refusal = await abs.refusal(() =>
                abs.addCutOffLoans('tape-1', [
                    { ...LOANS[0]!, original: huge, current: huge },
                    { ...LOANS[1]!, original: huge, current: huge },
                ]),
            );
            expect(refusal).toMatchObject({
                code: 'ABS_AMOUNT_OUT_OF_RANGE',
                details: { field: 'originalPrincipal' },
                unchanged: true,
            });
        });

        it('refuses a current principal above the original', async () => {
            const refusal = await abs.refusal(() =>
                abs.addCutOffLoans('tape-1', [{ ...LOANS[0]!, original: 100, current: 101 }]),
            );
            expect(refusal).toMatchObject({
                code: 'ABS_LOAN_INCONSISTENT',
                details: { field: 'currentPrincipal', index: 0 },
                unchanged: true,
            });
        });

        it('refuses a loan twice in a batch, a loan already in the pool and a batch ID used before', async () => {
            const duplicate = await abs.refusal(() => abs.addCutOffLoans('tape-1', [LOANS[0]!, LOANS[0]!]));
            expect(duplicate).toMatchObject({ code: 'ABS_DUPLICATE_LOAN', details: { index: 1 }, unchanged: true });
            await abs.addCutOffLoans('tape-1', [LOANS[0]!]);
            const again = await abs.refusal(() => abs.addCutOffLoans('tape-2', [LOANS[0]!]));
            expect(again).toMatchObject({ code: 'ABS_LOAN_EXISTS', details: { loanId: loanId('A') }, unchanged: true });
            const batch = await abs.refusal(() => abs.addCutOffLoans('tape-1', [LOANS[1]!]));
            expect(batch).toMatchObject({ code: 'ABS_BATCH_EXISTS', details: { batchId: 'tape-1' }, unchanged: true });
        });

        it('refuses loans added after cut-off', async () => {
            await abs.addCutOffLoans('tape-1', LOANS);
            await abs.cutOff(LOANS);
            const refusal = await abs.refusal(() => abs.addCutOffLoans('tape-2', [NEW]));
            expect(refusal).toMatchObject({
                code: 'ABS_POOL_CUT_OFF',
                details: { status: 'CUT_OFF' },
                unchanged: true,
            });
        });

        it('refuses other organisations before reading anything', async () => {
            const refusal = await abs.refusal(() =>
                abs.call(abs.pool, 'AddCutOffLoans', '{not json', { as: USERS.investor }),
            );
            expect(refusal).toMatchObject({ code: 'ACCESS_DENIED', unchanged: true });
        });

        it('refuses a batch for an unknown deal', async () => {
            const other = new AbsDriver(ledger, USERS.bank, 'NOPE');
            const refusal = await other.refusal(() => other.addCutOffLoans('tape-1', LOANS));
            expect(refusal).toMatchObject({ code: 'ABS_DEAL_NOT_FOUND', unchanged: true });
        });
    });

    describe('CutOffPool', () => {
        it('fixes the RFC 9162 root of the tape, the cut-off figures, and moves the deal to CUT_OFF', async () => {
            await abs.addCutOffLoans('tape-1', LOANS.slice(0, 1));
            await abs.addCutOffLoans('tape-2', LOANS.slice(1));
            const { result, event, setEventCalls, txId } = await abs.cutOff<CutOffRecord>(LOANS);
            // 500 000 + 300 000 + 200 000 = 1 000 000; WAC = (1200·500 000 + 1000·300 000 + 1800·200 000) / 1 000 000
            // = 1260; WARM×100 = (10·500 000 + 12·300 000 + 5·200 000)·100 / 1 000 000 = 960.
            expect(result).toEqual({
                dealId: abs.dealId,
                cutOffDate: '2026-01-31',
                loanCount: 3,
                initialBalance: 1_000_000,
                originalPrincipal: 1_100_000,
                weightedRateSum: '1260000000',
                weightedTermSum: '9600000',
                wacBps: 1260,
                warmMonthsX100: 960,
                tapeRoot: AbsDriver.tapeRootOf(LOANS),
                tapeSize: 3,
                tapeFingerprint: fingerprint('tape-document'),
                batchIds: ['tape-1', 'tape-2'],
                txId,
                time: result.time,
            });
            expect(event).toEqual({
                name: 'abs.pool.cut-off',
                payload: {
                    dealId: abs.dealId,
                    loanCount: 3,
                    tapeRoot: AbsDriver.tapeRootOf(LOANS),
                    txId,
                },
            });
            expect(setEventCalls).toBe(1);
            const { result: deal } = await abs.call<DealRecord>(abs.deal, 'GetDeal', { dealId: abs.dealId });
            expect(deal.status).toBe('CUT_OFF');
            expect(deal.statusHistory.at(-1)).toMatchObject({
                from: 'STRUCTURING',
                to: 'CUT_OFF',
                cause: 'POOL_CUT_OFF',
            });
        });

        it('refuses an empty pool', async () => {
            const refusal = await abs.refusal(() => abs.cutOff([NEW]));
            expect(refusal).toMatchObject({ code: 'ABS_POOL_EMPTY', unchanged: true });
        });

        it('refuses a tape the issuer did not send: wrong count or wrong root', async () => {
            await abs.addCutOffLoans('tape-1', LOANS);
            const count = await abs.refusal(() => abs.cutOff(LOANS.slice(0, 2)));
            expect(count).toMatchObject({ code: 'ABS_TAPE_MISMATCH', details: { loanCount: 3, expectedLoanCount: 2 } });
            const reordered = await abs.refusal(() => abs.cutOff([LOANS[1]!, LOANS[0]!, LOANS[2]!]));
            expect(reordered).toMatchObject({
                code: 'ABS_TAPE_MISMATCH',
                details: { tapeRoot: AbsDriver.tapeRootOf(LOANS) },
                unchanged: true,
            });
        });

        it('refuses a second cut-off', async () => {
            await abs.addCutOffLoans('tape-1', LOANS);
            await abs.cutOff(LOANS);
            const refusal = await abs.refusal(() => abs.cutOff(LOANS));
            expect(refusal).toMatchObject({ code: 'ABS_POOL_CUT_OFF', unchanged: true });
        });

        it('refuses a malformed expected root', async () => {
            await abs.addCutOffLoans('tape-1', LOANS);
            const refusal = await abs.refusal(() =>
                abs.call(abs.pool, 'CutOffPool', {
                    dealId: abs.dealId,
                    expectedLoanCount: 3,
                    expectedTapeRoot: 'XYZ',
                    tapeFingerprint: fingerprint('t'),
                }),
            );
            expect(refusal).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'expectedTapeRoot' } });
        });
    });

    describe('PurchaseLoans', () => {
        beforeEach(async () => {
            await abs.addCutOffLoans('tape-1', LOANS);
            await abs.cutOff(LOANS);
            await abs.transition('ISSUED');
        });

        it('refuses a revolving purchase outside the revolving period', async () => {
            await abs.openPeriod(1, '2026-02-01', '2026-02-28');
            const refusal = await abs.refusal(() => abs.purchase(1, 'buy-1', 'REVOLVING_PURCHASE', [NEW]));
            expect(refusal).toMatchObject({
                code: 'ABS_DEAL_STATE',
                details: { status: 'ISSUED', allowed: ['REVOLVING'] },
                unchanged: true,
            });
        });

        it('refuses a purchase without an open period, or into another period', async () => {
            await abs.transition('REVOLVING');
            const none = await abs.refusal(() => abs.purchase(1, 'buy-1', 'REVOLVING_PURCHASE', [NEW]));
            expect(none).toMatchObject({ code: 'ABS_PERIOD_NOT_OPEN', details: { openPeriod: 0 }, unchanged: true });
            await abs.openPeriod(1, '2026-02-01', '2026-02-28');
            const other = await abs.refusal(() => abs.purchase(2, 'buy-1', 'REVOLVING_PURCHASE', [NEW]));
            expect(other).toMatchObject({ code: 'ABS_PERIOD_NOT_OPEN', details: { openPeriod: 1, periodNo: 2 } });
        });

        it('adds a revolving purchase with its evidence as a loan event, leaving the cut-off tape alone', async () => {
            await abs.transition('REVOLVING');
            await abs.openPeriod(1, '2026-02-01', '2026-02-28');
            const { result, event, setEventCalls } = await abs.purchase(1, 'buy-1', 'REVOLVING_PURCHASE', [NEW]);
            expect(result).toEqual({
                dealId: abs.dealId,
                periodNo: 1,
                batchId: 'buy-1',
                acquisition: 'REVOLVING_PURCHASE',
                loanCount: 1,
            });
            expect(event?.name).toBe('abs.pool.loans-purchased');
            expect(setEventCalls).toBe(1);
            const { result: view } = await abs.call<{ loan: LoanRecord; events: unknown[] }>(
                abs.pool,
                'GetLoan',
                { dealId: abs.dealId, loanId: loanId('N') },
                { as: USERS.investor },
            );
            expect(view.loan).toMatchObject({
                acquisition: 'REVOLVING_PURCHASE',
                addedInPeriod: 1,
                acquisitionEvidence: fingerprint('REVOLVING_PURCHASE:N'),
            });
            expect(view.loan.tapeIndex).toBeUndefined();
            expect(view.events).toEqual([
                expect.objectContaining({
                    type: 'REVOLVING_PURCHASE',
                    periodNo: 1,
                    evidence: fingerprint('REVOLVING_PURCHASE:N'),
                }),
            ]);
            const { result: pool } = await abs.call<{ cutOff: CutOffRecord }>(abs.pool, 'GetPool', {
                dealId: abs.dealId,
            });
            expect(pool.cutOff.tapeRoot).toBe(AbsDriver.tapeRootOf(LOANS));
        });

        it('substitutes a loan: the substitute names it, it names the substitute, its row must say SUBSTITUTED', async () => {
            await abs.openPeriod(1, '2026-02-01', '2026-02-28');
            await abs.purchase(1, 'swap-1', 'SUBSTITUTION', [NEW], { N: 'B' });
            const { result: old } = await abs.call<{ loan: LoanRecord }>(abs.pool, 'GetLoan', {
                dealId: abs.dealId,
                loanId: loanId('B'),
            });
            expect(old.loan.replacedBy).toBe(loanId('N'));
            const notSubstituted = await abs.refusal(() =>
                abs.postRows(1, 'rows-1', [
                    { label: 'B', status: 'CURRENT', remainingTerm: 11, scheduled: 0, closing: 300_000 },
                ]),
            );
            expect(notSubstituted).toMatchObject({ code: 'ABS_SUBSTITUTION_MISMATCH', unchanged: true });
            await abs.postRows(1, 'rows-1', [
                { label: 'A', status: 'CURRENT', remainingTerm: 9, scheduled: 50_000, closing: 450_000 },
                {
                    label: 'B',
                    status: 'SUBSTITUTED',
                    remainingTerm: 12,
                    scheduled: 0,
                    substituted: 300_000,
                    closing: 0,
                    reasonCode: 'REPS_AND_WARRANTIES_BREACH',
                },
                { label: 'C', status: 'CURRENT', remainingTerm: 4, scheduled: 40_000, closing: 160_000 },
                { label: 'N', status: 'CURRENT', remainingTerm: 12, scheduled: 0, closing: 150_000 },
            ]);
            const { result: closed } = await abs.close<{ report: { rollForward: unknown; totals: unknown } }>(
                1,
                rollForward({
                    openingBalance: 1_000_000,
                    substitutionInPrincipal: 150_000,
                    scheduledPrincipal: 90_000,
                    substitutedPrincipal: 300_000,
                    closingBalance: 760_000,
                }),
            );
            expect(closed.report.totals).toMatchObject({ inPoolRows: 4, exits: { SUBSTITUTED: 1 } });
            const { result: view } = await abs.call<{ events: unknown[] }>(abs.pool, 'GetLoan', {
                dealId: abs.dealId,
                loanId: loanId('B'),
            });
            expect(view.events).toEqual([
                expect.objectContaining({
                    type: 'SUBSTITUTION_OUT',
                    counterpartLoanId: loanId('N'),
                    reasonCode: 'REPS_AND_WARRANTIES_BREACH',
                }),
            ]);
        });

        it('refuses substituting a loan twice, a loan already reported, or a new loan twice', async () => {
            await abs.openPeriod(1, '2026-02-01', '2026-02-28');
            await abs.purchase(1, 'swap-1', 'SUBSTITUTION', [NEW], { N: 'B' });
            const twice = await abs.refusal(() =>
                abs.purchase(1, 'swap-2', 'SUBSTITUTION', [{ ...NEW, label: 'M' }], { M: 'B' }),
            );
            expect(twice).toMatchObject({
                code: 'ABS_SUBSTITUTION_MISMATCH',
                details: { replacedBy: loanId('N') },
                unchanged: true,
            });
            await abs.postRows(1, 'rows-1', [
                { label: 'A', status: 'CURRENT', remainingTerm: 9, scheduled: 0, closing: 500_000 },
            ]);
            const reported = await abs.refusal(() =>
                abs.purchase(1, 'swap-3', 'SUBSTITUTION', [{ ...NEW, label: 'M' }], { M: 'A' }),
            );
            expect(reported).toMatchObject({ code: 'ABS_LOAN_ALREADY_REPORTED', unchanged: true });
            const existing = await abs.refusal(() => abs.purchase(1, 'swap-4', 'SUBSTITUTION', [NEW], { N: 'C' }));
            expect(existing).toMatchObject({ code: 'ABS_LOAN_EXISTS', unchanged: true });
            const self = await abs.refusal(() =>
                abs.purchase(1, 'swap-5', 'SUBSTITUTION', [{ ...NEW, label: 'C2' }], { C2: 'C2' }),
            );
            expect(self).toMatchObject({ code: 'ABS_DUPLICATE_LOAN', unchanged: true });
            const missing = await abs.refusal(() =>
                abs.call(
                    abs.pool,
                    'PurchaseLoans',
                    {
                        dealId: abs.dealId,
                        periodNo: 1,
                        batchId: 'swap-6',
                        acquisition: 'SUBSTITUTION',
                        loans: [{ ...loanParts({ ...NEW, label: 'Q' }).row, evidence: fingerprint('e') }],
                    },
                    { transient: { loans: [loanParts({ ...NEW, label: 'Q' }).amounts] } },
                ),
            );
            expect(missing).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'loans[0].replacesLoanId' } });
        });
    });

    describe('reads', () => {
        /** The transaction that put the loans on the tape. */
        let tapeTxId: string;

        beforeEach(async () => {
            ({ txId: tapeTxId } = await abs.addCutOffLoans('tape-1', LOANS));
            await abs.cutOff(LOANS);
        });

        it('lists loans by page with their fingerprints and no amounts', async () => {
            const { result } = await abs.call<{ items: LoanRecord[]; bookmark: string }>(
                abs.pool,
                'ListLoans',
                { dealId: abs.dealId, pageSize: 2 },
                { as: USERS.investor },
            );
            expect(result.items).toHaveLength(2);
            expect(result.items[0]).not.toHaveProperty('currentPrincipal');
            const rest = await abs.call<{ items: LoanRecord[] }>(abs.pool, 'ListLoans', {
                dealId: abs.dealId,
                pageSize: 2,
                bookmark: result.bookmark,
            });
            expect([...result.items, ...rest.result.items].map((loan) => loan.loanId).sort()).toEqual(
                ['A', 'B', 'C'].map(loanId).sort(),
            );
        });

        it('answers a loan with the history of its public record', async () => {
            const { result } = await abs.call<{ history: { txId: string }[]; rows: unknown[] }>(abs.pool, 'GetLoan', {
                dealId: abs.dealId,
                loanId: loanId('A'),
            });
            expect(result.history.map((entry) => entry.txId)).toEqual([tapeTxId]);
            expect(result.rows).toEqual([]);
        });

        it('answers an inclusion proof that verifies against the cut-off root', async () => {
            const { result } = await abs.call<{
                leafHash: string;
                tapeIndex: number;
                tapeSize: number;
                proof: string[];
                tapeRoot: string;
            }>(abs.pool, 'GetLoanProof', { dealId: abs.dealId, loanId: loanId('C') }, { as: USERS.investor });
            expect(result).toMatchObject({ tapeIndex: 2, tapeSize: 3, tapeRoot: AbsDriver.tapeRootOf(LOANS) });
            expect(
                verifyInclusion(
                    fromHex(result.leafHash),
                    result.tapeIndex,
                    result.tapeSize,
                    result.proof.map(fromHex),
                    fromHex(result.tapeRoot),
                ),
            ).toBe(true);
        });

        it('refuses a proof before cut-off and for a loan bought later', async () => {
            const other = new AbsDriver(ledger, USERS.bank, 'DEAL-B');
            await other.createDeal();
            await other.addCutOffLoans('tape-1', LOANS);
            const early = await other.refusal(() =>
                other.call(other.pool, 'GetLoanProof', { dealId: 'DEAL-B', loanId: loanId('A') }),
            );
            expect(early.code).toBe('ABS_DEAL_STATE');
            await abs.transition('ISSUED');
            await abs.transition('REVOLVING');
            await abs.openPeriod(1, '2026-02-01', '2026-02-28');
            await abs.purchase(1, 'buy-1', 'REVOLVING_PURCHASE', [NEW]);
            const late = await abs.refusal(() =>
                abs.call(abs.pool, 'GetLoanProof', { dealId: abs.dealId, loanId: loanId('N') }),
            );
            expect(late).toMatchObject({
                code: 'ABS_LOAN_INCONSISTENT',
                details: { acquisition: 'REVOLVING_PURCHASE' },
            });
        });

        it('gives collection members the amounts, checked against the public digest', async () => {
            const { result } = await abs.call<{ amounts: LoanAmountsRecord }>(
                abs.pool,
                'GetLoanAmounts',
                { dealId: abs.dealId, loanId: loanId('A') },
                { as: USERS.investor },
            );
            expect(result.amounts).toMatchObject({ originalPrincipal: 600_000, currentPrincipal: 500_000 });
        });

        it.each([USERS.platform, USERS.notary, USERS.court])('refuses loan amounts to $mspId', async (identity) => {
            const refusal = await abs.refusal(() =>
                abs.call(abs.pool, 'GetLoanAmounts', { dealId: abs.dealId, loanId: loanId('A') }, { as: identity }),
            );
            expect(refusal.code).toBe('ACCESS_DENIED');
        });

        it('tells a peer without the private data to endorse elsewhere', async () => {
            const refusal = await abs.refusal(() =>
                abs.call(
                    abs.pool,
                    'GetLoanAmounts',
                    { dealId: abs.dealId, loanId: loanId('A') },
                    { stub: () => ({ getPrivateData: async () => new Uint8Array(0) }) },
                ),
            );
            expect(refusal).toMatchObject({
                code: 'ABS_PRIVATE_DATA_UNAVAILABLE',
                details: { collection: '_implicit_org_BankMSP' },
            });
            const failing = await abs.refusal(() =>
                abs.call(
                    abs.pool,
                    'GetLoanAmounts',
                    { dealId: abs.dealId, loanId: loanId('A') },
                    {
                        stub: () => ({
                            getPrivateData: async () => {
                                throw new Error('collection absLoanAmounts: peer is not a member');
                            },
                        }),
                    },
                ),
            );
            expect(failing).toMatchObject({ code: 'ABS_PRIVATE_DATA_UNAVAILABLE' });
        });

        it('refuses private amounts that do not match their public digest', async () => {
            const refusal = await abs.refusal(() =>
                abs.call(
                    abs.pool,
                    'GetLoanAmounts',
                    { dealId: abs.dealId, loanId: loanId('A') },
                    {
                        stub: (stub) => ({
                            getPrivateData: async (collection: string, key: string) => {
                                const real = JSON.parse(
                                    Buffer.from(await stub.getPrivateData(collection, key)).toString('utf8'),
                                ) as Record<string, unknown>;
                                return new TextEncoder().encode(JSON.stringify({ ...real, currentPrincipal: 1 }));
                            },
                        }),
                    },
                ),
            );
            expect(refusal).toMatchObject({ code: 'ABS_PRIVATE_DATA_MISMATCH' });
        });

        it('answers ABS_LOAN_NOT_FOUND for a loan not in the pool', async () => {
            const refusal = await abs.refusal(() =>
                abs.call(abs.pool, 'GetLoan', { dealId: abs.dealId, loanId: loanId('nobody') }),
            );
            expect(refusal).toMatchObject({ code: 'ABS_LOAN_NOT_FOUND', details: { loanId: loanId('nobody') } });
        });
    });
});
