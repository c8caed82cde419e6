import { type ConsentRecord, type ConsentUse, type ConsentView } from '@lendledger/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewayAs, ok, type GatewayClient } from '../support/gateway-client.ts';
import {
    creditInquiryConsent,
    creditInquiryUse,
    loanRefOf,
    saltedFingerprint,
    TEST_PARTIES,
} from '../support/ledger-data.ts';
import { testNetwork, uniqueCode, uniqueName } from '../support/test-network.ts';

interface Committed<T> {
    readonly result: T;
    readonly txId: string;
}

interface Problem {
    readonly code: string;
    readonly details?: Record<string, unknown>;
}

/**
 * Consents and credit inquiries in bulk on the real network, as a platform and a bank integrate them through their
 * own gateways: a platform files a batch of authorizations, each loan's authorization record binds one, the bank
 * logs its inquiries in one transaction (item n's ticket `ticket:<txId>:<n>`), each loan may then be disbursed, the
 * bank's reconciliation lists every batched inquiry, and a batch with one bad item is refused by name with nothing
 * written.
 */
describe('consents and credit inquiries in batches, on the real network', () => {
    const network = testNetwork();
    const LOANS = 5;
    let platform: GatewayClient;
    let bank: GatewayClient;
    const consentIds = Array.from({ length: LOANS }, () => uniqueCode('CN-BATCH'));
    const loanRefs = Array.from({ length: LOANS }, () => loanRefOf(uniqueName('batch-loan')));
    const heads: string[] = [];
    let uses: ConsentUse[] = [];
    let useTx = '';
    let from = '';

    beforeAll(async () => {
        [platform, bank] = await Promise.all([gatewayAs(network, 'platform'), gatewayAs(network, 'bank')]);
    });

    it('records a batch of consents in one transaction, each as recording it alone would', async () => {
        const items = consentIds.map((consentId) => creditInquiryConsent(consentId));
        const answer = ok(
            await platform.post<Committed<{ created: number; items: { consent: ConsentRecord }[] }>>(
                '/v1/consents/batch',
                { items },
            ),
        );
        expect(answer.result.created).toBe(LOANS);
        expect(new Set(answer.result.items.map((item) => item.consent.txId))).toEqual(new Set([answer.txId]));
        for (const [index, consentId] of consentIds.entries()) {
            const view = ok(await bank.get<ConsentView>(`/v1/consents/${consentId}`));
            expect(view.consent).toMatchObject({ consentId, subject: items[index]!.subject, status: 'ACTIVE' });
        }
        // The same batch again answers the stored consents and writes nothing new.
        const again = ok(await platform.post<Committed<{ created: number }>>('/v1/consents/batch', { items }));
        expect(again.result.created).toBe(0);
    });

    it('logs the bank’s inquiries in one transaction with a ticket each, after which each loan is disbursed', async () => {
        const authorizations = loanRefs.map((loanRef, index) => ({
            fingerprint: saltedFingerprint(`authorization of ${loanRef}`),
            salted: true,
            evidenceType: 'CREDIT_AUTH_FORM',
            stage: 'CREDIT_AUTHORIZATION',
            loanRef,
            consentId: consentIds[index],
            parties: TEST_PARTIES,
        }));
        const filed = ok(
            await platform.post<Committed<{ items: { record: { id: string } }[] }>>('/v1/evidence/batch', {
                items: authorizations,
            }),
        );
        heads.push(...filed.result.items.map((item) => item.record.id));
        from = new Date(Date.now() - 1_000).toISOString();
        const answer = ok(
            await bank.post<Committed<{ items: { use: ConsentUse; consent: ConsentRecord }[] }>>(
                '/v1/consent-uses/batch',
                {
                    items: loanRefs.map((loanRef, index) => ({
                        consentId: consentIds[index],
                        ...creditInquiryUse(loanRef),
                    })),
                },
            ),
        );
        useTx = answer.txId;
        uses = answer.result.items.map((item) => item.use);
        expect(uses.map((use) => use.ticketId)).toEqual(loanRefs.map((_, index) => `ticket:${useTx}:${index}`));
        expect(answer.result.items.map((item) => item.consent.status)).toEqual(loanRefs.map(() => 'CONSUMED'));
        for (const [index, loanRef] of loanRefs.entries()) {
            let previous = heads[index]!;
            for (const [who, stage] of [
                [platform, 'CONTRACT_SIGNING'],
                [bank, 'CREDIT_DECISION'],
                [bank, 'DISBURSEMENT'],
            ] as const) {
                const written = ok(
                    await who.post<Committed<{ record: { id: string } }>>('/v1/evidence', {
                        fingerprint: saltedFingerprint(`${stage} of ${loanRef}`),
                        salted: true,
                        evidenceType: `${stage}_DOC`.slice(0, 32),
                        stage,
                        loanRef,
                        previous,
                    }),
                );
                previous = written.result.record.id;
            }
        }
    });

    it('lists every batched inquiry in the bank’s reconciliation, matched by its ticket', async () => {
        const to = new Date(Date.now() + 1_000).toISOString();
        const report = ok(
            await bank.post<{
                lines: { ticketId: string; consentId: string; loanRef?: string }[];
                reconciliation: { counts: Record<string, number> };
            }>('/v1/consents/reconciliation', { from, to, inquiries: uses.map((use) => ({ ticketId: use.ticketId })) }),
        );
        const batched = report.lines.filter((line) => line.ticketId.startsWith(`ticket:${useTx}:`));
        expect(batched.map((line) => [line.consentId, line.loanRef])).toEqual(
            consentIds.map((consentId, index) => [consentId, loanRefs[index]]),
        );
        expect(report.reconciliation.counts).toMatchObject({ matched: LOANS, logOnly: 0 });
    });

    it('refuses a batch with one bad item by name and logs none of it', async () => {
        const ids = [uniqueCode('CN-BATCH'), uniqueCode('CN-BATCH'), uniqueCode('CN-BATCH')];
        const items = ids.map((consentId, index) =>
            creditInquiryConsent(consentId, index === 1 ? { grantee: 'NotaryMSP' } : {}),
        );
        const refused = await platform.post<Problem>('/v1/consents/batch', { items });
        expect(refused.status).toBe(422);
        expect(refused.body).toMatchObject({ code: 'CONSENT_GRANTEE_NOT_BANK', details: { item: 'items[1]' } });
        for (const consentId of ids) {
            const missing = await bank.get<Problem>(`/v1/consents/${consentId}`);
            expect([missing.status, missing.body.code]).toEqual([404, 'CONSENT_NOT_FOUND']);
        }
        // A use batch whose second item names a spent consent: the first would pass alone (a fresh consent of the
        // same borrower on the same loan), yet the batch logs nothing.
        const fresh = uniqueCode('CN-BATCH');
        const subject = (creditInquiryConsent(consentIds[0]!) as { subject: string }).subject;
        ok(await platform.post('/v1/consents', creditInquiryConsent(fresh, { subject })));
        const spent = await bank.post<Problem>('/v1/consent-uses/batch', {
            items: [
                { consentId: fresh, ...creditInquiryUse(loanRefs[0]!) },
                { consentId: consentIds[1], ...creditInquiryUse(loanRefs[1]!) },
            ],
        });
        expect([spent.status, spent.body.code]).toEqual([409, 'CONSENT_EXHAUSTED']);
        expect(spent.body.details).toMatchObject({ item: 'items[1]' });
        const view = ok(await bank.get<ConsentView>(`/v1/consents/${fresh}`));
        expect(view.consent.usesCount).toBe(0);
    });
});
