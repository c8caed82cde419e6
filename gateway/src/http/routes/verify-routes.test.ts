import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { canonicalJson } from '@lendledger/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../../testing/fake-ledger.js';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';

const DOCUMENT = Buffer.from('loan contract, signed 2026-01-31\n'.repeat(100));
const FINGERPRINT = `sha256:${createHash('sha256').update(DOCUMENT).digest('hex')}`;
const ANCHOR_ID = 'a'.repeat(64);
const LOAN_REF = `loan:${'1'.repeat(64)}`;

const RECORD = {
    kind: 'REGISTRATION',
    id: FINGERPRINT,
    fingerprint: FINGERPRINT,
    salted: true,
    evidenceType: 'E_CONTRACT',
    loanRef: LOAN_REF,
    seq: 3,
    previous: { id: `sha256:${'2'.repeat(64)}`, linkHash: '3'.repeat(64) },
    stage: 'CONTRACT_SIGNING',
    submitter: { mspId: 'BankMSP', subject: 'User1' },
    txId: 'tx-evidence',
    time: '2026-01-31T10:00:00.000Z',
    linkHash: '4'.repeat(64),
};

const ATTESTATION = {
    target: { kind: 'EVIDENCE', id: FINGERPRINT, linkHash: '4'.repeat(64) },
    statementCode: 'ORIGINAL_INSPECTED',
    notary: { mspId: 'NotaryMSP', subject: 'notary1' },
    txId: 'tx-attest',
    time: '2026-02-01T09:00:00.000Z',
};

function requestOf(args: readonly string[]): Record<string, unknown> {
    return JSON.parse(args[0]!) as Record<string, unknown>;
}

