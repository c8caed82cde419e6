import { canonicalJson } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { rejection } from '../../testing/fake-ledger.js';
import { routeSuite } from '../../testing/route-suite.js';

const CONSENT = 'consent:2026:0001';
const SUBJECT = `subj:${'f'.repeat(64)}`;
const FP = `sha256:${'a'.repeat(64)}`;
const LOAN = `loan:${'b'.repeat(64)}`;
/** A valid use: the bank's credit inquiry on a loan, reading the credit report. */
const USE = { purpose: 'CREDIT_INQUIRY', dataScope: ['CREDIT_REPORT'], loanRef: LOAN };

const consent = {
    consentId: CONSENT,
    subject: SUBJECT,
    grantee: 'BankMSP',
    product: 'CONSUMER_LOAN',
    purpose: 'CREDIT_INQUIRY',
    purposeListVersion: 'v1',
    dataScope: ['CREDIT_REPORT'],
    useMode: 'RECURRING',
    maxUses: 3,
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2027-01-01T00:00:00.000Z',
    documentFingerprint: FP,
    signingMethod: 'E_SIGNATURE',
    noticeVersion: 'notice-2026.1',
};

describe('consent routes', () => {
    const suite = routeSuite();
    const send = suite.send;

    it.each([
        ['/v1/consents', consent, 'Consent:Record', consent],
        [
            `/v1/consents/${CONSENT}/uses`,
            { ...USE, inquiryFingerprint: FP },
            'Consent:Use',
            { consentId: CONSENT, ...USE, inquiryFingerprint: FP },
        ],
        [
            `/v1/consents/${CONSENT}/withdrawal`,
            { reasonCode: 'SUBJECT_REQUEST' },
            'Consent:Withdraw',
            { consentId: CONSENT, reasonCode: 'SUBJECT_REQUEST' },
        ],
    ])('POST %s submits %s', async (url, body, transaction, request) => {
        const response = await send('POST', url, body);
        expect(response.statusCode).toBe(200);
        expect(suite.gateway.ledger.endorsed[0]).toMatchObject({ name: transaction, args: [canonicalJson(request)] });
    });

    it.each([
        [`/v1/consents/${CONSENT}`, 'Consent:Get', { consentId: CONSENT }],
        [`/v1/consents?subject=${SUBJECT}&pageSize=20`, 'Consent:ListBySubject', { pageSize: 20, subject: SUBJECT }],
        [
            '/v1/consent-uses?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&grantee=BankMSP',
            'Consent:ListUsesByGrantee',
            { from: '2026-01-01T00:00:00Z', grantee: 'BankMSP', pageSize: 100, to: '2026-02-01T00:00:00Z' },
        ],
    ])('GET %s evaluates %s', async (url, transaction, request) => {
        const response = await send('GET', url, undefined, ['auditor']);
        expect(response.statusCode).toBe(200);
        expect(suite.gateway.ledger.evaluated[0]).toMatchObject({ name: transaction, args: [canonicalJson(request)] });
    });

    it.each([
        ['a grantee that is no MSP ID', 'POST', '/v1/consents', { ...consent, grantee: 'Bank MSP' }],
        ['a consent without a product', 'POST', '/v1/consents', { ...consent, product: undefined }],
        ['a product that is no short code', 'POST', '/v1/consents', { ...consent, product: 'consumer loan' }],
        ['a subject in clear text', 'POST', '/v1/consents', { ...consent, subject: 'Zhang San' }],
        ['a purpose outside the list', 'POST', `/v1/consents/${CONSENT}/uses`, { ...USE, purpose: 'MARKETING' }],
        ['a use naming no data items', 'POST', `/v1/consents/${CONSENT}/uses`, { ...USE, dataScope: [] }],
        ['a use without dataScope', 'POST', `/v1/consents/${CONSENT}/uses`, { ...USE, dataScope: undefined }],
        ['a data item in free text', 'POST', `/v1/consents/${CONSENT}/uses`, { ...USE, dataScope: ['credit report'] }],
        ['a loan reference in clear', 'POST', `/v1/consents/${CONSENT}/uses`, { ...USE, loanRef: 'LN-2026-001' }],
        [
            'a free-text member',
            'POST',
            `/v1/consents/${CONSENT}/withdrawal`,
            { reasonCode: 'SUBJECT_REQUEST', note: 'called us' },
        ],
        ['a listing without a subject', 'GET', '/v1/consents', undefined],
        [
            'a window bound that is no timestamp',
            'GET',
            '/v1/consent-uses?from=yesterday&to=2026-02-01T00:00:00Z',
            undefined,
        ],
    ] as const)('refuses %s with 400 VALIDATION_FAILED', async (_case, method, url, body) => {
        const response = await send(method, url, body);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
        expect([...suite.gateway.ledger.endorsed, ...suite.gateway.ledger.evaluated]).toHaveLength(0);
    });

    it('refuses to use a consent for an auditor with 403 ROLE_REQUIRED', async () => {
        const response = await send('POST', `/v1/consents/${CONSENT}/uses`, USE, ['auditor']);
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: 'ROLE_REQUIRED' });
        expect(suite.gateway.ledger.endorsed).toHaveLength(0);
    });

    it.each([
        ['CONSENT_NOT_FOUND', 404],
        ['CONSENT_NOT_GRANTEE', 403],
        ['CONSENT_EXPIRED', 409],
        ['CONSENT_PURPOSE_MISMATCH', 422],
        ['PARTNER_NOT_ADMITTED', 403],
        ['CONSENT_SCOPE_EXCEEDED', 422],
        ['CONSENT_SUBJECT_MISMATCH', 422],
        ['CONSENT_COLLECTOR_MISMATCH', 422],
        ['CONSENT_LOAN_UNBOUND', 409],
    ])('answers a refused use, %s, with %i', async (code, status) => {
        suite.gateway.ledger.on('Consent:Use', () => {
            throw rejection(code, `use refused: ${code}`, { consentId: CONSENT });
        });
        const response = await send('POST', `/v1/consents/${CONSENT}/uses`, USE);
        expect(response.statusCode).toBe(status);
        expect(response.json()).toMatchObject({ code, status, details: { consentId: CONSENT } });
    });

    it.each([
        ['CONSENT_GRANTEE_NOT_BANK', 422],
        ['PARTNER_NOT_ADMITTED', 403],
    ])('answers a refused recording, %s, with %i', async (code, status) => {
        suite.gateway.ledger.on('Consent:Record', () => {
            throw rejection(code, `recording refused: ${code}`, { grantee: 'Bank2MSP' });
        });
        const response = await send('POST', '/v1/consents', { ...consent, grantee: 'Bank2MSP' });
        expect(response.statusCode).toBe(status);
        expect(response.json()).toMatchObject({ code, status, details: { grantee: 'Bank2MSP' } });
    });
});
