import { canonicalJson, ERROR_CATALOGUE } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { rejection } from '../../testing/fake-ledger.js';
import { routeSuite } from '../../testing/route-suite.js';

const ADMISSION = `adm:${'0a'.repeat(16)}`;
const WITHDRAWAL = `/v1/admissions/${ADMISSION}/withdrawal`;

const admit = {
    platform: 'PlatformMSP',
    products: ['CONSUMER_LOAN', 'CAR_LOAN'],
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2027-01-01T00:00:00.000Z',
};

describe('admission routes', () => {
    const suite = routeSuite();
    const send = suite.send;

    it.each([
        ['/v1/admissions', admit, 'Admission:Admit', admit],
        [
            '/v1/admissions',
            { platform: 'Platform2MSP', products: ['CONSUMER_LOAN'], validUntil: '2027-01-01T00:00:00Z' },
            'Admission:Admit',
            { platform: 'Platform2MSP', products: ['CONSUMER_LOAN'], validUntil: '2027-01-01T00:00:00Z' },
        ],
        [
            `/v1/admissions/${ADMISSION}/withdrawal`,
            { reasonCode: 'RISK_REVIEW' },
            'Admission:Withdraw',
            { admissionId: ADMISSION, reasonCode: 'RISK_REVIEW' },
        ],
    ])('POST %s submits %s', async (url, body, transaction, request) => {
        const response = await send('POST', url, body);
        expect(response.statusCode).toBe(200);
        expect(suite.gateway.ledger.endorsed).toHaveLength(1);
        expect(suite.gateway.ledger.endorsed[0]).toMatchObject({ name: transaction, args: [canonicalJson(request)] });
    });

    it.each([
        ['/v1/partners', 'Admission:ListPartners', {}],
        ['/v1/partners?at=2026-06-01T00:00:00Z', 'Admission:ListPartners', { at: '2026-06-01T00:00:00Z' }],
        [
            '/v1/admissions?bank=BankMSP&platform=PlatformMSP',
            'Admission:History',
            { bank: 'BankMSP', platform: 'PlatformMSP' },
        ],
    ])('GET %s evaluates %s', async (url, transaction, request) => {
        const response = await send('GET', url, undefined, ['auditor']);
        expect(response.statusCode).toBe(200);
        expect(suite.gateway.ledger.evaluated[0]).toMatchObject({ name: transaction, args: [canonicalJson(request)] });
    });

    it('writes an admission once for a repeated Idempotency-Key and replays the first answer', async () => {
        const post = async (): Promise<{ status: number; body: string; replayed: unknown }> => {
            const response = await suite.gateway.app.inject({
                method: 'POST',
                url: '/v1/admissions',
                headers: { ...(await suite.gateway.auth()), 'idempotency-key': 'admit-1' },
                payload: admit,
            });
            return {
                status: response.statusCode,
                body: response.body,
                replayed: response.headers['idempotent-replayed'],
            };
        };
        const first = await post();
        const second = await post();
        expect([first.status, first.replayed]).toEqual([200, undefined]);
        expect([second.status, second.replayed, second.body]).toEqual([200, 'true', first.body]);
        expect(suite.gateway.ledger.endorsed).toHaveLength(1);
    });

    it.each([
        ['a platform that is no MSP ID', 'POST', '/v1/admissions', { ...admit, platform: 'Zhang San' }],
        ['no products', 'POST', '/v1/admissions', { ...admit, products: [] }],
        ['a product twice', 'POST', '/v1/admissions', { ...admit, products: ['CAR_LOAN', 'CAR_LOAN'] }],
        ['a product in lower case', 'POST', '/v1/admissions', { ...admit, products: ['car loan'] }],
        ['no end of the window', 'POST', '/v1/admissions', { platform: 'PlatformMSP', products: ['CAR_LOAN'] }],
        ['a start that is no timestamp', 'POST', '/v1/admissions', { ...admit, validFrom: 'tomorrow' }],
        ['a free-text member', 'POST', '/v1/admissions', { ...admit, note: 'met at the fair' }],
        ['an admission ID of another shape', 'POST', '/v1/admissions/adm:1234/withdrawal', { reasonCode: 'RISK' }],
        ['a withdrawal without a reason', 'POST', `/v1/admissions/${ADMISSION}/withdrawal`, {}],
        [
            'a withdrawal with a free-text reason',
            'POST',
            `/v1/admissions/${ADMISSION}/withdrawal`,
            { reasonCode: 'they defaulted' },
        ],
        ['a partner list at a time that is no timestamp', 'GET', '/v1/partners?at=now', undefined],
        ['a partner list with another member', 'GET', '/v1/partners?bank=BankMSP', undefined],
        ['a history without a platform', 'GET', '/v1/admissions?bank=BankMSP', undefined],
        [
            'a history of a bank that is no MSP ID',
            'GET',
            '/v1/admissions?bank=a%20bank&platform=PlatformMSP',
            undefined,
        ],
    ] as const)('refuses %s with 400 VALIDATION_FAILED, calling nothing', async (_case, method, url, body) => {
        const response = await send(method, url, body);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
        expect([...suite.gateway.ledger.endorsed, ...suite.gateway.ledger.evaluated]).toHaveLength(0);
    });

    it('refuses an admission for an auditor token with 403 ROLE_REQUIRED', async () => {
        const response = await send('POST', '/v1/admissions', admit, ['auditor']);
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: 'ROLE_REQUIRED' });
        expect(suite.gateway.ledger.endorsed).toHaveLength(0);
    });

    it.each([
        ['PARTNER_ROLE_MISSING', 'Admission:Admit', 'POST', '/v1/admissions', admit],
        ['ADMISSION_WINDOW_INVALID', 'Admission:Admit', 'POST', '/v1/admissions', admit],
        ['ACCESS_DENIED', 'Admission:Admit', 'POST', '/v1/admissions', admit],
        ['ADMISSION_NOT_FOUND', 'Admission:Withdraw', 'POST', WITHDRAWAL, { reasonCode: 'RISK_REVIEW' }],
        ['ADMISSION_WITHDRAWN', 'Admission:Withdraw', 'POST', WITHDRAWAL, { reasonCode: 'RISK_REVIEW' }],
        ['ACCESS_DENIED', 'Admission:ListPartners', 'GET', '/v1/partners', undefined],
        ['ACCESS_DENIED', 'Admission:History', 'GET', '/v1/admissions?bank=BankMSP&platform=PlatformMSP', undefined],
    ] as const)('answers %s from %s with its catalogue status', async (code, transaction, method, url, body) => {
        suite.gateway.ledger.on(transaction, () => {
            throw rejection(code, `refused: ${code}`, { action: transaction });
        });
        const response = await send(method, url, body);
        const status = ERROR_CATALOGUE[code]?.status ?? 0;
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
        expect(response.statusCode).toBe(status);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json()).toMatchObject({ code, status, details: { action: transaction } });
    });
});
