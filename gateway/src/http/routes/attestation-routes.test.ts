import { canonicalJson } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { rejection } from '../../testing/fake-ledger.js';
import { routeSuite } from '../../testing/route-suite.js';

const FP = `sha256:${'a'.repeat(64)}`;
const DOCUMENT = `sm3:${'b'.repeat(64)}`;
const ROOT = 'c'.repeat(64);
const CASE = 'BK-2026-000-123';

describe('attestation routes', () => {
    const suite = routeSuite();
    const send = suite.send;

    it.each([
        [
            `/v1/evidence/${FP}/attestations`,
            { statementCode: 'ORIGINAL_SEEN' },
            'Attestation:AttestEvidence',
            { id: FP, statementCode: 'ORIGINAL_SEEN' },
        ],
        [
            `/v1/evidence/withdrawal:${FP}/attestations`,
            { statementCode: 'ORIGINAL_SEEN', documentFingerprint: DOCUMENT },
            'Attestation:AttestEvidence',
            { documentFingerprint: DOCUMENT, id: `withdrawal:${FP}`, statementCode: 'ORIGINAL_SEEN' },
        ],
        [
            `/v1/cases/${CASE}/attestations`,
            { packageRoot: ROOT, statementCode: 'PACKAGE_VERIFIED' },
            'Attestation:AttestCase',
            { caseId: CASE, packageRoot: ROOT, statementCode: 'PACKAGE_VERIFIED' },
        ],
    ])('POST %s submits %s naming the target from the path', async (url, body, transaction, request) => {
        const response = await send('POST', url, body);
        expect(response.statusCode).toBe(200);
        expect(suite.gateway.ledger.endorsed[0]).toMatchObject({ name: transaction, args: [canonicalJson(request)] });
    });

    it.each([
        [`/v1/evidence/${FP}/attestations`, { id: FP, kind: 'EVIDENCE' }],
        [`/v1/cases/${CASE}/attestations`, { id: CASE, kind: 'CASE' }],
    ])('GET %s evaluates Attestation:ListByTarget with the target kind', async (url, request) => {
        const response = await send('GET', url, undefined, ['auditor']);
        expect(response.statusCode).toBe(200);
        expect(suite.gateway.ledger.evaluated[0]).toMatchObject({
            name: 'Attestation:ListByTarget',
            args: [canonicalJson(request)],
        });
    });

    it.each([
        ['a statement code holding a number run', `/v1/evidence/${FP}/attestations`, { statementCode: 'ID12345678' }],
        [
            'a case attestation without its package root',
            `/v1/cases/${CASE}/attestations`,
            { statementCode: 'PACKAGE_VERIFIED' },
        ],
        [
            'a record id that is no fingerprint',
            '/v1/evidence/record-1/attestations',
            { statementCode: 'ORIGINAL_SEEN' },
        ],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_case, url, body) => {
        const response = await send('POST', url, body);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
        expect(suite.gateway.ledger.endorsed).toHaveLength(0);
    });

    it('refuses to attest for an auditor with 403 ROLE_REQUIRED', async () => {
        const response = await send('POST', `/v1/evidence/${FP}/attestations`, { statementCode: 'ORIGINAL_SEEN' }, [
            'auditor',
        ]);
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: 'ROLE_REQUIRED' });
        expect(suite.gateway.ledger.endorsed).toHaveLength(0);
    });

    it.each([
        ['PACKAGE_ROOT_MISMATCH', 422],
        ['ACCESS_DENIED', 403],
        ['CONFLICT', 409],
    ])('answers the chaincode refusal %s with %i', async (code, status) => {
        suite.gateway.ledger.on('Attestation:AttestCase', () => {
            throw rejection(code, `refused: ${code}`, { field: 'packageRoot' });
        });
        const response = await send('POST', `/v1/cases/${CASE}/attestations`, {
            packageRoot: ROOT,
            statementCode: 'PACKAGE_VERIFIED',
        });
        expect(response.statusCode).toBe(status);
        expect(response.json()).toMatchObject({
            code,
            status,
            detail: `refused: ${code}`,
            details: { field: 'packageRoot' },
        });
    });
});
