import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fromHex } from '@lendledger/domain';
import { fingerprintLeafHash, fingerprintTreeRoot, verifyInclusion } from '@lendledger/domain/node';
import { gatewayUrl, rootsBundlePath } from '@lendledger/network/gateways.ts';
import { REPO_ROOT } from '@lendledger/network/topology.ts';
import { receiptPath } from '@lendledger/verifier';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consistencyToken, gatewayAs, ok, type GatewayClient } from '../support/gateway-client.ts';
import { identityVerification, loanRefOf, saltedFingerprint } from '../support/ledger-data.ts';
import { eventually, orgOf, testNetwork, uniqueCode, uniqueName } from '../support/test-network.ts';

const run = promisify(execFile);
const VERIFY_CLI = join(REPO_ROOT, 'verifier', 'dist', 'cli', 'verify.js');

interface ProofBundle {
    readonly format: string;
    readonly batch: { root: string; size: number; txId: string; blockNumber: number; sealer: string };
    readonly proofs: { fingerprint: string; index: number; auditPath: string[] }[];
}

interface SealedRecord {
    readonly root: string;
    readonly size: number;
    readonly txId: string;
    readonly submitter: { mspId: string };
}

interface ReceiptBody {
    readonly anchor: { index: number; treeSize: number; root: string };
    readonly block: { number: number };
}

async function verifyOffline(receipt: unknown, dir: string, roots: string): Promise<{ code: number; output: string }> {
    const file = join(dir, `receipt-${uniqueName('r')}.json`);
    await writeFile(file, JSON.stringify(receipt));
    try {
        const { stdout } = await run(process.execPath, [VERIFY_CLI, file, '--roots', roots]);
        return { code: 0, output: stdout };
    } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
}