describe('verify routes', () => {
    let gateway: TestGateway;

    beforeEach(async () => {
        gateway = await startTestGateway({ limits: { maxEventLoopDelayMs: 0, uploadLimitBytes: 4096 } });
        gateway.ledger
            .on('Evidence:Get', ({ args }) => {
                const { id } = requestOf(args);
                if (id !== FINGERPRINT) {
                    throw rejection('EVIDENCE_NOT_FOUND', `no record ${String(id)}`);
                }
                return canonicalJson({ record: RECORD, status: 'CURRENT', attestations: [ATTESTATION] });
            })
            .on('Anchor:FindByFingerprint', ({ args }) =>
                canonicalJson({ fingerprint: requestOf(args).fingerprint, anchors: [] }),
            );
    });

    afterEach(async () => {
        await gateway.close();
    });

    it('finds a fingerprint registered as evidence and summarises the record', async () => {
        const response = await gateway.app.inject({
            method: 'GET',
            url: `/v1/verify/${FINGERPRINT}`,
            headers: await gateway.auth({ roles: ['auditor'] }),
        });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({
            fingerprint: FINGERPRINT,
            found: true,
            evidence: {
                id: FINGERPRINT,
                kind: 'REGISTRATION',
                loanRef: LOAN_REF,
                seq: 3,
                stage: 'CONTRACT_SIGNING',
                evidenceType: 'E_CONTRACT',
                salted: true,
                status: 'CURRENT',
                submitter: { mspId: 'BankMSP', subject: 'User1' },
                txId: 'tx-evidence',
                registeredAt: '2026-01-31T10:00:00.000Z',
                linkHash: '4'.repeat(64),
                attestations: [
                    {
                        statementCode: 'ORIGINAL_INSPECTED',
                        notaryMspId: 'NotaryMSP',
                        txId: 'tx-attest',
                        time: ATTESTATION.time,
                    },
                ],
            },
            anchors: [],
        });
        expect(gateway.ledger.evaluated.map((call) => [call.name, call.identity, requestOf(call.args)])).toEqual([
            ['Evidence:Get', 'User1', { id: FINGERPRINT }],
            ['Anchor:FindByFingerprint', 'User1', { fingerprint: FINGERPRINT }],
        ]);
    });

    it('finds a fingerprint anchored in a Merkle batch, with the inclusion proof of the earliest anchor', async () => {
        const other = `sha256:${'5'.repeat(64)}`;
        const anchors = [
            { anchorId: ANCHOR_ID, index: 7, size: 20_000, time: '2026-03-01T00:00:00.000Z', txId: 'tx-anchor-1' },
            { anchorId: 'b'.repeat(64), index: 0, size: 2, time: '2026-03-02T00:00:00.000Z', txId: 'tx-anchor-2' },
        ];
        gateway.ledger
            .on('Anchor:FindByFingerprint', () => canonicalJson({ fingerprint: other, anchors }))
            .on('Anchor:GetProof', ({ args }) =>
                canonicalJson({
                    ...requestOf(args),
                    index: 7,
                    treeSize: 20_000,
                    leafHash: '6'.repeat(64),
                    auditPath: ['7'.repeat(64), '8'.repeat(64)],
                    root: ANCHOR_ID,
                    txId: 'tx-anchor-1',
                    time: '2026-03-01T00:00:00.000Z',
                }),
            );
        const response = await gateway.app.inject({
            method: 'GET',
            url: `/v1/verify/${other}`,
            headers: await gateway.auth(),
        });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({
            fingerprint: other,
            found: true,
            anchors: [
                {
                    anchorId: ANCHOR_ID,
                    index: 7,
                    size: 20_000,
                    txId: 'tx-anchor-1',
                    anchoredAt: '2026-03-01T00:00:00.000Z',
                },
                {
                    anchorId: 'b'.repeat(64),
                    index: 0,
                    size: 2,
                    txId: 'tx-anchor-2',
                    anchoredAt: '2026-03-02T00:00:00.000Z',
                },
            ],
            proof: {
                anchorId: ANCHOR_ID,
                index: 7,
                treeSize: 20_000,
                leafHash: '6'.repeat(64),
                auditPath: ['7'.repeat(64), '8'.repeat(64)],
                root: ANCHOR_ID,
            },
        });
        expect(requestOf(gateway.ledger.evaluated[2]!.args)).toEqual({ anchorId: ANCHOR_ID, fingerprint: other });
    });

    it('answers 200 with found: false for a fingerprint the ledger does not hold', async () => {
        const unknown = `sm3:${'9'.repeat(64)}`;
        const response = await gateway.app.inject({
            method: 'GET',
            url: `/v1/verify/${unknown}`,
            headers: await gateway.auth(),
        });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({ fingerprint: unknown, found: false, anchors: [] });
    });

    it('passes on chaincode refusals other than not-found', async () => {
        gateway.ledger.on('Evidence:Get', () => {
            throw rejection('ACCESS_DENIED', 'CourtMSP may not read evidence');
        });
        const response = await gateway.app.inject({
            method: 'GET',
            url: `/v1/verify/${FINGERPRINT}`,
            headers: await gateway.auth(),
        });
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: 'ACCESS_DENIED' });
    });

    it('refuses a malformed fingerprint with 400', async () => {
        for (const bad of ['sha256:ABC', `md5:${'0'.repeat(64)}`, `sha256:${'A'.repeat(64)}`]) {
            const response = await gateway.app.inject({
                method: 'GET',
                url: `/v1/verify/${bad}`,
                headers: await gateway.auth(),
            });
            expect(response.statusCode).toBe(400);
            expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
        }
        expect(gateway.ledger.evaluated).toEqual([]);
    });

    it('hashes an uploaded document and looks its fingerprint up', async () => {
        const response = await gateway.app.inject({
            method: 'POST',
            url: '/v1/verify',
            headers: { ...(await gateway.auth()), 'content-type': 'application/pdf' },
            payload: DOCUMENT,
        });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toMatchObject({
            fingerprint: FINGERPRINT,
            found: true,
            evidence: { id: FINGERPRINT, txId: 'tx-evidence' },
            upload: { bytes: DOCUMENT.length, salted: false },
        });
    });

    it('prepends the Fingerprint-Salt to a streamed upload, as the fingerprint owner did', async () => {
        const salt = randomBytes(16);
        const expected = `sha256:${createHash('sha256').update(salt).update(DOCUMENT).digest('hex')}`;
        const response = await gateway.app.inject({
            method: 'POST',
            url: '/v1/verify',
            headers: {
                ...(await gateway.auth()),
                'content-type': 'application/octet-stream',
                'fingerprint-salt': salt.toString('hex'),
            },
            payload: Readable.from([DOCUMENT.subarray(0, 1000), DOCUMENT.subarray(1000)]),
        });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({
            fingerprint: expected,
            found: false,
            anchors: [],
            upload: { bytes: DOCUMENT.length, salted: true },
        });
    });

    it('refuses an upload over limits.uploadLimitBytes with 413, declared or streamed', async () => {
        const big = randomBytes(5000);
        const headers = { ...(await gateway.auth()), 'content-type': 'application/octet-stream' };
        const declared = await gateway.app.inject({ method: 'POST', url: '/v1/verify', headers, payload: big });
        expect(declared.statusCode).toBe(413);
        expect(declared.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limitBytes: 4096 });
        const streamed = await gateway.app.inject({
            method: 'POST',
            url: '/v1/verify',
            headers,
            payload: Readable.from([big.subarray(0, 3000), big.subarray(3000)]),
        });
        expect(streamed.statusCode).toBe(413);
        expect(gateway.ledger.evaluated).toEqual([]);
    });

    it('refuses a JSON body and a malformed salt', async () => {
        const auth = await gateway.auth();
        const json = await gateway.app.inject({ method: 'POST', url: '/v1/verify', headers: auth, payload: { a: 1 } });
        expect(json.statusCode).toBe(415);
        expect(json.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
        const salted = await gateway.app.inject({
            method: 'POST',
            url: '/v1/verify',
            headers: { ...auth, 'content-type': 'text/plain', 'fingerprint-salt': 'not-hex' },
            payload: 'document',
        });
        expect(salted.statusCode).toBe(400);
        expect(salted.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('keeps the JSON parser of the other /v1 routes', async () => {
        gateway.ledger.on('Probe:Put', (call) => JSON.stringify({ name: call.args[0], value: call.args[1] }));
        const response = await gateway.app.inject({
            method: 'PUT',
            url: '/v1/probes/alive',
            headers: await gateway.auth(),
            payload: { value: 'yes' },
        });
        expect(response.statusCode).toBe(200);
    });
});
