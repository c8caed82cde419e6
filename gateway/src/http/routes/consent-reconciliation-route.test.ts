import { type ConsentUse } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { rejection } from '../../testing/fake-ledger.js';
import { routeSuite } from '../../testing/route-suite.js';
import { MAX_RECONCILIATION_LOG } from './consent-reconciliation-route.js';

const FROM = '2026-03-01T00:00:00.000Z';
const TO = '2026-04-01T00:00:00.000Z';
const MAX_USES = 25;
const hex = (n: number, c: string): string => `${c}${n.toString(16).padStart(63, '0')}`;

function useOf(n: number): ConsentUse {
    return {
        ticketId: `ticket:${hex(n, 'a')}`,
        consentId: `consent:${n}`,
        useNo: 1,
        grantee: 'BankMSP',
        purpose: 'CREDIT_INQUIRY',
        usedBy: { mspId: 'BankMSP', subject: 'User1' },
        inquiryFingerprint: `sha256:${hex(n, 'f')}`,
        loanRef: `loan:${hex(n, 'b')}`,
        dataScope: ['CREDIT_REPORT'],
        subject: `subj:${hex(n, 'c')}`,
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: '2027-01-01T00:00:00.000Z',
        consentStatus: 'CONSUMED',
        time: new Date(Date.parse(FROM) + n * 1000).toISOString(),
        txId: hex(n, 'a'),
    };
}

