import { createHash } from 'node:crypto';
import { canonicalJson, decodeCodedError, type ConsentView } from '@lendledger/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { EvidenceContract } from '../evidence/records/evidence-contract.js';
import { MemoryLedger, TEST_LOAN_PARTIES, USERS, type TestIdentity } from '../testing/memory-ledger.js';
import { creditAuthorization, creditInquiry, type JsonObject } from '../testing/sample-requests.js';
import { ConsentContract } from './consent-contract.js';

const SUBJECT = `subj:${'a1'.repeat(32)}`;
const OTHER_SUBJECT = `subj:${'b2'.repeat(32)}`;
const LOAN = `loan:${'c3'.repeat(32)}`;
const DOC = `sha256:${createHash('sha256').update('signed authorization').digest('hex')}`;

function consentRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        consentId: 'CN-2026-0001',
        subject: SUBJECT,
        grantee: 'BankMSP',
        product: 'CONSUMER_LOAN',
        purpose: 'CREDIT_INQUIRY',
        purposeListVersion: 'v1',
        dataScope: ['CREDIT_REPORT', 'IDENTITY_BASIC'],
        useMode: 'RECURRING',
        maxUses: 2,
        validFrom: '2026-03-01T00:00:00.000Z',
        validUntil: '2026-04-01T00:00:00.000Z',
        documentFingerprint: DOC,
        signingMethod: 'E_SIGNATURE',
        noticeVersion: 'notice-2026.1',
        ...overrides,
    };
}

async function codeOf(call: Promise<unknown>): Promise<string | undefined> {
    const error = await call.then(
        () => undefined,
        (e: Error) => e,
    );
    return error ? decodeCodedError(error.message)?.code : 'NO ERROR';
}

