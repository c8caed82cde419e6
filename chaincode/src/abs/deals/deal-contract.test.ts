import { canonicalJson, type DealRecord } from '@lendledger/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { type MemoryLedger, USERS } from '../../testing/memory-ledger.js';
import { dealRequest, fingerprint, type TestLoan } from '../testing/abs-harness.js';
import { AbsDriver, rollForward } from '../testing/abs-driver.js';
import { absLedger } from '../testing/abs-ledger.js';

const LOANS: TestLoan[] = [
    { label: 'A', original: 600_000, current: 500_000, rateBps: 1200, originalTerm: 12, remainingTerm: 10 },
    { label: 'B', original: 500_000, current: 500_000, rateBps: 1000, originalTerm: 12, remainingTerm: 12 },
];

/** Reverses the key order of every object, to show that the ledger's bytes do not depend on it. */
function reversedKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(reversedKeys);
    }
    if (typeof value === 'object' && value !== null) {
        return Object.fromEntries(
            Object.entries(value)
                .reverse()
                .map(([key, member]) => [key, reversedKeys(member)]),
        );
    }
    return value;
}

describe('AbsDeal contract', () => {
    let ledger: MemoryLedger;
    let abs: AbsDriver;

    beforeEach(() => {
        ledger = absLedger({ startTime: '2026-02-01T08:00:00.000Z' });
        abs = new AbsDriver(ledger, USERS.bank);
    });

    describe('CreateDeal', () => {
        it('creates the deal in STRUCTURING with its definitions, issuer and an empty pool', async () => {
            const { result, event, setEventCalls } = await abs.createDeal<DealRecord>();
            expect(result).toMatchObject({
                dealId: 'DEAL-2026-1',
                status: 'STRUCTURING',
                issuerMspId: 'BankMSP',
                issuerSubject: '/C=CN/ST=Beijing/L=Beijing/OU=client/CN=User1@bank.lendledger.test',
                revolving: true,
                createdAt: '2026-02-01T08:00:00.000Z',
                txId: 'tx000001',
                definitions: {
                    defaultDaysPastDue: 91,
                    cumulativeBasis: 'INITIAL_BALANCE',
                    cleanUpThresholdPpm: 100_000,
                    delinquencyBuckets: [
                        { status: 'DPD_1_30', fromDays: 1, toDays: 30 },
                        { status: 'DPD_31_60', fromDays: 31, toDays: 60 },
                        { status: 'DPD_61_90', fromDays: 61, toDays: 90 },
                        { status: 'DPD_90_PLUS', fromDays: 91, toDays: null },
                    ],
                },
            });
            expect(result.statusHistory).toEqual([
                { from: null, to: 'STRUCTURING', cause: 'ISSUER', time: '2026-02-01T08:00:00.000Z', txId: 'tx000001' },
            ]);
            expect(event).toEqual({
                name: 'abs.deal.created',
                payload: { dealId: 'DEAL-2026-1', issuerMspId: 'BankMSP', status: 'STRUCTURING', txId: 'tx000001' },
            });
            expect(setEventCalls).toBe(1);
            const { result: pool } = await abs.call<{ pool: Record<string, unknown>; cutOff: null }>(
                abs.pool,
                'GetPool',
                {
                    dealId: 'DEAL-2026-1',
                },
            );
            expect(pool).toMatchObject({ pool: { phase: 'OPEN', tape: { size: 0, frontier: [] } }, cutOff: null });
        });

        it('writes the same bytes whatever the key order of the request', async () => {
            const other = absLedger({ startTime: '2026-02-01T08:00:00.000Z' });
            const request = dealRequest();
            const first = await ledger.invoke(abs.deal, 'CreateDeal', USERS.bank, JSON.stringify(request));
            const second = await other.invoke(
                abs.deal,
                'CreateDeal',
                USERS.bank,
                JSON.stringify(reversedKeys(request)),
            );
            expect(JSON.stringify(reversedKeys(request))).not.toBe(JSON.stringify(request));
            expect(second.payload).toBe(first.payload);
            expect([...other.snapshot()]).toEqual([...ledger.snapshot()]);
            expect(first.payload).toBe(canonicalJson(JSON.parse(first.payload)));
        });

        it('refuses a second deal with the same ID and writes nothing', async () => {
            await abs.createDeal();
            const refusal = await abs.refusal(() =>
                abs.createDeal({ nameFingerprint: fingerprint('deal name: Another') }),
            );
            expect(refusal).toMatchObject({
                code: 'ABS_DEAL_EXISTS',
                details: { dealId: 'DEAL-2026-1' },
                unchanged: true,
            });
        });

        it.each([USERS.platform, USERS.notary, USERS.court, USERS.investor, USERS.outsider])(
            'refuses $mspId as issuer',
            async (identity) => {
                const refusal = await abs.refusal(() =>
                    abs.call(abs.deal, 'CreateDeal', dealRequest(), { as: identity }),
                );
                expect(refusal).toMatchObject({
                    code: 'ACCESS_DENIED',
                    details: { mspId: identity.mspId },
                    unchanged: true,
                });
            },
        );

        it.each([
            ['not JSON', '{"dealId":', 'INVALID_JSON', 'request'],
            ['a deal ID with a slash', dealRequest({ dealId: 'A/B' }), 'INVALID_ARGUMENT', 'dealId'],
            ['no tranches', dealRequest({ tranches: [] }), 'BATCH_EMPTY', 'tranches'],
            [
                'a closing date before the cut-off',
                dealRequest({
                    dates: { ...(dealRequest().dates as object), closingDate: '2026-01-01' },
                }),
                'INVALID_ARGUMENT',
                'dates.closingDate',
            ],
            [
                'a revolving deal without revolving end date',
                dealRequest({
                    dates: {
                        cutOffDate: '2026-01-31',
                        closingDate: '2026-02-10',
                        firstPaymentDate: '2026-03-26',
                        legalMaturityDate: '2029-12-26',
                    },
                }),
                'INVALID_ARGUMENT',
                'dates.revolvingEndDate',
            ],
            [
                'a revolving end date on a static deal',
                dealRequest({ revolving: false }),
                'INVALID_ARGUMENT',
                'dates.revolvingEndDate',
            ],
            [
                'an impossible calendar date',
                dealRequest({ dates: { ...(dealRequest().dates as object), cutOffDate: '2026-02-30' } }),
                'INVALID_ARGUMENT',
                'dates.cutOffDate',
            ],
            [
                'a repeated tranche',
                dealRequest({
                    tranches: [
                        { trancheId: 'A', originalBalance: 1, rank: 1, couponBps: 1 },
                        { trancheId: 'A', originalBalance: 1, rank: 2, couponBps: 1 },
                    ],
                }),
                'INVALID_ARGUMENT',
                'tranches[1]',
            ],
            [
                'a negative tranche balance',
                dealRequest({ tranches: [{ trancheId: 'A', originalBalance: -5, rank: 1, couponBps: 1 }] }),
                'INVALID_ARGUMENT',
                'tranches[0].originalBalance',
            ],
            [
                'a fractional coupon',
                dealRequest({ tranches: [{ trancheId: 'A', originalBalance: 5, rank: 1, couponBps: 2.5 }] }),
                'INVALID_ARGUMENT',
                'tranches[0].couponBps',
            ],
            [
                'an unknown trigger metric',
                dealRequest({
                    triggers: [
                        {
                            triggerId: 'X',
                            metric: 'EXCESS_SPREAD',
                            comparator: 'GT',
                            thresholds: [{ fromPeriod: 1, valuePpm: 1 }],
                            consequence: 'REPORT_ONLY',
                        },
                    ],
                }),
                'INVALID_ARGUMENT',
                'triggers[0].metric',
            ],
            [
                'a threshold schedule starting after period 1',
                dealRequest({
                    triggers: [
                        {
                            triggerId: 'X',
                            metric: 'CPR',
                            comparator: 'GT',
                            thresholds: [{ fromPeriod: 2, valuePpm: 1 }],
                            consequence: 'REPORT_ONLY',
                        },
                    ],
                }),
                'INVALID_ARGUMENT',
                'triggers[0].thresholds[0].fromPeriod',
            ],
            [
                'a threshold schedule going back',
                dealRequest({
                    triggers: [
                        {
                            triggerId: 'X',
                            metric: 'CPR',
                            comparator: 'GT',
                            thresholds: [
                                { fromPeriod: 1, valuePpm: 1 },
                                { fromPeriod: 1, valuePpm: 2 },
                            ],
                            consequence: 'REPORT_ONLY',
                        },
                    ],
                }),
                'INVALID_ARGUMENT',
                'triggers[0].thresholds[1].fromPeriod',
            ],
            [
                'a threshold above 100%',
                dealRequest({
                    triggers: [
                        {
                            triggerId: 'X',
                            metric: 'CPR',
                            comparator: 'GT',
                            thresholds: [{ fromPeriod: 1, valuePpm: 1_000_001 }],
                            consequence: 'REPORT_ONLY',
                        },
                    ],
                }),
                'INVALID_ARGUMENT',
                'triggers[0].thresholds[0].valuePpm',
            ],
            [
                'an unknown cumulative basis',
                dealRequest({
                    definitions: { defaultDaysPastDue: 91, cumulativeBasis: 'CURRENT', cleanUpThresholdPpm: 1 },
                }),
                'INVALID_ARGUMENT',
                'definitions.cumulativeBasis',
            ],
            [
                'an upper-case fingerprint',
                dealRequest({ documents: [{ type: 'PROSPECTUS', fingerprint: `sha256:${'A'.repeat(64)}` }] }),
                'INVALID_ARGUMENT',
                'documents[0].fingerprint',
            ],
            [
                'a party from outside the consortium',
                dealRequest({ parties: [{ role: 'TRUSTEE', name: 'X', mspId: 'OrdererMSP' }] }),
                'INVALID_ARGUMENT',
                'parties[0].mspId',
            ],
        ])('refuses %s', async (_what, request, code, field) => {
            const refusal = await abs.refusal(() => abs.call(abs.deal, 'CreateDeal', request));
            expect(refusal).toMatchObject({ code, details: { field }, unchanged: true });
        });

        it('accepts an SM3 fingerprint', async () => {
            const { result } = await abs.createDeal<DealRecord>({
                documents: [{ type: 'TRUST_DEED', fingerprint: `sm3:${'0'.repeat(64)}` }],
            });
            expect(result.documents).toEqual([{ type: 'TRUST_DEED', fingerprint: `sm3:${'0'.repeat(64)}` }]);
        });
    });

    describe('TransitionDeal', () => {
        async function cutOffDeal(overrides: Readonly<Record<string, unknown>> = {}): Promise<void> {
            await abs.createDeal(overrides);
            await abs.addCutOffLoans('tape-1', LOANS);
            await abs.cutOff(LOANS);
        }

        it('moves a revolving deal CUT_OFF → ISSUED → REVOLVING → AMORTISING with its history', async () => {
            await cutOffDeal();
            await abs.transition('ISSUED', { reasonCode: 'NOTES_ISSUED', evidence: fingerprint('closing-memo') });
            await abs.transition('REVOLVING');
            const { result, event, setEventCalls } = await abs.transition<DealRecord>('AMORTISING');
            expect(result.status).toBe('AMORTISING');
            expect(result.statusHistory.map((change) => [change.from, change.to, change.cause])).toEqual([
                [null, 'STRUCTURING', 'ISSUER'],
                ['STRUCTURING', 'CUT_OFF', 'POOL_CUT_OFF'],
                ['CUT_OFF', 'ISSUED', 'ISSUER'],
                ['ISSUED', 'REVOLVING', 'ISSUER'],
                ['REVOLVING', 'AMORTISING', 'ISSUER'],
            ]);
            expect(result.statusHistory[2]).toMatchObject({
                reasonCode: 'NOTES_ISSUED',
                evidence: fingerprint('closing-memo'),
            });
            expect(event).toEqual({
                name: 'abs.deal.transitioned',
                payload: {
                    cause: 'ISSUER',
                    dealId: 'DEAL-2026-1',
                    from: 'REVOLVING',
                    to: 'AMORTISING',
                    txId: result.txId,
                },
            });
            expect(setEventCalls).toBe(1);
        });

        it('moves a static deal ISSUED → AMORTISING', async () => {
            await cutOffDeal({
                revolving: false,
                dates: { ...(dealRequest().dates as object), revolvingEndDate: undefined },
            });
            await abs.transition('ISSUED');
            expect((await abs.transition<DealRecord>('AMORTISING')).result.status).toBe('AMORTISING');
        });

        it.each([
            ['STRUCTURING', 'CUT_OFF', 'POOL_CUT_OFF'],
            ['STRUCTURING', 'ISSUED', null],
        ])('refuses %s → %s by the issuer', async (_from, to, onlyBy) => {
            await abs.createDeal();
            const refusal = await abs.refusal(() => abs.transition(to));
            expect(refusal).toMatchObject({
                code: 'ABS_TRANSITION_NOT_ALLOWED',
                details: { from: 'STRUCTURING', to, onlyBy, allowed: [] },
                unchanged: true,
            });
        });

        it('refuses an early amortisation asserted by the issuer: only a computed trigger takes that edge', async () => {
            await cutOffDeal();
            await abs.transition('ISSUED');
            await abs.transition('REVOLVING');
            const refusal = await abs.refusal(() => abs.transition('EARLY_AMORTISATION'));
            expect(refusal).toMatchObject({
                code: 'ABS_TRANSITION_NOT_ALLOWED',
                details: { from: 'REVOLVING', to: 'EARLY_AMORTISATION', onlyBy: 'TRIGGER', allowed: ['AMORTISING'] },
                unchanged: true,
            });
        });

        it('refuses ISSUED → CLOSED and going back', async () => {
            await cutOffDeal();
            await abs.transition('ISSUED');
            expect((await abs.refusal(() => abs.transition('CLOSED'))).code).toBe('ABS_TRANSITION_NOT_ALLOWED');
            expect((await abs.refusal(() => abs.transition('CUT_OFF'))).code).toBe('ABS_TRANSITION_NOT_ALLOWED');
        });

        it('refuses a revolving period for a static deal and skipping it for a revolving one', async () => {
            await cutOffDeal();
            await abs.transition('ISSUED');
            const refusal = await abs.refusal(() => abs.transition('AMORTISING'));
            expect(refusal).toMatchObject({
                code: 'ABS_TRANSITION_GUARD',
                details: { revolving: 'true' },
                unchanged: true,
            });

            const other = new AbsDriver(ledger, USERS.bank, 'STATIC-1');
            await other.createDeal({
                revolving: false,
                dates: { ...(dealRequest().dates as object), revolvingEndDate: undefined },
            });
            await other.addCutOffLoans('tape-1', LOANS);
            await other.cutOff(LOANS);
            await other.transition('ISSUED');
            const staticRefusal = await other.refusal(() => other.transition('REVOLVING'));
            expect(staticRefusal).toMatchObject({ code: 'ABS_TRANSITION_GUARD', details: { revolving: 'false' } });
        });

        it('refuses clean-up above the clean-up threshold and closing with a balance', async () => {
            await cutOffDeal();
            await abs.transition('ISSUED');
            await abs.transition('REVOLVING');
            await abs.transition('AMORTISING');
            const cleanUp = await abs.refusal(() => abs.transition('CLEAN_UP'));
            expect(cleanUp).toMatchObject({
                code: 'ABS_TRANSITION_GUARD',
                details: {
                    to: 'CLEAN_UP',
                    cleanUpThresholdPpm: 100_000,
                    lastClosedPeriod: 0,
                    poolFactorPpm: 1_000_000,
                },
                unchanged: true,
            });
            const close = await abs.refusal(() => abs.transition('CLOSED'));
            expect(close).toMatchObject({
                code: 'ABS_TRANSITION_GUARD',
                details: { to: 'CLOSED', currentBalance: 1_000_000, openPeriod: 0 },
                unchanged: true,
            });
        });

        it('runs a deal to CLOSED through clean-up: factor at the threshold, clean-up call repurchases the rest', async () => {
            await cutOffDeal();
            await abs.transition('ISSUED');
            await abs.transition('REVOLVING');
            await abs.transition('AMORTISING');
            await abs.openPeriod(1, '2026-02-01', '2026-02-28');
            await abs.postRows(1, 'rows', [
                { label: 'A', status: 'CURRENT', remainingTerm: 9, scheduled: 450_000, closing: 50_000 },
                { label: 'B', status: 'CURRENT', remainingTerm: 11, scheduled: 450_000, closing: 50_000 },
            ]);
            await abs.close(
                1,
                rollForward({ openingBalance: 1_000_000, scheduledPrincipal: 900_000, closingBalance: 100_000 }),
            );
            expect((await abs.transition<DealRecord>('CLEAN_UP')).result.status).toBe('CLEAN_UP');
            await abs.openPeriod(2, '2026-03-01', '2026-03-31');
            const openRefusal = await abs.refusal(() => abs.transition('CLOSED'));
            expect(openRefusal).toMatchObject({ code: 'ABS_TRANSITION_GUARD', details: { openPeriod: 2 } });
            await abs.postRows(
                2,
                'rows',
                ['A', 'B'].map((label) => ({
                    label,
                    status: 'REPURCHASED',
                    remainingTerm: 8,
                    scheduled: 0,
                    repurchased: 50_000,
                    closing: 0,
                    reasonCode: 'CLEAN_UP_CALL',
                })),
            );
            await abs.close(2, rollForward({ openingBalance: 100_000, repurchasedPrincipal: 100_000 }));
            expect((await abs.transition<DealRecord>('CLOSED')).result.status).toBe('CLOSED');
            const afterClose = await abs.refusal(() => abs.openPeriod(3, '2026-04-01', '2026-04-30'));
            expect(afterClose).toMatchObject({
                code: 'ABS_DEAL_STATE',
                details: { status: 'CLOSED' },
                unchanged: true,
            });
        });

        it('refuses other organisations, unknown deals and unknown states', async () => {
            await cutOffDeal();
            const investor = await abs.refusal(() =>
                abs.call(abs.deal, 'TransitionDeal', { dealId: abs.dealId, to: 'ISSUED' }, { as: USERS.investor }),
            );
            expect(investor).toMatchObject({ code: 'ACCESS_DENIED', unchanged: true });
            const unknown = await abs.refusal(() =>
                abs.call(abs.deal, 'TransitionDeal', { dealId: 'NOPE', to: 'ISSUED' }),
            );
            expect(unknown).toMatchObject({ code: 'ABS_DEAL_NOT_FOUND', details: { dealId: 'NOPE' }, unchanged: true });
            const state = await abs.refusal(() => abs.transition('SOLD'));
            expect(state).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'to' }, unchanged: true });
        });
    });

    describe('reads', () => {
        it('lets the issuer and investors read and list deals', async () => {
            await abs.createDeal();
            await new AbsDriver(ledger, USERS.bank, 'DEAL-2026-2').createDeal();
            const { result } = await abs.call<DealRecord>(
                abs.deal,
                'GetDeal',
                { dealId: abs.dealId },
                { as: USERS.investor },
            );
            expect(result.dealId).toBe('DEAL-2026-1');
            const page = await abs.call<{ items: DealRecord[]; bookmark: string }>(abs.deal, 'ListDeals', {
                pageSize: 1,
            });
            expect(page.result.items.map((deal) => deal.dealId)).toEqual(['DEAL-2026-1']);
            const next = await abs.call<{ items: DealRecord[] }>(abs.deal, 'ListDeals', {
                pageSize: 1,
                bookmark: page.result.bookmark,
            });
            expect(next.result.items.map((deal) => deal.dealId)).toEqual(['DEAL-2026-2']);
            const held = await abs.call<{ items: DealRecord[] }>(abs.deal, 'ListDeals', {}, { as: USERS.investor });
            expect(held.result.items.map((deal) => deal.dealId)).toEqual(['DEAL-2026-1', 'DEAL-2026-2']);
        });

        it.each([USERS.platform, USERS.notary, USERS.court, USERS.outsider])(
            'refuses reads by $mspId',
            async (identity) => {
                await abs.createDeal();
                const refusal = await abs.refusal(() =>
                    abs.call(abs.deal, 'GetDeal', { dealId: abs.dealId }, { as: identity }),
                );
                expect(refusal.code).toBe('ACCESS_DENIED');
            },
        );

        it('answers ABS_DEAL_NOT_FOUND for an unknown deal', async () => {
            expect((await abs.refusal(() => abs.call(abs.deal, 'GetDeal', { dealId: 'NOPE' }))).code).toBe(
                'ABS_DEAL_NOT_FOUND',
            );
        });
    });
});
