import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { majorityOf } from '@lendledger/domain';
import { REPO_ROOT, userCredentials } from '@lendledger/network/topology.ts';
import { orderingOf } from '@lendledger/network/roots.ts';
import { tsaFiles } from '@lendledger/network/tsa/tsa-material.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayAs, ok, type GatewayClient } from '../support/gateway-client.ts';
import { loanRefOf, saltedFingerprint, TEST_PARTIES } from '../support/ledger-data.ts';
import { eventually, testNetwork, uniqueName } from '../support/test-network.ts';

const run = promisify(execFile);
const VERIFY_CLI = join(REPO_ROOT, 'verifier', 'dist', 'cli', 'verify.js');
const ROOTS_CLI = join(REPO_ROOT, 'verifier', 'dist', 'cli', 'roots.js');

/** Runs the offline verifier CLI as a separate process: it gets files only, no network address. */
async function verifyOffline(args: readonly string[]): Promise<{ code: number; output: string }> {
    try {
        const { stdout } = await run(process.execPath, [VERIFY_CLI, ...args]);
        return { code: 0, output: stdout };
    } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
}

describe('receipts fetched from another organisation’s gateway verify offline', () => {
    const network = testNetwork();
    let dir: string;
    let roots: string;
    let platform: GatewayClient;
    let bank: GatewayClient;
    let notary: GatewayClient;
    let investor: GatewayClient;

    beforeAll(async () => {
        dir = await mkdtemp(join(tmpdir(), 'receipts-'));
        roots = join(dir, 'roots.json');
        // The consortium's roots: a draft from the crypto material naming every member of the test network, listing
        // the notary organisation's time-stamping authority, signed by a strict majority of the members' admins.
        const tsa = `LendLedger Notary TSA=${tsaFiles(network.topology).rootPath}`;
        // The ordering service as the channel configures it: with BFT, each consenter's number, MSP and certificate.
        const ordering = join(dir, 'ordering.json');
        await writeFile(ordering, JSON.stringify(orderingOf(network.topology)));
        await run(process.execPath, [
            ROOTS_CLI,
            'draft',
            '--crypto',
            network.topology.cryptoDir,
            '--tsa',
            tsa,
            ...network.topology.orgs.flatMap((org) => ['--member', org.mspId]),
            '--ordering',
            ordering,
            '--out',
            roots,
        ]);
        for (const org of network.topology.orgs.slice(0, majorityOf(network.topology.orgs.length))) {
            const { certPath, keyPath } = userCredentials(org, 'Admin');
            await run(process.execPath, [
                ROOTS_CLI,
                'sign',
                roots,
                '--msp',
                org.mspId,
                '--cert',
                certPath,
                '--key',
                keyPath,
                '--out',
                roots,
            ]);
        }
        const { stdout } = await run(process.execPath, [ROOTS_CLI, 'verify', roots]);
        expect(stdout).toMatch(/^effective: version 1, sha256 [0-9a-f]{64}$/m);
        platform = await gatewayAs(network, 'platform');
        bank = await gatewayAs(network, 'bank');
        notary = await gatewayAs(network, 'notary', 'User2', ['auditor']);
        investor = await gatewayAs(network, 'investor', 'User1', ['auditor']);
    });

    afterAll(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    it('verifies a registered document: hash, signatures, policy, block and certificate chains', async () => {
        const document = Buffer.from(`identity verification report ${uniqueName('doc')}`);
        const salt = randomBytes(16);
        const fingerprint = `sha256:${createHash('sha256').update(salt).update(document).digest('hex')}`;
        ok(
            await platform.post('/v1/evidence', {
                fingerprint,
                salted: true,
                evidenceType: 'ID_CHECK_REPORT',
                stage: 'IDENTITY_VERIFICATION',
                loanRef: loanRefOf(uniqueName('receipt-loan')),
                previous: null,
                // A loan's first record binds its parties: this platform, the bank and the admitted product.
                parties: TEST_PARTIES,
            }),
        );
        const receipt = await eventually(async () => {
            const response = await notary.get<{ summary: { writtenBy: { mspId: string } } }>(
                `/v1/evidence/${fingerprint}/receipt`,
            );
            return response.status === 200 ? response.body : undefined;
        }, "the notary's peer to hold the record");
        expect(receipt.summary.writtenBy.mspId).toBe('PlatformMSP');
        const receiptFile = join(dir, 'evidence-receipt.json');
        const documentFile = join(dir, 'document.bin');
        await writeFile(receiptFile, JSON.stringify(receipt));
        await writeFile(documentFile, document);

        const verified = await verifyOffline([
            receiptFile,
            '--roots',
            roots,
            '--file',
            documentFile,
            '--salt',
            salt.toString('hex'),
        ]);
        expect(verified.output).not.toMatch(/^FAIL/m);
        expect(verified.output).toMatch(/^PASS\s+document-hash/m);
        expect(verified.output).toMatch(/^PASS\s+endorsement-policy/m);
        expect(verified.output).toMatch(/^PASS\s+orderer-signature/m);
        expect(verified.output).toMatch(/^PASS\s+certificate-chains/m);
        expect(verified.code).toBe(0);

        const otherDocument = join(dir, 'other.bin');
        await writeFile(otherDocument, Buffer.from('a different document'));
        const wrongFile = await verifyOffline([receiptFile, '--roots', roots, '--file', otherDocument, '--salt', '00']);
        expect(wrongFile.code).not.toBe(0);
        expect(wrongFile.output).toMatch(/^FAIL\s+document-hash/m);
    });

    it('verifies a fingerprint anchored in a batch through its inclusion proof, and rejects a tampered copy', async () => {
        const batch = Array.from({ length: 1000 }, (_, i) => saltedFingerprint(`anchored document ${i}`));
        ok(await bank.post('/v1/anchors', { fingerprints: batch }));
        const member = batch[617]!;
        const receipt = await eventually(async () => {
            const response = await investor.get<Record<string, unknown>>(`/v1/fingerprints/${member}/receipt`);
            return response.status === 200 ? response.body : undefined;
        }, "the investor's peer to hold the anchor");
        expect(receipt.anchor).toMatchObject({ index: 617, treeSize: 1000 });
        const receiptFile = join(dir, 'anchored-receipt.json');
        await writeFile(receiptFile, JSON.stringify(receipt));
        const verified = await verifyOffline([receiptFile, '--roots', roots]);
        expect(verified.output).toMatch(/^PASS\s+inclusion-proof/m);
        expect(verified.code).toBe(0);

        const tampered = JSON.parse(await readFile(receiptFile, 'utf8')) as { fingerprint: string };
        tampered.fingerprint = batch[618]!;
        await writeFile(receiptFile, JSON.stringify(tampered));
        const rejected = await verifyOffline([receiptFile, '--roots', roots]);
        expect(rejected.code).not.toBe(0);
        expect(rejected.output).toMatch(/^FAIL\s+inclusion-proof/m);
    });

    it('seals a large batch by its root alone and still gives each fingerprint a receipt that verifies offline', async () => {
        const batch = Array.from({ length: 20_000 }, (_, i) => saltedFingerprint(`sealed document ${i}`));
        const sealed = ok(
            await bank.post<{ result: { batch: { root: string; size: number; leaves: string } } }>(
                '/v1/anchors/sealed',
                {
                    fingerprints: batch,
                },
            ),
        );
        expect(sealed.result.batch).toMatchObject({ size: 20_000, leaves: 'OFF_LEDGER' });
        // The sealing gateway holds the leaves, so it finds the batch without being told which one it is.
        const receipt = ok(
            await bank.get<{ anchor: { index: number; root: string } }>(`/v1/fingerprints/${batch[12_345]}/receipt`),
        );
        expect(receipt.anchor).toMatchObject({ index: 12_345, root: sealed.result.batch.root });
        const receiptFile = join(dir, 'sealed-receipt.json');
        await writeFile(receiptFile, JSON.stringify(receipt));
        const verified = await verifyOffline([receiptFile, '--roots', roots]);
        expect(verified.output).toMatch(/^PASS\s+inclusion-proof/m);
        expect(verified.output).toMatch(/^PASS\s+fingerprint-written/m);
        expect(verified.code).toBe(0);
    });
});
