import { type ConsentUse, type ConsentView, type EvidenceWriteResult } from '@lendledger/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs, type OrgConnection } from '../support/fabric-client.ts';
import {
    chaincodeErrorOf,
    creditInquiryConsent,
    creditInquiryUse,
    evaluateJson,
    evaluateWhen,
    loanRefOf,
    saltedFingerprint,
    submitJson,
    TEST_PARTIES,
} from '../support/ledger-data.ts';
import { orgOf, testNetwork, uniqueCode } from '../support/test-network.ts';

describe('a consent bound to its loan and to each use, on the real network', () => {
    const network = testNetwork();
    const as = {} as Record<'platform' | 'bank' | 'court', OrgConnection>;
    const loanRef = loanRefOf(uniqueCode('LN-BIND'));
    const consentId = uniqueCode('CN-BIND');
    const otherSubject = uniqueCode('CN-OTHER');
    const start = new Date(Date.now() - 60_000).toISOString();
    let head: string | null = null;

    beforeAll(() => {
        for (const key of ['platform', 'bank', 'court'] as const) {
            as[key] = connectAs(orgOf(network, key));
        }
    });

    afterAll(() => {
        Object.values(as).forEach((connection) => connection.close());
    });

    async function register(who: OrgConnection, stage: string, extra: Record<string, unknown> = {}): Promise<void> {
        const result = await submitJson<EvidenceWriteResult>(who.contract, 'Evidence:Register', {
            fingerprint: saltedFingerprint(`${stage} of ${loanRef}`),
            salted: true,
            evidenceType: `${stage}_DOC`.slice(0, 32),
            stage,
            loanRef,
            ...(head === null ? { parties: TEST_PARTIES } : { previous: head }),
            ...extra,
        });
        head = result.record.id;
    }

    it('binds the subject with the authorization, refuses another subject’s consent on the loan', async () => {
        await submitJson(
            as.platform.contract,
            'Consent:Record',
            creditInquiryConsent(consentId, {
                useMode: 'RECURRING',
                maxUses: 3,
                dataScope: ['CREDIT_REPORT', 'IDENTITY_BASIC'],
            }),
        );
        await submitJson(as.platform.contract, 'Consent:Record', creditInquiryConsent(otherSubject));
        await register(as.platform, 'CREDIT_AUTHORIZATION', { consentId });
        const mismatch = await chaincodeErrorOf(
            submitJson(as.platform.contract, 'Evidence:Register', {
                fingerprint: saltedFingerprint('second authorization'),
                salted: true,
                evidenceType: 'CREDIT_AUTH_FORM',
                stage: 'CREDIT_AUTHORIZATION',
                loanRef,
                previous: head,
                consentId: otherSubject,
            }),
        );
        expect(mismatch).toMatchObject({ code: 'CONSENT_SUBJECT_MISMATCH', details: { consentId: otherSubject } });
        const bound = await evaluateWhen<ConsentView>(
            as.court.contract,
            'Consent:Get',
            { consentId },
            (view) => view.bindings.length === 1,
        );
        // Filing the authorization spends none of the consent's uses.
        expect(bound.consent.usesCount).toBe(0);
        expect(bound.bindings[0]).toMatchObject({ loanRef, consentId });
    });

    it('refuses the disbursement until the bank logs a credit inquiry, then accepts it', async () => {
        await register(as.platform, 'CONTRACT_SIGNING');
        await register(as.bank, 'CREDIT_DECISION');
        const early = await chaincodeErrorOf(
            submitJson(as.bank.contract, 'Evidence:Register', {
                fingerprint: saltedFingerprint('early disbursement'),
                salted: true,
                evidenceType: 'DISBURSEMENT_RECEIPT',
                stage: 'DISBURSEMENT',
                loanRef,
                previous: head,
            }),
        );
        expect(early).toMatchObject({ code: 'CREDIT_INQUIRY_REQUIRED', details: { loanRef, bank: 'BankMSP' } });

        const scope = await chaincodeErrorOf(
            submitJson(as.bank.contract, 'Consent:Use', {
                consentId,
                ...creditInquiryUse(loanRef, { dataScope: ['CREDIT_REPORT', 'INCOME_PROOF'] }),
            }),
        );
        expect(scope).toMatchObject({ code: 'CONSENT_SCOPE_EXCEEDED', details: { outside: ['INCOME_PROOF'] } });
        const unbound = await chaincodeErrorOf(
            submitJson(as.bank.contract, 'Consent:Use', { consentId: otherSubject, ...creditInquiryUse(loanRef) }),
        );
        expect(unbound.code).toBe('CONSENT_SUBJECT_MISMATCH');

        const { use } = await submitJson<{ use: ConsentUse }>(as.bank.contract, 'Consent:Use', {
            consentId,
            ...creditInquiryUse(loanRef),
        });
        expect(use).toMatchObject({ loanRef, dataScope: ['CREDIT_REPORT'], consentStatus: 'ACTIVE' });
    });

    it('after a withdrawal refuses later uses and authorizations, shows it, and keeps the lawful inquiry', async () => {
        await submitJson(as.platform.contract, 'Consent:Withdraw', { consentId, reasonCode: 'SUBJECT_REQUEST' });
        const laterUse = await chaincodeErrorOf(
            submitJson(as.bank.contract, 'Consent:Use', { consentId, ...creditInquiryUse(loanRef) }),
        );
        expect(laterUse.code).toBe('CONSENT_WITHDRAWN');
        const laterAuthorization = await chaincodeErrorOf(
            submitJson(as.platform.contract, 'Evidence:Register', {
                fingerprint: saltedFingerprint('authorization after withdrawal'),
                salted: true,
                evidenceType: 'CREDIT_AUTH_FORM',
                stage: 'CREDIT_AUTHORIZATION',
                loanRef,
                previous: head,
                consentId,
            }),
        );
        expect(laterAuthorization.code).toBe('CONSENT_WITHDRAWN');
        const seen = await evaluateWhen<ConsentView>(
            as.court.contract,
            'Consent:Get',
            { consentId },
            (view) => view.status === 'WITHDRAWN',
        );
        expect(seen.consent.withdrawal).toMatchObject({ reasonCode: 'SUBJECT_REQUEST', by: { mspId: 'PlatformMSP' } });
        expect(seen.uses).toHaveLength(1);

        // Decided: the consent must be in force at the inquiry, not at the disbursement.
        await register(as.bank, 'DISBURSEMENT');
    });

    it("lists each of the bank's inquiries with the consent, subject, scope and window it used", async () => {
        const page = await evaluateJson<{ items: ConsentUse[] }>(as.bank.contract, 'Consent:ListUsesByGrantee', {
            from: start,
            to: new Date(Date.now() + 60_000).toISOString(),
        });
        const line = page.items.find((item) => item.consentId === consentId);
        expect(line).toMatchObject({
            ticketId: expect.stringMatching(/^ticket:/),
            loanRef,
            purpose: 'CREDIT_INQUIRY',
            dataScope: ['CREDIT_REPORT'],
            subject: expect.stringMatching(/^subj:[0-9a-f]{64}$/),
            consentStatus: 'ACTIVE',
        });
        expect(line?.validUntil).toBeDefined();
    });
});
