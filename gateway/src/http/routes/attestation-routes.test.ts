import { canonicalJson } from '@lendledger/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../../testing/fake-ledger.js';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';

const FP = `sha256:${'a'.repeat(64)}`;
const DOCUMENT = `sm3:${'b'.repeat(64)}`;
const ROOT = 'c'.repeat(64);
const CASE = 'BK-2026-000123';

describe('attestation routes', () => {
    let gateway: TestGateway;

    beforeAll(async () => {
        gateway = await startTestGateway();
    });

    afterAll(async () => {
        await gateway.close();
    });

    beforeEach(() => {
        gateway.ledger.handlers.clear();
        gateway.ledger.endorsed.length = 0;
        gateway.ledger.evaluated.length = 0;
    });

    async function send(
        method: 'GET' | 'POST',
        url: string,
        payload?: object,
        roles: readonly string[] = ['submitter'],
    ) {
        return gateway.app.inject({
            method,
            url,
            headers: await gateway.auth({ roles }),
            ...(payload === undefined ? {} : { payload }),
        });
    }

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
        expect(gateway.ledger.endorsed[0]).toMatchObject({ name: transaction, args: [canonicalJson(request)] });
    });

    it.each([
        [`/v1/evidence/${FP}/attestations`, { id: FP, kind: 'EVIDENCE' }],
        [`/v1/cases/${CASE}/attestations`, { id: CASE, kind: 'CASE' }],
    ])('GET %s evaluates Attestation:ListByTarget with the target kind', async (url, request) => {
        const response = await send('GET', url, undefined, ['auditor']);
        expect(response.statusCode).toBe(200);
        expect(gateway.ledger.evaluated[0]).toMatchObject({
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
        expect(gateway.ledger.endorsed).toHaveLength(0);
    });

    it('refuses to attest for an auditor with 403 ROLE_REQUIRED', async () => {
        const response = await send('POST', `/v1/evidence/${FP}/attestations`, { statementCode: 'ORIGINAL_SEEN' }, [
            'auditor',
        ]);
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: 'ROLE_REQUIRED' });
        expect(gateway.ledger.endorsed).toHaveLength(0);
    });

    it.each([
        ['PACKAGE_ROOT_MISMATCH', 422],
        ['ACCESS_DENIED', 403],
        ['CONFLICT', 409],
    ])('answers the chaincode refusal %s with %i', async (code, status) => {
        gateway.ledger.on('Attestation:AttestCase', () => {
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