describe('ConsentContract', () => {
    let ledger: MemoryLedger;
    const consent = new ConsentContract();

    const record = (overrides: Record<string, unknown> = {}) =>
        ledger.invokeJson<{ created: boolean; consent: Record<string, unknown> }>(
            consent,
            'Record',
            USERS.platform,
            JSON.stringify(consentRequest(overrides)),
        );
    const use = (who: TestIdentity = USERS.bank, request: Record<string, unknown> = {}) =>
        ledger.invokeJson<{ use: Record<string, unknown>; consent: Record<string, unknown> }>(
            consent,
            'Use',
            who,
            JSON.stringify(creditInquiry('CN-2026-0001', LOAN, request as JsonObject)),
        );
    /** The platform's credit-authorization record of LOAN citing the consent: binds its subject to LOAN. */
    const authorize = (consentId = 'CN-2026-0001', previous?: string) =>
        ledger.invokeJson<{ record: { id: string } }>(
            new EvidenceContract(),
            'Register',
            USERS.platform,
            JSON.stringify(creditAuthorization(LOAN, consentId, previous ? { previous } : {})),
        );
    const view = (id = 'CN-2026-0001', who: TestIdentity = USERS.bank) =>
        ledger.invokeJson<ConsentView>(consent, 'Get', who, JSON.stringify({ consentId: id }));

    beforeEach(() => {
        ledger = new MemoryLedger({ startTime: '2026-03-10T00:00:00.000Z' });
    });

    describe('Record', () => {
        it('stores an ACTIVE consent with the collector and recorder taken from the caller', async () => {
            const { created, consent: stored } = await record();
            expect(created).toBe(true);
            expect(stored).toMatchObject({
                collector: 'PlatformMSP',
                grantee: 'BankMSP',
                status: 'ACTIVE',
                usesCount: 0,
                maxUses: 2,
                recordedAt: '2026-03-10T00:00:00.000Z',
            });
            expect(stored.recordedBy).toMatchObject({ mspId: 'PlatformMSP' });
        });

        it('answers the stored consent for the same request and refuses other content with CONFLICT', async () => {
            await record();
            const again = await record();
            expect(again.created).toBe(false);
            expect(await codeOf(record({ maxUses: 3 }))).toBe('CONFLICT');
        });

        it('emits consent.recorded', async () => {
            const { event } = await ledger.invoke(consent, 'Record', USERS.platform, JSON.stringify(consentRequest()));
            expect(event?.name).toBe('consent.recorded');
            expect(event?.payload).toMatchObject({ consentId: 'CN-2026-0001', grantee: 'BankMSP' });
        });

        it.each([
            ['bank', USERS.bank],
            ['notary', USERS.notary],
            ['court', USERS.court],
            ['investor', USERS.investor],
        ])('refuses the %s organisation and writes nothing', async (_, who) => {
            const refused = ledger.invoke(consent, 'Record', who, JSON.stringify(consentRequest()));
            expect(await codeOf(refused)).toBe('ACCESS_DENIED');
            expect(ledger.keysWritten()).toEqual([]);
        });

        it.each([
            ['a phone number as subject', { subject: '13800138000' }],
            ['an unkeyed-looking subject without prefix', { subject: 'a1'.repeat(32) }],
            ['an unknown purpose', { purpose: 'MARKETING' }],
            ['an unknown purpose list version', { purposeListVersion: 'v9' }],
            ['an empty window', { validUntil: '2026-03-01T00:00:00.000Z' }],
            ['a recurring consent without maxUses', { maxUses: undefined }],
            ['a one-time consent with maxUses 3', { useMode: 'ONE_TIME', maxUses: 3 }],
            ['a free-text data scope', { dataScope: ['name and phone of the borrower'] }],
            ['an upper-case digest', { documentFingerprint: DOC.toUpperCase() }],
            ['the platform as its own grantee', { grantee: 'PlatformMSP' }],
        ])('refuses %s with INVALID_ARGUMENT', async (_, overrides) => {
            expect(await codeOf(record(overrides))).toBe('INVALID_ARGUMENT');
            expect(ledger.keysWritten()).toEqual([]);
        });

        it('refuses a consent whose window closed before the transaction', async () => {
            ledger.setTime('2026-05-01T00:00:00.000Z');
            expect(await codeOf(record())).toBe('CONSENT_EXPIRED');
        });

        it('writes identical bytes for the same request in two key orders', async () => {
            const request = consentRequest();
            const reversed = Object.fromEntries(Object.entries(request).reverse());
            const first = new MemoryLedger({ startTime: '2026-03-10T00:00:00.000Z' });
            const second = new MemoryLedger({ startTime: '2026-03-10T00:00:00.000Z' });
            await first.invoke(consent, 'Record', USERS.platform, JSON.stringify(request));
            await second.invoke(consent, 'Record', USERS.platform, JSON.stringify(reversed));
            expect(JSON.stringify(request)).not.toBe(JSON.stringify(reversed));
            expect([...first.snapshot()]).toEqual([...second.snapshot()]);
        });
    });

    describe('Use', () => {
        beforeEach(async () => {
            await record();
            await authorize();
        });

        it('logs the use atomically and returns a ticket derived from the transaction', async () => {
            const { use: logged, consent: after } = await use();
            expect(logged).toMatchObject({ ticketId: 'ticket:tx000003', useNo: 1, grantee: 'BankMSP', loanRef: LOAN });
            expect(after).toMatchObject({ usesCount: 1, status: 'ACTIVE' });
            expect((await view()).uses).toHaveLength(1);
        });

        it('allows the last permitted use, marks the consent CONSUMED and refuses the next one', async () => {
            await use();
            const { consent: after } = await use();
            expect(after).toMatchObject({ usesCount: 2, status: 'CONSUMED' });
            const before = ledger.snapshot();
            expect(await codeOf(use())).toBe('CONSENT_EXHAUSTED');
            expect(ledger.snapshot()).toEqual(before);
        });

        it('consumes a one-time consent with its single use', async () => {
            await record({ consentId: 'CN-ONE', useMode: 'ONE_TIME', maxUses: undefined });
            const { consent: after } = await use(USERS.bank, { consentId: 'CN-ONE' });
            expect(after.status).toBe('CONSUMED');
            expect(await codeOf(use(USERS.bank, { consentId: 'CN-ONE' }))).toBe('CONSENT_EXHAUSTED');
        });

        it('accepts a use one millisecond before validUntil and refuses one at validUntil', async () => {
            ledger.setTime('2026-03-31T23:59:59.999Z');
            await use();
            ledger.setTime('2026-04-01T00:00:00.000Z');
            expect(await codeOf(use())).toBe('CONSENT_EXPIRED');
            expect((await view()).status).toBe('EXPIRED');
        });

        it('refuses a use before validFrom', async () => {
            ledger.setTime('2026-02-28T23:59:59.999Z');
            expect(await codeOf(use())).toBe('CONSENT_NOT_YET_VALID');
        });

        it('refuses anyone but the grantee and writes nothing', async () => {
            const before = ledger.snapshot();
            expect(await codeOf(use(USERS.investor))).toBe('CONSENT_NOT_GRANTEE');
            expect(await codeOf(use(USERS.platform))).toBe('CONSENT_NOT_GRANTEE');
            expect(ledger.snapshot()).toEqual(before);
        });

        it('refuses another purpose', async () => {
            expect(await codeOf(use(USERS.bank, { purpose: 'COLLECTION_CONTACT' }))).toBe('CONSENT_PURPOSE_MISMATCH');
        });

        it('refuses an unknown consent with CONSENT_NOT_FOUND', async () => {
            expect(await codeOf(use(USERS.bank, { consentId: 'CN-NONE' }))).toBe('CONSENT_NOT_FOUND');
        });
    });

    describe('Withdraw', () => {
        beforeEach(async () => {
            await record();
            await authorize();
            await use();
        });

        it('stops later uses but keeps the earlier ones', async () => {
            await ledger.invoke(
                consent,
                'Withdraw',
                USERS.platform,
                JSON.stringify({ consentId: 'CN-2026-0001', reasonCode: 'SUBJECT_REQUEST' }),
            );
            expect(await codeOf(use())).toBe('CONSENT_WITHDRAWN');
            const current = await view();
            expect(current.status).toBe('WITHDRAWN');
            expect(current.uses).toHaveLength(1);
            expect(current.history.map((entry) => entry.status)).toEqual(['WITHDRAWN', 'ACTIVE', 'ACTIVE']);
        });

        it('refuses the grantee, which did not collect the consent', async () => {
            const refused = ledger.invoke(
                consent,
                'Withdraw',
                USERS.bank,
                JSON.stringify({ consentId: 'CN-2026-0001', reasonCode: 'SUBJECT_REQUEST' }),
            );
            expect(await codeOf(refused)).toBe('CONSENT_NOT_COLLECTOR');
        });
    });

    describe('supersession', () => {
        it('replaces an active consent of the same subject; the old one can no longer be used', async () => {
            await record();
            const { consent: next } = await record({
                consentId: 'CN-2026-0002',
                supersedes: 'CN-2026-0001',
                maxUses: 5,
            });
            await authorize('CN-2026-0002');
            expect(next.supersedes).toBe('CN-2026-0001');
            expect((await view('CN-2026-0001')).consent).toMatchObject({
                status: 'SUPERSEDED',
                supersededBy: 'CN-2026-0002',
            });
            expect(await codeOf(use())).toBe('CONSENT_SUPERSEDED');
            expect((await use(USERS.bank, { consentId: 'CN-2026-0002' })).use.useNo).toBe(1);
        });

        it("refuses to supersede another subject's consent", async () => {
            await record();
            const refused = record({ consentId: 'CN-2026-0002', supersedes: 'CN-2026-0001', subject: OTHER_SUBJECT });
            expect(await codeOf(refused)).toBe('CONSENT_SUBJECT_MISMATCH');
        });
    });

    describe('queries', () => {
        beforeEach(async () => {
            await record();
            await record({ consentId: 'CN-2026-0002', purpose: 'LOAN_SERVICING' });
            await record({ consentId: 'CN-2026-0003', subject: OTHER_SUBJECT });
            await authorize();
            await use();
            ledger.setTime('2026-03-20T00:00:00.000Z');
            await use();
        });

        it('lists the consents of one subject only', async () => {
            const page = await ledger.invokeJson<{ items: { consent: { consentId: string } }[] }>(
                consent,
                'ListBySubject',
                USERS.platform,
                JSON.stringify({ subject: SUBJECT }),
            );
            expect(page.items.map((item) => item.consent.consentId)).toEqual(['CN-2026-0001', 'CN-2026-0002']);
        });

        it("lists a grantee's uses inside a period, oldest first", async () => {
            const list = (from: string, to: string) =>
                ledger.invokeJson<{ items: { useNo: number; time: string }[] }>(
                    consent,
                    'ListUsesByGrantee',
                    USERS.bank,
                    JSON.stringify({ from, to }),
                );
            expect((await list('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).items.map((u) => u.useNo)).toEqual([
                1, 2,
            ]);
            expect((await list('2026-03-15T00:00:00Z', '2026-04-01T00:00:00Z')).items.map((u) => u.useNo)).toEqual([2]);
        });

        it('refuses a window whose start is later than its end, naming the field', async () => {
            const request = JSON.stringify({ from: '2026-04-01T00:00:00Z', to: '2026-03-01T00:00:00.000Z' });
            const error = await ledger.invoke(consent, 'ListUsesByGrantee', USERS.bank, request).then(
                () => undefined,
                (thrown: Error) => decodeCodedError(thrown.message),
            );
            expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'from' } });
        });

        it("refuses to show a grantee's uses to another member but lets the court see them", async () => {
            const request = JSON.stringify({
                grantee: 'BankMSP',
                from: '2026-03-01T00:00:00Z',
                to: '2026-04-01T00:00:00Z',
            });
            expect(await codeOf(ledger.invoke(consent, 'ListUsesByGrantee', USERS.investor, request))).toBe(
                'ACCESS_DENIED',
            );
            const seen = await ledger.invokeJson<{ items: unknown[] }>(
                consent,
                'ListUsesByGrantee',
                USERS.court,
                request,
            );
            expect(seen.items).toHaveLength(2);
        });

        it('lets the parties, the notary and the court read a consent, and refuses the investor', async () => {
            expect((await view('CN-2026-0001', USERS.notary)).usesLeft).toBe(0);
            expect(await codeOf(view('CN-2026-0001', USERS.investor))).toBe('ACCESS_DENIED');
        });

        it('answers reads in canonical JSON', async () => {
            const { payload } = await ledger.invoke(
                consent,
                'Get',
                USERS.bank,
                JSON.stringify({ consentId: 'CN-2026-0001' }),
            );
            expect(payload).toBe(canonicalJson(JSON.parse(payload)));
        });
    });

    describe('the evidence seam', () => {
        it('lets the platform register credit-authorization evidence only against a consent in force', async () => {
            const evidence = new EvidenceContract();
            const loanRef = `loan:${'c3'.repeat(32)}`;
            const fingerprint = (n: number) => `sha256:${createHash('sha256').update(`doc ${n}`).digest('hex')}`;
            const register = (n: number, consentId: string, previous?: string) =>
                ledger.invoke(
                    evidence,
                    'Register',
                    USERS.platform,
                    JSON.stringify({
                        fingerprint: fingerprint(n),
                        salted: true,
                        evidenceType: 'CREDIT_AUTH_FORM',
                        stage: 'CREDIT_AUTHORIZATION',
                        loanRef,
                        parties: TEST_LOAN_PARTIES,
                        consentId,
                        ...(previous ? { previous } : {}),
                    }),
                );
            expect(await codeOf(register(1, 'CN-2026-0001'))).toBe('CONSENT_NOT_FOUND');
            await record();
            await register(1, 'CN-2026-0001');
            await ledger.invoke(
                consent,
                'Withdraw',
                USERS.platform,
                JSON.stringify({ consentId: 'CN-2026-0001', reasonCode: 'SUBJECT_REQUEST' }),
            );
            expect(await codeOf(register(2, 'CN-2026-0001', fingerprint(1)))).toBe('CONSENT_WITHDRAWN');
        });
    });
});
