import { createHmac, randomBytes } from 'node:crypto';
import { type ConsentView } from '@lendledger/domain';
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

describe('a consent checked and logged at every use, on the real network', () => {
    const network = testNetwork();
    const connections = {} as Record<'platform' | 'bank' | 'court' | 'investor', OrgConnection>;
    const consentId = uniqueCode('CN-IT');
    const loanRef = loanRefOf(uniqueCode('LN-IT'));
    const subject = `subj:${createHmac('sha256', randomBytes(32)).update('internal subject 42').digest('hex')}`;
    /**
     * The window of this suite's uses (transaction times are this host's clock): suites before it log thousands (ABS
     * pool loans' credit inquiries), and a window reaching back an hour listed theirs on its first page.
     */
    const start = new Date(Date.now() - 1_000).toISOString();

    beforeAll(() => {
        for (const key of ['platform', 'bank', 'court', 'investor'] as const) {
            connections[key] = connectAs(orgOf(network, key));
        }
    });

    afterAll(() => {
        Object.values(connections).forEach((connection) => connection.close());
    });

    it('lets the bank use a two-use consent twice and refuses the third use without writing', async () => {
        await submitJson(
            connections.platform.contract,
            'Consent:Record',
            creditInquiryConsent(consentId, { subject, useMode: 'RECURRING', maxUses: 2 }),
        );
        // The loan's credit-authorization record cites the consent and binds its subject to the loan.
        await submitJson(connections.platform.contract, 'Evidence:Register', {
            fingerprint: saltedFingerprint(`authorization of ${loanRef}`),
            salted: true,
            evidenceType: 'CREDIT_AUTH_FORM',
            stage: 'CREDIT_AUTHORIZATION',
            loanRef,
            parties: TEST_PARTIES,
            consentId,
        });

        const tickets: string[] = [];
        for (let i = 0; i < 2; i++) {
            const { use } = await submitJson<{ use: { ticketId: string; useNo: number } }>(
                connections.bank.contract,
                'Consent:Use',
                { consentId, ...creditInquiryUse(loanRef) },
            );
            expect(use.useNo).toBe(i + 1);
            expect(use.ticketId).toMatch(/^ticket:[0-9a-f]{64}$/);
            tickets.push(use.ticketId);
        }

        const third = await chaincodeErrorOf(
            submitJson(connections.bank.contract, 'Consent:Use', { consentId, ...creditInquiryUse(loanRef) }),
        );
        expect(third.code).toBe('CONSENT_EXHAUSTED');

        // The court's peer holds the same consent: consumed, with exactly the two logged uses.
        const seen = await evaluateWhen<ConsentView>(
            connections.court.contract,
            'Consent:Get',
            { consentId },
            (view) => view.uses.length === 2,
        );
        expect(seen.consent).toMatchObject({ status: 'CONSUMED', usesCount: 2, collector: 'PlatformMSP' });
        expect(seen.uses.map((use) => use.ticketId)).toEqual(tickets);
    });

    it('refuses a use by an organisation that is not the grantee', async () => {
        const refused = await chaincodeErrorOf(
            submitJson(connections.investor.contract, 'Consent:Use', { consentId, ...creditInquiryUse(loanRef) }),
        );
        expect(refused.code).toBe('CONSENT_NOT_GRANTEE');
    });

    it("lists the bank's uses in the period for reconciliation with its bureau log", async () => {
        const page = await evaluateJson<{ items: { consentId: string }[] }>(
            connections.bank.contract,
            'Consent:ListUsesByGrantee',
            { from: start, to: new Date(Date.now() + 60_000).toISOString(), pageSize: 1000 },
        );
        expect(page.items.filter((use) => use.consentId === consentId)).toHaveLength(2);
    });
});
