import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintTreeRoot } from '@lendledger/domain/node';
import { parseRootsBundle, verifyPackage, type Receipt } from '@lendledger/verifier';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preparedWitness, rejection } from '../../testing/fake-ledger.js';
import { recordedTsa } from '../../testing/recorded-tsa.js';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'verifier', 'src', 'fixtures');
const ROOTS_PATH = join(FIXTURES, 'roots.json');
const direct = JSON.parse(readFileSync(join(FIXTURES, 'receipt-direct.json'), 'utf8')) as Receipt;
const absent = `sha256:${'cd'.repeat(32)}`;

/** A case of two items: the recorded evidence record, and a fingerprint the ledger does not know. */
function caseView(caseId: string): unknown {
    const items = [direct.fingerprint, absent];
    return {
        case: { caseId, package: { root: fingerprintTreeRoot(items), size: items.length }, status: 'FILED' },
        packageRoot: fingerprintTreeRoot(items),
        items: items.map((fingerprint) => ({ fingerprint, anchors: [] })),
        chain: { entries: [{ record: { id: direct.fingerprint } }], intact: true },
        attestations: [],
    };
}

describe('GET /v1/cases/{caseId}/package', () => {
    let gateway: TestGateway;

    beforeEach(async () => {
        // The recorded network's TSA dated the recorded block; the recorded roots list that TSA.
        gateway = await startTestGateway({ package: { rootsPath: ROOTS_PATH } }, { tsa: recordedTsa([direct]) });
        gateway.ledger.blocks.set(direct.transaction.id, Buffer.from(direct.block.bytes, 'base64'));
        gateway.ledger.witnesses.set(direct.write.key, preparedWitness(direct));
        gateway.ledger.on('Evidence:Get', (call) => {
            if (call.args[0] === JSON.stringify({ id: direct.fingerprint })) {
                return JSON.stringify({ record: { txId: direct.transaction.id } });
            }
            throw rejection('EVIDENCE_NOT_FOUND');
        });
        gateway.ledger.on('Anchor:GetProof', () => {
            throw rejection('FINGERPRINT_NOT_ANCHORED');
        });
    });

    afterEach(async () => {
        await gateway.close();
    });

    it('streams a zip whose receipts verify, copying the configured roots byte for byte and listing what it lacks', async () => {
        gateway.ledger.on('Case:GetEvidence', () => JSON.stringify(caseView('CASE-1')));
        const response = await gateway.app.inject({
            method: 'GET',
            url: '/v1/cases/CASE-1/package',
            headers: await gateway.auth(),
        });
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toBe('application/zip');
        expect(response.headers['content-disposition']).toBe('attachment; filename="case-CASE-1.zip"');
        const zip = new Uint8Array(response.rawPayload);
        const files = unzipSync(zip);
        expect(Object.keys(files)).toEqual([
            'GUIDE.md',
            'case.json',
            'chain.json',
            'roots.json',
            `receipts/${direct.fingerprint.replace(':', '-')}.json`,
            'manifest.json',
        ]);
        expect(Buffer.from(files['roots.json']!).equals(readFileSync(ROOTS_PATH))).toBe(true);
        const manifest = JSON.parse(Buffer.from(files['manifest.json']!).toString()) as { unavailable: unknown[] };
        expect(manifest.unavailable).toEqual([
            {
                path: `receipts/${absent.replace(':', '-')}.json`,
                fingerprint: absent,
                reason: expect.stringMatching(/^FINGERPRINT_NOT_ANCHORED: /) as unknown,
            },
            { path: 'report/notary-report.jws', reason: expect.stringMatching(/Notary's gateway/) as unknown },
            { path: 'report/notary-report.pdf', reason: expect.stringMatching(/Notary's gateway/) as unknown },
        ]);

        const result = await verifyPackage(zip, { roots: parseRootsBundle(readFileSync(ROOTS_PATH, 'utf8')) });
        expect(result.checks.map((c) => [c.name, c.status])).toEqual([
            ['package-format', 'pass'],
            ['manifest-hashes', 'pass'],
            ['trusted-roots', 'pass'],
            ['case-items', 'pass'],
            ['receipts', 'pass'],
            ['receipts-belong-to-case', 'pass'],
            ['items-covered', 'fail'],
            ['notary-report', 'skip'],
        ]);
        expect(gateway.ledger.evaluated[0]).toMatchObject({ name: 'Case:GetEvidence', args: ['{"caseId":"CASE-1"}'] });
    });

    it.each([
        ['CASE_NOT_FOUND', 404],
        ['ACCESS_DENIED', 403],
    ])('answers the chaincode’s %s as problem+json %i before any byte of a zip', async (code, status) => {
        gateway.ledger.on('Case:GetEvidence', () => {
            throw rejection(code);
        });
        const response = await gateway.app.inject({
            method: 'GET',
            url: '/v1/cases/CASE-2/package',
            headers: await gateway.auth(),
        });
        expect(response.statusCode).toBe(status);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json()).toMatchObject({ code, status });
    });

    it('refuses a malformed case ID and a caller without a token with their stable codes', async () => {
        const malformed = await gateway.app.inject({
            method: 'GET',
            url: '/v1/cases/bad%20id/package',
            headers: await gateway.auth(),
        });
        expect(malformed.statusCode).toBe(400);
        expect(malformed.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
        const anonymous = await gateway.app.inject({ method: 'GET', url: '/v1/cases/CASE-3/package' });
        expect(anonymous.statusCode).toBe(401);
        expect(gateway.ledger.evaluated).toEqual([]);
    });
});
