import { type ConsentRecord, type ConsentUse } from '@lendledger/domain';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { admitPartner } from '../support/admissions.ts';
import { gatewayAs, ok, type GatewayClient } from '../support/gateway-client.ts';
import {
    creditInquiryConsent,
    creditInquiryUse,
    identityVerification,
    loanRefOf,
    saltedFingerprint,
    TEST_PRODUCT,
} from '../support/ledger-data.ts';
import { testNetwork, uniqueCode, uniqueName } from '../support/test-network.ts';

interface Committed<T> {
    readonly result: T;
}

interface Line {
    readonly ticketId: string;
    readonly time: string;
    readonly loanRef?: string;
    readonly consentId: string;
    readonly subject?: string;
    readonly purpose: string;
    readonly dataScope?: string[];
    readonly validFrom?: string;
    readonly validUntil?: string;
    readonly consentStatus?: string;
    readonly legacy: boolean;
}

interface Report {
    readonly grantee: string;
    readonly counts: { readonly uses: number; readonly legacy: number };
    readonly lines: Line[];
    readonly reconciliation?: {
        readonly matched: { index: number; ticketId: string }[];
        readonly ledgerOnly: string[];
        readonly logOnly: { index: number; ticketId?: string; reason: string }[];
        readonly counts: { matched: number; ledgerOnly: number; logOnly: number };
    };
}

/**
 * A bank's reconciliation report on the real network, through its own gateway: the bank makes three credit
 * inquiries on a loan under two consents, Bank2 one on its own loan; the bank's report lists each of its inquiries
 * with the consent it used and none of Bank2's, reconciles a log with one entry missing and one extra, and may not
 * read Bank2's uses, while the court (oversight) may read the bank's.
 */