describe('a sealed batch outlives the sealing gateway: proof bundle, copies at other members, cases and reports', () => {
    const network = testNetwork();
    const batch = Array.from({ length: 3_000 }, (_, i) => saltedFingerprint(`sealed beyond sealer ${i}`));
    let dir: string;
    let roots: string;
    let platform: GatewayClient;
    let bank: GatewayClient;
    let notary: GatewayClient;
    let court: GatewayClient;
    let root: string;
    let bundle: ProofBundle;

    beforeAll(async () => {
        dir = await mkdtemp(join(tmpdir(), 'sealed-beyond-'));
        roots = rootsBundlePath(network.topology);
        platform = await gatewayAs(network, 'platform');
        bank = await gatewayAs(network, 'bank');
        notary = await gatewayAs(network, 'notary', 'User1');
        court = await gatewayAs(network, 'court', 'User2', ['auditor']);
        const sealed = ok(
            await platform.post<{ result: { batch: { root: string } } }>('/v1/anchors/sealed', { fingerprints: batch }),
        );
        root = sealed.result.batch.root;
    });

    afterAll(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    it('hands the submitter a proof bundle whose every proof leads to the root at the size on the ledger', async () => {
        bundle = ok(await platform.get<ProofBundle>(`/v1/anchors/sealed/${root}/proofs`));
        // The root and size as the ledger holds them, read at another member's gateway from its own peer.
        const record = await eventually(async () => {
            const response = await court.get<SealedRecord>(`/v1/anchors/sealed/${root}`);
            return response.status === 200 ? response.body : undefined;
        }, "the court's peer to hold the seal");
        expect(record).toMatchObject({ root, size: batch.length, submitter: { mspId: 'PlatformMSP' } });
        expect(bundle.format).toBe('lendledger-seal-proofs/1');
        expect(bundle.batch).toMatchObject({ root, size: record.size, txId: record.txId, sealer: 'PlatformMSP' });
        expect(bundle.proofs.map((proof) => proof.fingerprint)).toEqual(batch);
        const leading = bundle.proofs.filter((proof) =>
            verifyInclusion(
                fingerprintLeafHash(proof.fingerprint),
                proof.index,
                record.size,
                proof.auditPath.map(fromHex),
                fromHex(record.root),
            ),
        );
        expect(leading).toHaveLength(batch.length);
    });

    it("refuses a request for the leaves that is not signed by a member gateway's identity", async () => {
        const response = await fetch(`${gatewayUrl(orgOf(network, 'platform'))}/v1/peer/sealed/${root}/leaves`);
        const problem = (await response.json()) as { code: string };
        expect([response.status, problem.code]).toEqual([401, 'PEER_AUTH_MISSING']);
    });

    it("gives a sealed fingerprint's receipt at the notary's and the court's gateway, which fetch and keep the leaves", async () => {
        const fingerprint = batch[2_345]!;
        // Without the batch named, a gateway holding no copy cannot find the fingerprint: the ledger has no index.
        const unknown = await court.get<{ code: string }>(`/v1/fingerprints/${fingerprint}/receipt`);
        expect([unknown.status, unknown.body.code]).toEqual([404, 'FINGERPRINT_NOT_ANCHORED']);

        for (const client of [notary, court]) {
            const receipt = ok(
                await client.get<ReceiptBody>(`/v1/fingerprints/${fingerprint}/receipt?sealedBatch=${root}`),
            );
            expect(receipt.anchor).toMatchObject({ index: 2_345, treeSize: batch.length, root });
            expect(receipt.block.number).toBe(bundle.batch.blockNumber);
            const verified = await verifyOffline(receipt, dir, roots);
            expect(verified.output).toMatch(/^PASS\s+inclusion-proof/m);
            expect(verified.output).toMatch(/^PASS\s+fingerprint-written/m);
            expect(verified.code).toBe(0);
        }
        // The court's gateway kept its copy: the batch no longer needs naming, and its bundle is served there too.
        const later = ok(await court.get<ReceiptBody>(`/v1/fingerprints/${batch[17]}/receipt`));
        expect(later.anchor).toMatchObject({ index: 17, root });
        const copy = ok(await court.get<ProofBundle>(`/v1/anchors/sealed/${root}/proofs`));
        expect(copy.batch).toMatchObject({ root, sealer: 'PlatformMSP', blockNumber: bundle.batch.blockNumber });
    });

    it('files a case holding a sealed item with its proof; the notary reports on it and the case package holds its receipt', async () => {
        const loanRef = loanRefOf(uniqueName('sealed-case-loan'));
        const first = identityVerification(loanRef);
        ok(await platform.post('/v1/evidence', { ...first, previous: null }));
        const sealedItem = bundle.proofs[1_234]!;
        const fingerprints = [String(first.fingerprint), sealedItem.fingerprint];
        const caseId = uniqueCode('SC');
        const filed = await eventually(async () => {
            const response = await bank.post<{ result: { case: { status: string } } }>('/v1/cases', {
                caseId,
                loanRef,
                court: 'CourtMSP',
                documentFingerprint: saltedFingerprint(`claim ${caseId}`),
                claimCode: 'LOAN_DEFAULT',
                package: {
                    fingerprints,
                    root: fingerprintTreeRoot(fingerprints),
                    sealed: [{ ...sealedItem, root }],
                },
            });
            return response.status === 200 ? response.body : undefined;
        }, "the bank's peer to hold the loan");
        expect(filed.result.case.status).toBe('FILED');

        const resolved = await eventually(async () => {
            const response = await notary.get<{ items: { fingerprint: string; sealed?: Record<string, unknown> }[] }>(
                `/v1/cases/${caseId}/evidence`,
            );
            return response.status === 200 ? response.body : undefined;
        }, "the notary's peer to hold the case");
        expect(resolved.items[1]).toMatchObject({
            fingerprint: sealedItem.fingerprint,
            sealed: { anchorId: root, index: 1_234, size: batch.length, sealer: 'PlatformMSP' },
        });

        const report = ok(
            await notary.post<{ verdict: string; payload: { items: { fingerprint: string; verdict: string }[] } }>(
                '/v1/notary/reports',
                { caseId },
            ),
        );
        expect(report.verdict).toBe('verified');
        expect(report.payload.items.map((item) => item.fingerprint)).toEqual(fingerprints);

        // The bank's gateway holds no copy: its case package fetches the batch the filing named, and holds the receipt.
        const token = consistencyToken();
        const response = await fetch(`${bank.baseUrl}/v1/cases/${caseId}/package`, {
            headers: {
                authorization: bank.authorization,
                ...(token === undefined ? {} : { 'ledger-min-block': token.toString() }),
            },
            signal: AbortSignal.timeout(120_000),
        });
        expect(response.status).toBe(200);
        const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
        const sealedReceipt = files[receiptPath(sealedItem.fingerprint)];
        expect(sealedReceipt, Object.keys(files).join(', ')).toBeDefined();
        const receipt = JSON.parse(Buffer.from(sealedReceipt!).toString('utf8')) as ReceiptBody;
        expect(receipt.anchor).toMatchObject({ index: 1_234, treeSize: batch.length, root });
        expect((await verifyOffline(receipt, dir, roots)).code).toBe(0);
    });
});
