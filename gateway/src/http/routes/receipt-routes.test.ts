import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WITNESS_READ_FUNCTION } from '@lendledger/domain';
import { parseRootsBundle, trustStoreFor, verifyReceipt, type Receipt, type RootsBundle } from '@lendledger/verifier';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preparedWitness, rejection } from '../../testing/fake-ledger.js';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';
import { startTestTsa, type TestTsa } from '../../testing/test-tsa.js';

/** Receipts the verifier's fixture script recorded from a real network: their blocks are real Fabric blocks. */
const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'verifier', 'src', 'fixtures');
const recorded = (kind: 'direct' | 'anchored'): Receipt =>
    JSON.parse(readFileSync(join(FIXTURES, `receipt-${kind}.json`), 'utf8')) as Receipt;
const fixtureRoots = parseRootsBundle(readFileSync(join(FIXTURES, 'roots.json'), 'utf8'));

describe('receipt routes', () => {
    let gateway: TestGateway;
    let tsa: TestTsa;
    let roots: RootsBundle;
    const direct = recorded('direct');
    const anchored = recorded('anchored');

    beforeEach(async () => {
        tsa = await startTestTsa();
        // The gateway's TSA is not the fixture network's: the verifier is given its root.
        roots = { ...fixtureRoots, timestampAuthorities: [tsa.authority] };
        gateway = await startTestGateway({}, { tsa: tsa.client });
        for (const receipt of [direct, anchored]) {
            gateway.ledger.blocks.set(receipt.transaction.id, Buffer.from(receipt.block.bytes, 'base64'));
            gateway.ledger.witnesses.set(receipt.write.key, preparedWitness(receipt));
        }
    });

    afterEach(async () => {
        await gateway.close();
    });

    async function receiptOf(
        url: string,
    ): Promise<{ status: number; body: Receipt & { code?: string }; retryAfter?: string }> {
        const response = await gateway.app.inject({ method: 'GET', url, headers: await gateway.auth() });
        const retryAfter = response.headers['retry-after'];
        return {
            status: response.statusCode,
            body: response.json(),
            ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
        };
    }

    it("dates the receipt's block once with the TSA, and keeps the token for the next receipt", async () => {
        gateway.ledger.on('Evidence:Get', () => JSON.stringify({ record: { txId: direct.transaction.id } }));
        const first = await receiptOf(`/v1/evidence/${direct.fingerprint}/receipt`);
        const second = await receiptOf(`/v1/evidence/${direct.fingerprint}/receipt`);
        expect(first.body.timestamp?.token).toBeDefined();
        expect(second.body.timestamp).toEqual(first.body.timestamp);
        expect(tsa.requests).toBe(1);
        const verdict = await verifyReceipt(first.body, { roots });
        expect(verdict.checks.find((check) => check.name === 'trusted-time')?.reason).toMatch(
            /^no later than \S+Z, according to TSA CN=Gateway Test TSA,O=Test/,
        );
    });

    it('answers 503 TIMESTAMP_UNAVAILABLE with Retry-After while the TSA gives no token, and the receipt later', async () => {
        gateway.ledger.on('Evidence:Get', () => JSON.stringify({ record: { txId: direct.transaction.id } }));
        tsa.available = false;
        const refused = await receiptOf(`/v1/evidence/${direct.fingerprint}/receipt`);
        expect(refused).toMatchObject({ status: 503, body: { code: 'TIMESTAMP_UNAVAILABLE' }, retryAfter: '30' });
        tsa.available = true;
        const served = await receiptOf(`/v1/evidence/${direct.fingerprint}/receipt`);
        expect(served.status).toBe(200);
        expect((await verifyReceipt(served.body, { roots })).ok).toBe(true);
    });

    it('builds a receipt of an evidence record from its block that the offline verifier accepts', async () => {
        gateway.ledger.on('Evidence:Get', () => JSON.stringify({ record: { txId: direct.transaction.id } }));
        const { status, body } = await receiptOf(`/v1/evidence/${direct.fingerprint}/receipt`);
        expect(status).toBe(200);
        expect(gateway.ledger.evaluated[0]).toMatchObject({
            name: 'Evidence:Get',
            args: [`{"id":"${direct.fingerprint}"}`],
        });
        expect(body).toMatchObject({
            fingerprint: direct.fingerprint,
            transaction: direct.transaction,
            block: direct.block,
        });
        const verdict = await verifyReceipt(body, { roots });
        expect(verdict.checks.filter((check) => check.status === 'fail')).toEqual([]);
        expect(verdict.ok).toBe(true);
    });

    it('summarises a BFT block by consenter number without the roots bundle, and by name and organisation with it', async () => {
        gateway.ledger.on('Evidence:Get', () => JSON.stringify({ record: { txId: direct.transaction.id } }));
        const unnamed = await receiptOf(`/v1/evidence/${direct.fingerprint}/receipt`);
        await gateway.close();
        gateway = await startTestGateway({}, { tsa: tsa.client, peers: { trust: trustStoreFor(roots) } });
        gateway.ledger.blocks.set(direct.transaction.id, Buffer.from(direct.block.bytes, 'base64'));
        gateway.ledger.witnesses.set(direct.write.key, preparedWitness(direct));
        gateway.ledger.on('Evidence:Get', () => JSON.stringify({ record: { txId: direct.transaction.id } }));
        const named = await receiptOf(`/v1/evidence/${direct.fingerprint}/receipt`);

        const consenters = roots.ordering?.consensus === 'BFT' ? roots.ordering.consenters : [];
        const numbers = unnamed.body.summary.orderedBy.map((o) => Number(/^consenter #(\d+)$/.exec(o.subject)?.[1]));
        expect(numbers.length).toBeGreaterThanOrEqual(3);
        expect(named.body.summary.orderedBy.map((o) => [o.mspId, o.role])).toEqual(
            numbers.map((id) => [consenters.find((c) => c.id === id)?.mspId, 'orderer']),
        );
        for (const orderer of named.body.summary.orderedBy) {
            expect(orderer.subject).toMatch(
                new RegExp(`^CN=orderer0\\.${orderer.mspId.replace('MSP', '').toLowerCase()}\\.`),
            );
            expect(named.body.summary.statement).toContain(orderer.subject);
        }
        for (const receipt of [unnamed.body, named.body]) {
            expect((await verifyReceipt(receipt, { roots })).ok).toBe(true);
        }
    });

    it('falls back to the anchor holding the fingerprint, with its inclusion proof', async () => {
        gateway.ledger.on('Evidence:Get', () => {
            throw rejection('EVIDENCE_NOT_FOUND');
        });
        gateway.ledger.on('Anchor:GetProof', () =>
            JSON.stringify({ ...anchored.anchor, fingerprint: anchored.fingerprint, txId: anchored.transaction.id }),
        );
        const { status, body } = await receiptOf(`/v1/fingerprints/${anchored.fingerprint}/receipt`);
        expect(status).toBe(200);
        expect(body.anchor).toEqual(anchored.anchor);
        expect((await verifyReceipt(body, { roots })).ok).toBe(true);
    });

    it('answers 404 with the chaincode code when the fingerprint is nowhere, and 400 for a malformed one', async () => {
        gateway.ledger.on('Evidence:Get', () => {
            throw rejection('EVIDENCE_NOT_FOUND');
        });
        gateway.ledger.on('Anchor:GetProof', () => {
            throw rejection('NOT_FOUND');
        });
        const missing = await receiptOf(`/v1/fingerprints/sha256:${'ab'.repeat(32)}/receipt`);
        expect(missing).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
        const evidenceOnly = await receiptOf(`/v1/evidence/sha256:${'ab'.repeat(32)}/receipt`);
        expect(evidenceOnly).toMatchObject({ status: 404, body: { code: 'EVIDENCE_NOT_FOUND' } });
        expect(gateway.ledger.evaluated.filter((call) => call.name === 'Anchor:GetProof')).toHaveLength(1);
        const malformed = await receiptOf('/v1/evidence/not-a-fingerprint/receipt');
        expect(malformed).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    });

    it('asks its own organisation and one other to witness the written key, and reuses the witness for that key', async () => {
        gateway.ledger.on('Evidence:Get', () => JSON.stringify({ record: { txId: direct.transaction.id } }));
        const first = await receiptOf(`/v1/evidence/${direct.fingerprint}/receipt`);
        const second = await receiptOf(`/v1/fingerprints/${direct.fingerprint}/receipt`);
        expect([first.status, second.status]).toEqual([200, 200]);
        expect(first.body.witness).toEqual(direct.witness);
        expect(second.body.witness).toEqual(direct.witness);
        const witnessed = gateway.ledger.endorsed.filter((call) => call.name === WITNESS_READ_FUNCTION);
        expect(witnessed).toHaveLength(1);
        expect(witnessed[0]!.args).toEqual([direct.write.key]);
        const [own, other, ...more] = witnessed[0]!.endorsingOrganizations!;
        expect(own).toBe(gateway.ledger.mspId);
        expect(other).not.toBe(own);
        expect(more).toEqual([]);
        expect(gateway.ledger.submitted).toEqual([]);
    });

    it('asks the next organisation when one cannot run the chaincode', async () => {
        gateway.ledger.on('Evidence:Get', () => JSON.stringify({ record: { txId: direct.transaction.id } }));
        const organisations = ['PlatformMSP', 'NotaryMSP', 'CourtMSP', 'InvestorMSP'];
        organisations.slice(0, 3).forEach((organisation) => gateway.ledger.unreachableChaincodes.add(organisation));
        const { status, body } = await receiptOf(`/v1/evidence/${direct.fingerprint}/receipt`);
        expect(status).toBe(200);
        expect(body.witness).toEqual(direct.witness);
        const last = gateway.ledger.endorsed.filter((call) => call.name === WITNESS_READ_FUNCTION).at(-1);
        expect(last!.endorsingOrganizations).toEqual([gateway.ledger.mspId, 'InvestorMSP']);
    });

    it('answers 502 RECEIPT_UNAVAILABLE when the chaincode refuses to witness, and asks again next time', async () => {
        gateway.ledger.on('Evidence:Get', () => JSON.stringify({ record: { txId: direct.transaction.id } }));
        gateway.ledger.on(WITNESS_READ_FUNCTION, () => {
            throw rejection('INVALID_ARGUMENT');
        });
        const refused = await receiptOf(`/v1/evidence/${direct.fingerprint}/receipt`);
        expect(refused).toMatchObject({ status: 502, body: { code: 'RECEIPT_UNAVAILABLE' } });
        gateway.ledger.handlers.delete(WITNESS_READ_FUNCTION);
        expect((await receiptOf(`/v1/evidence/${direct.fingerprint}/receipt`)).status).toBe(200);
    });

    it('refuses to build a receipt from a block that does not hold the fingerprint (502, never a bad receipt)', async () => {
        gateway.ledger.on('Evidence:Get', () => JSON.stringify({ record: { txId: direct.transaction.id } }));
        const other = `sha256:${'cd'.repeat(32)}`;
        const { status, body } = await receiptOf(`/v1/evidence/${other}/receipt`);
        expect(status).toBe(502);
        expect(body.code).toBe('RECEIPT_UNAVAILABLE');
    });
});
