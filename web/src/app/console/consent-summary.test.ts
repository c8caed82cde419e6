import { type ConsentStatus, type ConsentView } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { summariseConsent } from './consent-summary.ts';

function view(status: ConsentStatus, overrides: Partial<ConsentView['consent']> = {}): ConsentView {
    const use = (useNo: number) => ({
        ticketId: `t${useNo}`,
        consentId: 'CN-1',
        useNo,
        grantee: 'BankMSP',
        purpose: 'CREDIT_INQUIRY',
        usedBy: { mspId: 'BankMSP', subject: 'CN=User1' },
        time: `2026-02-0${useNo}T00:00:00.000Z`,
        txId: `tx${useNo}`,
    });
    return {
        consent: {
            consentId: 'CN-1',
            subject: `subj:${'0'.repeat(64)}`,
            collector: 'PlatformMSP',
            grantee: 'BankMSP',
            product: 'CONSUMER_LOAN',
            purpose: 'CREDIT_INQUIRY',
            purposeListVersion: 'v1',
            dataScope: ['CREDIT_REPORT'],
            useMode: 'RECURRING',
            maxUses: 3,
            usesCount: 2,
            validFrom: '2026-01-01T00:00:00.000Z',
            validUntil: '2026-12-31T00:00:00.000Z',
            documentFingerprint: `sha256:${'1'.repeat(64)}`,
            signingMethod: 'E_SIGNATURE',
            noticeVersion: 'n1',
            status: 'ACTIVE',
            recordedBy: { mspId: 'PlatformMSP', subject: 'CN=User1' },
            recordedAt: '2026-01-01T00:00:00.000Z',
            txId: 'tx0',
            updatedAt: '2026-02-02T00:00:00.000Z',
            ...overrides,
        },
        status,
        usesLeft: 1,
        uses: [use(2), use(1)],
        bindings: [],
        bindingsTruncated: false,
        history: [],
    };
}

describe('summariseConsent', () => {
    it('shows a consent in force as granted, with purpose, grantee, validity and the use log first use first', () => {
        const summary = summariseConsent(view('ACTIVE'));
        expect(summary).toMatchObject({
            standing: 'granted',
            tone: 'ok',
            purpose: 'CREDIT_INQUIRY',
            grantee: 'BankMSP',
            validFrom: '2026-01-01T00:00:00.000Z',
            validUntil: '2026-12-31T00:00:00.000Z',
            usesCount: 2,
            maxUses: 3,
            usesLeft: 1,
        });
        expect(summary.uses.map((u) => u.useNo)).toEqual([1, 2]);
    });

    it("takes the chaincode's status as the standing: expired, withdrawn, used up, superseded", () => {
        expect(summariseConsent(view('EXPIRED')).standing).toBe('expired');
        expect(summariseConsent(view('CONSUMED')).standing).toBe('usedUp');
        expect(summariseConsent(view('SUPERSEDED')).standing).toBe('superseded');
        const withdrawn = summariseConsent(
            view('WITHDRAWN', {
                status: 'WITHDRAWN',
                withdrawal: {
                    reasonCode: 'SUBJECT_REQUEST',
                    time: '2026-03-01T00:00:00.000Z',
                    by: { mspId: 'PlatformMSP', subject: 'x' },
                },
            }),
        );
        expect(withdrawn).toMatchObject({
            standing: 'withdrawn',
            tone: 'bad',
            withdrawal: { reasonCode: 'SUBJECT_REQUEST', by: 'PlatformMSP' },
        });
    });
});
