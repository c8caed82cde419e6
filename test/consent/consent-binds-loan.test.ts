import { type ConsentUse, type ConsentView, type EvidenceWriteResult, type LoanHead } from '@lendledger/domain';
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

describe('a loan’s binding released by withdrawing its authorization, on the real network', () => {
    const network = testNetwork();
    const as = {} as Record<'platform' | 'bank', OrgConnection>;
    const loanRef = loanRefOf(uniqueCode('LN-UNBIND'));
    const wrong = uniqueCode('CN-WRONG');
    const right = uniqueCode('CN-RIGHT');
    let head: string | null = null;

    beforeAll(() => {
        for (const key of ['platform', 'bank'] as const) {
            as[key] = connectAs(orgOf(network, key));
        }
    });

    afterAll(() => {
        Object.values(as).forEach((connection) => connection.close());
    });

    const recordOf = (label: string, stage: string, extra: Record<string, unknown> = {}) => ({
        fingerprint: saltedFingerprint(`${label} of ${loanRef}`),
        salted: true,
        evidenceType: `${stage}_DOC`.slice(0, 32),
        stage,
        loanRef,
        ...(head === null ? { parties: TEST_PARTIES } : { previous: head }),
        ...extra,
    });

    async function register(who: OrgConnection, label: string, stage: string, extra = {}): Promise<string> {
        const result = await submitJson<EvidenceWriteResult>(
            who.contract,
            'Evidence:Register',
            recordOf(label, stage, extra),
        );
        head = result.record.id;
        return head;
    }

    /**
     * Waits until the bank's own peer committed the loan's last record: a client waits for the commit on its own
     * organisation's peer only, and a bank proposal endorsed on a peer that has not yet seen the platform's write
     * reads stale state (then fails to commit with MVCC_READ_CONFLICT, or is refused for the state before).
     */
    const bankSeesHead = () =>
        evaluateWhen<LoanHead>(as.bank.contract, 'Evidence:GetLoan', { loanRef }, (loan) => loan.head.id === head);

    const inquire = (consentId: string) =>
        submitJson<{ use: ConsentUse }>(as.bank.contract, 'Consent:Use', { consentId, ...creditInquiryUse(loanRef) });

    it('lets the right borrower’s consent bind once the wrong subject’s authorization is withdrawn', async () => {
        await submitJson(
            as.platform.contract,
            'Consent:Record',
            creditInquiryConsent(wrong, { useMode: 'RECURRING', maxUses: 3 }),
        );
        await submitJson(as.platform.contract, 'Consent:Record', creditInquiryConsent(right));
        const authorization = await register(as.platform, 'wrong authorization', 'CREDIT_AUTHORIZATION', {
            consentId: wrong,
        });
        await bankSeesHead();
        await inquire(wrong);

        const withdrawal = await submitJson<EvidenceWriteResult>(as.platform.contract, 'Evidence:Withdraw', {
            target: authorization,
            reasonCode: 'WRONG_SUBJECT',
            previous: head,
        });
        head = withdrawal.record.id;
        await bankSeesHead();
        expect((await chaincodeErrorOf(inquire(wrong))).code).toBe('CONSENT_LOAN_UNBOUND');
        await register(as.platform, 'contract', 'CONTRACT_SIGNING');
        await bankSeesHead();
        await register(as.bank, 'decision', 'CREDIT_DECISION');
        const early = await chaincodeErrorOf(
            submitJson(as.bank.contract, 'Evidence:Register', recordOf('disbursement', 'DISBURSEMENT')),
        );
        expect(early).toMatchObject({ code: 'CREDIT_INQUIRY_REQUIRED', details: { loanRef, bank: 'BankMSP' } });

        await register(as.platform, 'right authorization', 'CREDIT_AUTHORIZATION', { consentId: right });
        await bankSeesHead();
        expect((await chaincodeErrorOf(inquire(wrong))).code).toBe('CONSENT_SUBJECT_MISMATCH');
        const stillEarly = await chaincodeErrorOf(
            submitJson(as.bank.contract, 'Evidence:Register', recordOf('disbursement', 'DISBURSEMENT')),
        );
        expect(stillEarly.code).toBe('CREDIT_INQUIRY_REQUIRED');
        const { use } = await inquire(right);
        expect(use).toMatchObject({ loanRef, consentId: right });
        await register(as.bank, 'disbursement', 'DISBURSEMENT');
    });
});
