import { canonicalJson } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import { rejection } from '../../testing/fake-ledger.js';
import { routeSuite } from '../../testing/route-suite.js';

const FP = `sha256:${'a'.repeat(64)}`;
const ANCHOR = 'c'.repeat(64);

describe('anchor routes', () => {
    const suite = routeSuite();
    const send = suite.send;

    it('submits Anchor:Create with the fingerprints in leaf order, either form', async () => {
        const fingerprints = [FP, { algorithm: 'sm3', digest: 'b'.repeat(64) }];
        const response = await send('POST', '/v1/anchors', { fingerprints });
        expect(response.statusCode).toBe(200);
        expect(suite.gateway.ledger.endorsed[0]).toMatchObject({
            name: 'Anchor:Create',
            args: [canonicalJson({ fingerprints })],
        });
    });

    it.each([
        ['/v1/anchors', 'Anchor:List', { pageSize: 100 }],
        ['/v1/anchors?pageSize=3&bookmark=k', 'Anchor:List', { bookmark: 'k', pageSize: 3 }],
        [`/v1/anchors/${ANCHOR}`, 'Anchor:Get', { anchorId: ANCHOR }],
        [`/v1/anchors/${ANCHOR}/leaves/2`, 'Anchor:GetLeaves', { anchorId: ANCHOR, chunk: 2 }],
        [`/v1/anchors/${ANCHOR}/proofs/${FP}`, 'Anchor:GetProof', { anchorId: ANCHOR, fingerprint: FP }],
        [`/v1/fingerprints/${FP}/anchors`, 'Anchor:FindByFingerprint', { fingerprint: FP }],
        [`/v1/fingerprints/${FP}/proof`, 'Anchor:GetProof', { fingerprint: FP }],
    ])('GET %s evaluates %s', async (url, transaction, request) => {
        const response = await send('GET', url, undefined, ['auditor']);
        expect(response.statusCode).toBe(200);
        expect(suite.gateway.ledger.evaluated[0]).toMatchObject({ name: transaction, args: [canonicalJson(request)] });
    });

    it.each([
        ['an empty list', 'POST', '/v1/anchors', { fingerprints: [] }],
        ['upper-case hex', 'POST', '/v1/anchors', { fingerprints: [`sha256:${'A'.repeat(64)}`] }],
        ['an unknown member', 'POST', '/v1/anchors', { fingerprints: [FP], note: 'x' }],
        ['an anchor ID that is not 64 hex', 'GET', '/v1/anchors/abc', undefined],
        ['a negative chunk', 'GET', `/v1/anchors/${ANCHOR}/leaves/-1`, undefined],
    ] as const)('refuses %s with 400 VALIDATION_FAILED', async (_case, method, url, body) => {
        const response = await send(method, url, body);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
        expect([...suite.gateway.ledger.endorsed, ...suite.gateway.ledger.evaluated]).toHaveLength(0);
    });

    it('refuses to anchor for an auditor with 403 ROLE_REQUIRED', async () => {
        const response = await send('POST', '/v1/anchors', { fingerprints: [FP] }, ['auditor']);
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: 'ROLE_REQUIRED' });
        expect(suite.gateway.ledger.endorsed).toHaveLength(0);
    });

    it.each([
        ['Anchor:GetProof', `/v1/fingerprints/${FP}/proof`, 'FINGERPRINT_NOT_ANCHORED', 404],
        ['Anchor:Get', `/v1/anchors/${ANCHOR}`, 'ANCHOR_NOT_FOUND', 404],
    ])('answers a %s refusal with its catalogue status', async (transaction, url, code, status) => {
        suite.gateway.ledger.on(transaction, () => {
            throw rejection(code);
        });
        const response = await send('GET', url);
        expect(response.statusCode).toBe(status);
        expect(response.json()).toMatchObject({ code, status });
    });

    it('answers a repeated fingerprint in a batch with 400 DUPLICATE_IN_BATCH naming the item', async () => {
        suite.gateway.ledger.on('Anchor:Create', () => {
            throw rejection('DUPLICATE_IN_BATCH', 'fingerprints[1] repeats an earlier item', {
                field: 'fingerprints[1]',
            });
        });
        const response = await send('POST', '/v1/anchors', { fingerprints: [FP, FP] });
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ code: 'DUPLICATE_IN_BATCH', details: { field: 'fingerprints[1]' } });
    });
});
