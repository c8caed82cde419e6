import { type CaseRecord, type CaseStep } from '@lendledger/domain';
import { fingerprintTreeRoot } from '@lendledger/domain/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewayAs, ok, type GatewayClient } from '../support/gateway-client.ts';
import { creditInquiryConsent, identityVerification, loanRefOf, saltedFingerprint } from '../support/ledger-data.ts';
import { testNetwork, uniqueCode, uniqueName } from '../support/test-network.ts';

interface Committed<T> {
    readonly result: T;
}

interface Problem {
    readonly code: string;
    readonly status: number;
    readonly details?: Record<string, unknown>;
}

/**
 * One-click arbitration (一键仲裁) on the real network: the loan's bank files a case to the arbitration commission
 * (ArbitrationMSP, role arbitration in the registry), the commission finds it in its inbox, reads the loan's evidence,
 * accepts and judges it, while the court can neither move nor read it; and a platform cannot grant a consent to a
 * bank that has not admitted it.
 */
describe('a case filed to arbitration and decided there, on the real network', () => {
    const network = testNetwork();
    const caseId = uniqueCode('ARB');
    const loanRef = loanRefOf(uniqueName('arbitration-loan'));
    let platform: GatewayClient;
    let bank: GatewayClient;
    let arbitration: GatewayClient;
    let court: GatewayClient;
    let filed: CaseRecord;
    let filedItems: string[] = [];

    beforeAll(async () => {
        platform = await gatewayAs(network, 'platform');
        bank = await gatewayAs(network, 'bank');
        arbitration = await gatewayAs(network, 'arbitration');
        court = await gatewayAs(network, 'court');
        const record = ok(
            await platform.post<Committed<{ record: { id: string } }>>('/v1/evidence', identityVerification(loanRef)),
        );
        const items = [record.result.record.id];
        filedItems = items;
        filed = ok(
            await bank.post<Committed<{ created: boolean; case: CaseRecord }>>('/v1/cases', {
                caseId,
                loanRef,
                court: 'ArbitrationMSP',
                documentFingerprint: saltedFingerprint(`${caseId} application for arbitration`),
                claimCode: 'LOAN_DEFAULT',
                package: { fingerprints: items, root: fingerprintTreeRoot(items) },
            }),
        ).result.case;
    });

    it('records the commission as the forum, in its arbitration role', () => {
        expect(filed).toMatchObject({ caseId, loanRef, court: 'ArbitrationMSP', forumRole: 'arbitration' });
        expect(filed.status).toBe('FILED');
    });

    it("lists the case in the commission's inbox, not in the court's", async () => {
        const inbox = ok(await arbitration.get<{ items: CaseRecord[] }>('/v1/cases?pageSize=1000'));
        expect(inbox.items.map((item) => item.caseId)).toContain(caseId);
        expect(inbox.items.every((item) => item.court === 'ArbitrationMSP')).toBe(true);
        const courtInbox = ok(await court.get<{ items: CaseRecord[] }>('/v1/cases?pageSize=1000'));
        expect(courtInbox.items.map((item) => item.caseId)).not.toContain(caseId);
    });

    it('refuses the court every move and read of the arbitration case', async () => {
        const document = { documentFingerprint: saltedFingerprint(`${caseId} court notice`) };
        const accept = await court.post<Problem>(`/v1/cases/${caseId}/accept`, document);
        expect([accept.status, accept.body.code]).toEqual([403, 'ACCESS_DENIED']);
        const read = await court.get<Problem>(`/v1/cases/${caseId}`);
        expect([read.status, read.body.code]).toEqual([403, 'ACCESS_DENIED']);
        const chain = await court.get<Problem>(`/v1/loans/${loanRef}/chain`);
        expect([chain.status, chain.body.code]).toEqual([403, 'ACCESS_DENIED']);
    });

    it("lets the commission read the loan's evidence, accept the case and rule on it", async () => {
        const chain = ok(
            await arbitration.get<{ loan: { loanRef: string }; entries: unknown[] }>(`/v1/loans/${loanRef}/chain`),
        );
        expect([chain.loan.loanRef, chain.entries.length]).toEqual([loanRef, 1]);
        const evidence = ok(
            await arbitration.get<{ items: { evidence?: { id: string } }[] }>(`/v1/cases/${caseId}/evidence`),
        );
        expect(evidence.items.map((item) => item.evidence?.id)).toEqual(filedItems);

        const steps: CaseStep[] = [];
        for (const [move, label] of [
            ['accept', 'acceptance notice'],
            ['judge', 'arbitral award'],
        ] as const) {
            const answer = ok(
                await arbitration.post<Committed<{ case: CaseRecord; step: CaseStep }>>(`/v1/cases/${caseId}/${move}`, {
                    documentFingerprint: saltedFingerprint(`${caseId} ${label}`),
                }),
            );
            steps.push(answer.result.step);
        }
        expect(steps.map((step) => [step.to, step.actor.mspId])).toEqual([
            ['ACCEPTED', 'ArbitrationMSP'],
            ['JUDGED', 'ArbitrationMSP'],
        ]);
        const view = ok(await bank.get<{ case: CaseRecord }>(`/v1/cases/${caseId}`));
        expect(view.case).toMatchObject({ status: 'JUDGED', forumRole: 'arbitration', steps: 3 });
    });

    it('refuses a consent granted to a bank that did not admit the platform, and one granted to no bank', async () => {
        const unadmitted = await platform.post<Problem>(
            '/v1/consents',
            // A product no suite admits: other suites on this network admit PlatformMSP at Bank2MSP for their own.
            creditInquiryConsent(uniqueCode('CN-ARB'), { grantee: 'Bank2MSP', product: 'NEVER_ADMITTED' }),
        );
        expect([unadmitted.status, unadmitted.body.code]).toEqual([403, 'PARTNER_NOT_ADMITTED']);
        expect(unadmitted.body.details).toMatchObject({ bank: 'Bank2MSP', platform: 'PlatformMSP' });
        const notABank = await platform.post<Problem>(
            '/v1/consents',
            creditInquiryConsent(uniqueCode('CN-ARB'), { grantee: 'ArbitrationMSP' }),
        );
        expect([notABank.status, notABank.body.code]).toEqual([422, 'CONSENT_GRANTEE_NOT_BANK']);
    });
});