describe("a grantee's consent reconciliation report, on the real network", () => {
    const network = testNetwork();
    let platform: GatewayClient;
    let bank: GatewayClient;
    let bank2: GatewayClient;
    let court: GatewayClient;
    let from = '';
    let to = '';
    const consents = new Map<string, ConsentRecord>();
    const bankUses: ConsentUse[] = [];
    let bank2Use: ConsentUse;

    /** A loan of `bank` whose platform filed the borrower's authorization citing `consentId`. */
    async function authorizedLoan(bankMsp: string, consentId: string): Promise<string> {
        const loanRef = loanRefOf(uniqueName('recon-loan'));
        const first = ok(
            await platform.post<Committed<{ record: { id: string } }>>('/v1/evidence', {
                ...identityVerification(loanRef),
                parties: { bank: bankMsp, product: TEST_PRODUCT },
            }),
        );
        ok(
            await platform.post('/v1/evidence', {
                fingerprint: saltedFingerprint(`authorization of ${loanRef}`),
                salted: true,
                evidenceType: 'CREDIT_AUTH_FORM',
                stage: 'CREDIT_AUTHORIZATION',
                loanRef,
                previous: first.result.record.id,
                consentId,
            }),
        );
        return loanRef;
    }

    async function record(request: Record<string, unknown>): Promise<ConsentRecord> {
        const { consent } = ok(
            await platform.post<Committed<{ consent: ConsentRecord }>>('/v1/consents', request),
        ).result;
        consents.set(consent.consentId, consent);
        return consent;
    }

    async function inquire(by: GatewayClient, consentId: string, body: Record<string, unknown>): Promise<ConsentUse> {
        return ok(await by.post<Committed<{ use: ConsentUse }>>(`/v1/consents/${consentId}/uses`, body)).result.use;
    }

    beforeAll(async () => {
        [platform, bank, bank2, court] = await Promise.all([
            gatewayAs(network, 'platform'),
            gatewayAs(network, 'bank'),
            gatewayAs(network, 'bank2'),
            gatewayAs(network, 'court'),
        ]);
        await admitPartner(network, 'bank2', 'PlatformMSP');
        const recurring = await record(
            creditInquiryConsent(uniqueCode('CN-RECON'), {
                useMode: 'RECURRING',
                maxUses: 3,
                dataScope: ['CREDIT_REPORT', 'IDENTITY_BASIC'],
            }),
        );
        // A second consent of the same borrower, for one more inquiry on the same loan.
        const oneTime = await record(creditInquiryConsent(uniqueCode('CN-RECON'), { subject: recurring.subject }));
        const other = await record(creditInquiryConsent(uniqueCode('CN-RECON2'), { grantee: 'Bank2MSP' }));
        const loanRef = await authorizedLoan('BankMSP', recurring.consentId);
        const otherLoan = await authorizedLoan('Bank2MSP', other.consentId);
        // The window holds this suite's inquiries only: the suites run one after another.
        from = new Date(Date.now() - 1_000).toISOString();
        bankUses.push(await inquire(bank, recurring.consentId, creditInquiryUse(loanRef)));
        bank2Use = await inquire(bank2, other.consentId, creditInquiryUse(otherLoan));
        bankUses.push(
            await inquire(bank, recurring.consentId, creditInquiryUse(loanRef, { dataScope: ['IDENTITY_BASIC'] })),
        );
        bankUses.push(await inquire(bank, oneTime.consentId, creditInquiryUse(loanRef)));
        to = new Date(Date.now() + 1_000).toISOString();
    });

    it('lists each of the bank’s inquiries with the consent it used, and none of another bank’s', async () => {
        const report = ok(await bank.get<Report>(`/v1/consent-uses/reconciliation?from=${from}&to=${to}`));
        expect(report.grantee).toBe('BankMSP');
        expect(report.counts).toEqual({ uses: 3, legacy: 0 });
        expect(report.lines.map((line) => line.ticketId)).toEqual(bankUses.map((use) => use.ticketId));
        expect(report.lines.map((line) => line.ticketId)).not.toContain(bank2Use.ticketId);
        for (const [at, line] of report.lines.entries()) {
            const use = bankUses[at]!;
            const consent = consents.get(use.consentId)!;
            expect(line).toMatchObject({
                time: use.time,
                loanRef: use.loanRef,
                consentId: consent.consentId,
                subject: consent.subject,
                purpose: 'CREDIT_INQUIRY',
                dataScope: use.dataScope,
                validFrom: consent.validFrom,
                validUntil: consent.validUntil,
                legacy: false,
            });
        }
        // The status once each use was logged: the one-time consent was used up by its inquiry.
        expect(report.lines.map((line) => line.consentStatus)).toEqual(['ACTIVE', 'ACTIVE', 'CONSUMED']);
        expect(report.lines[1]!.dataScope).toEqual(['IDENTITY_BASIC']);
    });

    it('reconciles a log with one inquiry missing and one the ledger does not hold', async () => {
        const [first, missing, last] = bankUses as [ConsentUse, ConsentUse, ConsentUse];
        const extra = `ticket:${randomBytes(32).toString('hex')}`;
        const report = ok(
            await bank.post<Report>('/v1/consents/reconciliation', {
                from,
                to,
                inquiries: [
                    { ticketId: first.ticketId },
                    { inquiryFingerprint: last.inquiryFingerprint },
                    { ticketId: extra },
                ],
            }),
        );
        expect(report.reconciliation).toEqual({
            matched: [
                { index: 0, ticketId: first.ticketId },
                { index: 1, ticketId: last.ticketId },
            ],
            ledgerOnly: [missing.ticketId],
            logOnly: [{ index: 2, ticketId: extra, reason: 'NOT_ON_LEDGER' }],
            counts: { matched: 2, ledgerOnly: 1, logOnly: 1 },
        });
    });

    it('shows Bank2 only its own inquiry, refuses the bank Bank2’s uses, and lets the court read the bank’s', async () => {
        const own = ok(await bank2.get<Report>(`/v1/consent-uses/reconciliation?from=${from}&to=${to}`));
        expect(own.lines.map((line) => line.ticketId)).toEqual([bank2Use.ticketId]);
        const refused = await bank.post<{ code: string }>('/v1/consents/reconciliation', {
            from,
            to,
            grantee: 'Bank2MSP',
        });
        expect([refused.status, refused.body.code]).toEqual([403, 'ACCESS_DENIED']);
        const oversight = ok(
            await court.get<Report>(`/v1/consent-uses/reconciliation?from=${from}&to=${to}&grantee=BankMSP`),
        );
        expect(oversight.lines.map((line) => line.ticketId)).toEqual(bankUses.map((use) => use.ticketId));
    });
});
