import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprintLeafHash, fromHex, merkleRoot, toHex, verifyInclusion } from '@lendledger/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TransactionCall } from '../../fabric/ledger-client.js';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';

const fingerprints = (n: number, prefix = 'doc'): string[] =>
    Array.from({ length: n }, (_, i) => `sha256:${createHash('sha256').update(`${prefix} ${i}`).digest('hex')}`);

function sealAnswer(call: TransactionCall): string {
    const { root, size } = JSON.parse(call.args[0]!) as { root: string; size: number };
    return JSON.stringify({
        created: true,
        batch: { anchorId: root, root, size, leaves: 'OFF_LEDGER', txId: 'seal-tx' },
    });
}

describe('sealed batch routes', () => {
    let gateway: TestGateway;

    beforeEach(async () => {
        gateway = await startTestGateway();
        gateway.ledger.on('Anchor:Seal', sealAnswer);
    });

    afterEach(async () => {
        await gateway.close();
    });

    async function seal(batch: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
        const response = await gateway.app.inject({
            method: 'POST',
            url: '/v1/anchors/sealed',
            headers: await gateway.auth(),
            payload: { fingerprints: batch },
        });
        return { status: response.statusCode, body: response.json() };
    }

    it('puts only the RFC 9162 root and size on the ledger and keeps the leaves durably', async () => {
        const batch = fingerprints(1000);
        const { status, body } = await seal(batch);
        expect(status).toBe(200);
        const root = toHex(merkleRoot(batch.map((fingerprint) => new TextEncoder().encode(fingerprint))));
        expect(gateway.ledger.endorsed).toHaveLength(1);
        expect(gateway.ledger.endorsed[0]).toMatchObject({
            name: 'Anchor:Seal',
            args: [`{"root":"${root}","size":1000}`],
        });
        expect(body).toMatchObject({
            txId: expect.any(String),
            result: { created: true, batch: { root, size: 1000 } },
        });
        const files = await readdir(join(gateway.dataDir, 'sealed-batches'));
        expect(files.sort()).toEqual([`${root}.json`, `${root}.leaves`]);
    });

    it('proves every sampled position of a sealed batch, also after a restart on the same data folder', async () => {
        const batch = fingerprints(777);
        const root = ((await seal(batch)).body as { result: { batch: { root: string } } }).result.batch.root;
        const dataDir = gateway.dataDir;
        await gateway.app.close();
        const restarted = await startTestGateway({}, { dataDir });
        try {
            for (const index of [0, 1, 255, 256, 511, 776]) {
                const response = await restarted.app.inject({
                    method: 'GET',
                    url: `/v1/anchors/sealed/${root}/proofs/${batch[index]}`,
                    headers: await restarted.auth(),
                });
                expect(response.statusCode).toBe(200);
                const proof = response.json<{ index: number; treeSize: number; auditPath: string[]; txId: string }>();
                expect(proof).toMatchObject({ index, treeSize: 777, root, txId: 'seal-tx' });
                const leaf = fingerprintLeafHash(batch[index]!);
                expect(verifyInclusion(leaf, index, 777, proof.auditPath.map(fromHex), fromHex(root))).toBe(true);
            }
            const outsider = await restarted.app.inject({
                method: 'GET',
                url: `/v1/anchors/sealed/${root}/proofs/${fingerprints(1, 'other')[0]}`,
                headers: await restarted.auth(),
            });
            expect(outsider.statusCode).toBe(404);
            expect(outsider.json()).toMatchObject({ code: 'SEALED_PROOF_NOT_FOUND' });
        } finally {
            await restarted.close();
        }
    });

    it('refuses a malformed fingerprint, an empty batch and an auditor, writing nothing', async () => {
        expect((await seal(['sha256:XYZ'])).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
        expect((await seal([])).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
        const auditor = await gateway.app.inject({
            method: 'POST',
            url: '/v1/anchors/sealed',
            headers: await gateway.auth({ roles: ['auditor'] }),
            payload: { fingerprints: fingerprints(2) },
        });
        expect(auditor.json()).toMatchObject({ status: 403, code: 'ROLE_REQUIRED' });
        expect(gateway.ledger.endorsed).toHaveLength(0);
    });
});
