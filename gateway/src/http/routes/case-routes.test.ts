import { canonicalJson, MAX_PACKAGE_SIZE } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { rejection } from '../../testing/fake-ledger.js';
import { routeSuite } from '../../testing/route-suite.js';

const FP = `sha256:${'a'.repeat(64)}`;
const DOCUMENT = `sha256:${'b'.repeat(64)}`;
const CASE = 'BK-2026-000-123';

const filing = (caseId: string): Record<string, unknown> => ({
    caseId,
    loanRef: `loan:${'e'.repeat(64)}`,
    court: 'CourtMSP',
    documentFingerprint: DOCUMENT,
    claimCode: 'REPAYMENT_CLAIM',
    package: { fingerprints: [FP], root: 'c'.repeat(64) },
});

describe('case routes', () => {
    const suite = routeSuite();
    const send = suite.send;

    it('submits Case:File with the filing as its one argument', async () => {
        const response = await send('POST', '/v1/cases', filing(CASE));
        expect(response.statusCode).toBe(200);
        expect(suite.gateway.ledger.endorsed[0]).toMatchObject({
            name: 'Case:File',
            args: [canonicalJson(filing(CASE))],
        });
    });

    it('submits a filing to an arbitration commission, naming its forum role, as Case:File', async () => {
        const toArbitration = { ...filing(CASE), court: 'ArbitrationMSP', forumRole: 'arbitration' };
        const response = await send('POST', '/v1/cases', toArbitration);
        expect(response.statusCode).toBe(200);
        expect(suite.gateway.ledger.endorsed[0]).toMatchObject({
            name: 'Case:File',
            args: [canonicalJson(toArbitration)],
        });
    });

    it('submits a small bulk filing as one Case:FileBatch', async () => {
        const cases = [filing(CASE), filing('BK-2026-000-124')];
        const response = await send('POST', '/v1/cases/batch', { cases });
        expect(response.statusCode).toBe(200);
        expect(suite.gateway.ledger.endorsed).toHaveLength(1);
        expect(suite.gateway.ledger.endorsed[0]).toMatchObject({
            name: 'Case:FileBatch',
            args: [canonicalJson({ cases })],
        });
    });

    it.each([
        ['accept', 'Case:Accept', {}],
        ['reject', 'Case:Reject', { reasonCode: 'OUT_OF_JURISDICTION' }],
        ['judge', 'Case:Judge', {}],
        ['enforce', 'Case:Enforce', {}],
        ['close', 'Case:Close', { reasonCode: 'SETTLED' }],
    ])('POST /v1/cases/:caseId/%s submits %s for the case in the path', async (step, transaction, extra) => {
        const response = await send('POST', `/v1/cases/${CASE}/${step}`, { documentFingerprint: DOCUMENT, ...extra });
        expect(response.statusCode).toBe(200);
        expect(suite.gateway.ledger.endorsed[0]).toMatchObject({
            name: transaction,
            args: [canonicalJson({ caseId: CASE, documentFingerprint: DOCUMENT, ...extra })],
        });
    });

    it.each([
        ['/v1/cases?court=CourtMSP', 'Case:ListByCourt', { court: 'CourtMSP', pageSize: 100 }],
        ['/v1/cases?court=ArbitrationMSP', 'Case:ListByCourt', { court: 'ArbitrationMSP', pageSize: 100 }],
        ['/v1/cases', 'Case:ListByCourt', { pageSize: 100 }],
        [`/v1/cases/${CASE}`, 'Case:Get', { caseId: CASE }],
        [`/v1/cases/${CASE}/evidence`, 'Case:GetEvidence', { caseId: CASE }],
        [`/v1/cases/${CASE}/history`, 'Case:History', { caseId: CASE }],
    ])('GET %s evaluates %s', async (url, transaction, request) => {
        const response = await send('GET', url, undefined, ['auditor']);
        expect(response.statusCode).toBe(200);
        expect(suite.gateway.ledger.evaluated[0]).toMatchObject({ name: transaction, args: [canonicalJson(request)] });
    });

    it.each([
        ['a rejection without a reason code', 'POST', `/v1/cases/${CASE}/reject`, { documentFingerprint: DOCUMENT }],
        ['a filing naming a forum that is no MSP ID', 'POST', '/v1/cases', { ...filing(CASE), court: 'Court MSP' }],
        ['a filing naming a role that is no forum', 'POST', '/v1/cases', { ...filing(CASE), forumRole: 'bank' }],
        ['a lower-case case ID', 'POST', '/v1/cases', filing('bk-2026-1')],
        [
            'a package above the per-case maximum',
            'POST',
            '/v1/cases',
            {
                ...filing(CASE),
                package: { fingerprints: Array.from({ length: MAX_PACKAGE_SIZE + 1 }, () => FP), root: 'c'.repeat(64) },
            },
        ],
        ['a list naming a forum that is no MSP ID', 'GET', '/v1/cases?court=Court%20MSP', undefined],
    ] as const)('refuses %s with 400 VALIDATION_FAILED', async (_case, method, url, body) => {
        const response = await send(method, url, body);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
        expect([...suite.gateway.ledger.endorsed, ...suite.gateway.ledger.evaluated]).toHaveLength(0);
    });

    it('refuses to file for an auditor with 403 ROLE_REQUIRED', async () => {
        const response = await send('POST', '/v1/cases', filing(CASE), ['auditor']);
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: 'ROLE_REQUIRED' });
        expect(suite.gateway.ledger.endorsed).toHaveLength(0);
    });

    it('answers a move the state machine forbids with 409 INVALID_STATE and its details', async () => {
        const details = { status: 'FILED', to: 'JUDGED', allowed: 'ACCEPTED,REJECTED' };
        suite.gateway.ledger.on('Case:Judge', () => {
            throw rejection('INVALID_STATE', 'case BK-2026-000-123 is FILED', details);
        });
        const response = await send('POST', `/v1/cases/${CASE}/judge`, { documentFingerprint: DOCUMENT });
        expect(response.statusCode).toBe(409);
        expect(response.json()).toMatchObject({ code: 'INVALID_STATE', status: 409, details });
    });

    it.each([
        ['Case:File', 'PACKAGE_FINGERPRINT_UNKNOWN', 422],
        ['Case:File', 'LOAN_NOT_FOUND', 404],
        ['Case:File', 'CASE_FORUM_INVALID', 422],
        ['Case:File', 'NOT_LOAN_PARTY', 403],
    ])('answers a %s refusal %s with %i', async (transaction, code, status) => {
        suite.gateway.ledger.on(transaction, () => {
            throw rejection(code);
        });
        const response = await send('POST', '/v1/cases', filing(CASE));
        expect(response.statusCode).toBe(status);
        expect(response.json()).toMatchObject({ code, status });
    });
});