describe('consent reconciliation routes', () => {
    const suite = routeSuite({ consent: { reconciliationMaxUses: MAX_USES } });
    const send = suite.send;

    /** `Consent:ListUsesByGrantee` over `uses`, paged as the chaincode pages (the bookmark is where the next starts). */
    function ledgerHolds(uses: readonly ConsentUse[]): void {
        suite.gateway.ledger.on('Consent:ListUsesByGrantee', (call) => {
            const request = JSON.parse(call.args[0]!) as { pageSize: number; bookmark?: string; grantee?: string };
            const start = request.bookmark === undefined ? 0 : Number(Buffer.from(request.bookmark, 'base64url'));
            const end = Math.min(start + request.pageSize, uses.length);
            return JSON.stringify({
                grantee: request.grantee ?? 'BankMSP',
                from: FROM,
                to: TO,
                items: uses.slice(start, end),
                bookmark: end < uses.length ? Buffer.from(String(end)).toString('base64url') : '',
                fetched: end - start,
            });
        });
    }

    it('lists every use of the window as a line, reading it page by page as the caller', async () => {
        const uses = Array.from({ length: MAX_USES }, (_, n) => useOf(n));
        ledgerHolds(uses);
        const response = await send('GET', `/v1/consent-uses/reconciliation?from=${FROM}&to=${TO}`, undefined, [
            'auditor',
        ]);
        expect(response.statusCode).toBe(200);
        const report = response.json<{ lines: { ticketId: string; loanRef: string }[]; counts: object }>();
        expect(report.lines.map((line) => line.ticketId)).toEqual(uses.map((use) => use.ticketId));
        expect(report.lines[3]).toMatchObject({ loanRef: uses[3]!.loanRef, legacy: false, missing: [] });
        expect(report.counts).toEqual({ uses: MAX_USES, legacy: 0 });
        expect(report).not.toHaveProperty('reconciliation');
        const calls = suite.gateway.ledger.evaluated.map((call) => JSON.parse(call.args[0]!) as object);
        // One page of all 25 (plus the one that would show the window is too large), never more.
        expect(calls).toEqual([{ from: FROM, to: TO, pageSize: MAX_USES + 1 }]);
    });

    it('reconciles the log sent: matched, ledger-only and log-only entries with counts', async () => {
        const uses = [1, 2, 3].map(useOf);
        ledgerHolds(uses);
        const extra = { ticketId: `ticket:${hex(99, 'a')}` };
        const response = await send('POST', '/v1/consents/reconciliation', {
            from: FROM,
            to: TO,
            inquiries: [{ ticketId: uses[0]!.ticketId }, { inquiryFingerprint: uses[2]!.inquiryFingerprint }, extra],
        });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toMatchObject({
            grantee: 'BankMSP',
            counts: { uses: 3, legacy: 0 },
            reconciliation: {
                matched: [
                    { index: 0, ticketId: uses[0]!.ticketId },
                    { index: 1, ticketId: uses[2]!.ticketId },
                ],
                ledgerOnly: [uses[1]!.ticketId],
                logOnly: [{ index: 2, ...extra, reason: 'NOT_ON_LEDGER' }],
                counts: { matched: 2, ledgerOnly: 1, logOnly: 1 },
            },
        });
    });

    it('lists a legacy use with the fields it lacks absent and flagged', async () => {
        const { loanRef, dataScope, subject, validFrom, validUntil, consentStatus, ...legacy } = useOf(4);
        void [loanRef, dataScope, subject, validFrom, validUntil, consentStatus];
        ledgerHolds([legacy, useOf(5)]);
        const response = await send('POST', '/v1/consents/reconciliation', { from: FROM, to: TO, inquiries: [] });
        expect(response.statusCode).toBe(200);
        const report = response.json<{ lines: Record<string, unknown>[]; counts: object }>();
        expect(report.counts).toEqual({ uses: 2, legacy: 1 });
        expect(report.lines[0]).toMatchObject({ legacy: true, ticketId: legacy.ticketId });
        expect(report.lines[0]).not.toHaveProperty('loanRef');
        expect(report.lines[0]!.missing).toEqual([
            'loanRef',
            'subject',
            'dataScope',
            'validFrom',
            'validUntil',
            'consentStatus',
        ]);
    });

    it('refuses a window holding more uses than one report reads with 422 RECONCILIATION_TOO_LARGE, naming where to cut', async () => {
        const uses = Array.from({ length: 2_000 }, (_, n) => useOf(n));
        ledgerHolds(uses);
        const response = await send('POST', '/v1/consents/reconciliation', { from: FROM, to: TO });
        expect(response.statusCode).toBe(422);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.json()).toMatchObject({
            code: 'RECONCILIATION_TOO_LARGE',
            maxUses: MAX_USES,
            splitAt: uses[MAX_USES]!.time,
        });
        // It stopped after the first use beyond the bound rather than read the whole window.
        const read = suite.gateway.ledger.evaluated.map(
            (call) => (JSON.parse(call.args[0]!) as { pageSize: number }).pageSize,
        );
        expect(read.reduce((a, b) => a + b, 0)).toBe(MAX_USES + 1);
    });

    it.each([
        // [uses before the crowded instant, uses at it]: a cut among uses of one instant moves back to that instant.
        [0, MAX_USES + 1],
        [0, 3 * MAX_USES],
        [1, MAX_USES],
        [3, MAX_USES - 2],
        [MAX_USES - 1, 2],
        [MAX_USES, 1],
    ])(
        'names a split that parts the window, or the one instant it cannot (%i uses, then %i at one instant)',
        async (before, crowded) => {
            const instant = new Date(Date.parse(FROM) + 10_000_000).toISOString();
            const uses = [
                ...Array.from({ length: before }, (_, n) => useOf(n)),
                ...Array.from({ length: crowded }, (_, n) => ({ ...useOf(before + n), time: instant })),
                useOf(20_000),
            ];
            ledgerHolds(uses);
            const response = await send('POST', '/v1/consents/reconciliation', { from: FROM, to: TO });
            expect(response.statusCode).toBe(422);
            const problem = response.json<Record<string, unknown>>();
            expect(problem).toMatchObject({ code: 'RECONCILIATION_TOO_LARGE', maxUses: MAX_USES });
            const holding = (at: string): number => uses.filter((use) => use.time < at).length;
            if (before === 0) {
                // No window from FROM holds some but not all of the crowded instant's uses.
                expect(problem).toMatchObject({ instant });
                expect(problem).not.toHaveProperty('splitAt');
            } else {
                const splitAt = problem.splitAt as string;
                expect(holding(splitAt)).toBeGreaterThan(0);
                expect(holding(splitAt)).toBeLessThanOrEqual(MAX_USES);
                // The latest such cut: one more use would pass the bound.
                expect(uses.filter((use) => use.time <= splitAt).length).toBeGreaterThan(MAX_USES);
            }
        },
    );

    it("passes the chaincode's refusal of another grantee's uses through", async () => {
        suite.gateway.ledger.on('Consent:ListUsesByGrantee', () => {
            throw rejection('ACCESS_DENIED', 'BankMSP may list only its own consent uses');
        });
        const response = await send('POST', '/v1/consents/reconciliation', { from: FROM, to: TO, grantee: 'Bank2MSP' });
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: 'ACCESS_DENIED' });
        expect(JSON.parse(suite.gateway.ledger.evaluated[0]!.args[0]!)).toMatchObject({ grantee: 'Bank2MSP' });
    });

    it.each([
        [
            'a log longer than the bound',
            {
                inquiries: Array.from({ length: MAX_RECONCILIATION_LOG + 1 }, () => ({
                    ticketId: `ticket:${hex(1, 'a')}`,
                })),
            },
        ],
        ['an entry naming nothing', { inquiries: [{}] }],
        ['an entry with a free-text member', { inquiries: [{ ticketId: `ticket:${hex(1, 'a')}`, note: 'Zhang San' }] }],
        ['a ticket that is not one', { inquiries: [{ ticketId: 'ticket:123' }] }],
        ['a bound that is no timestamp', { from: 'yesterday' }],
        ['a grantee that is no MSP ID', { grantee: 'Bank MSP' }],
    ])('refuses %s with 400 VALIDATION_FAILED before reading the ledger', async (_case, change) => {
        const response = await send('POST', '/v1/consents/reconciliation', { from: FROM, to: TO, ...change });
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
        expect(suite.gateway.ledger.evaluated).toHaveLength(0);
    });
});
