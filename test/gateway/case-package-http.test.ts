import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fingerprintTreeRoot } from '@lendledger/domain/node';
import { rootsBundlePath } from '@lendledger/network/gateways.ts';
import { REPO_ROOT } from '@lendledger/network/topology.ts';
import { parseRootsBundle, verifyPackage } from '@lendledger/verifier';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consistencyToken, gatewayAs, ok, type GatewayClient } from '../support/gateway-client.ts';
import { identityVerification, loanRefOf, saltedFingerprint } from '../support/ledger-data.ts';
import { eventually, testNetwork, uniqueCode, uniqueName } from '../support/test-network.ts';

const VERIFY_PACKAGE_CLI = join(REPO_ROOT, 'verifier', 'dist', 'cli', 'verify-package.js');

/** Runs lendledger-verify-package as a separate process that gets files only, no network address. */
async function verifyOffline(args: readonly string[]): Promise<{ code: number; output: string }> {
    try {
        const { stdout } = await promisify(execFile)(process.execPath, [VERIFY_PACKAGE_CLI, ...args]);
        return { code: 0, output: stdout };
    } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
}

/** GET of a package: its bytes, or the problem document. */
async function fetchPackage(
    client: GatewayClient,
    caseId: string,
): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
    const token = consistencyToken();
    const response = await fetch(`${client.baseUrl}/v1/cases/${caseId}/package`, {
        headers: {
            authorization: client.authorization,
            ...(token === undefined ? {} : { 'ledger-min-block': token.toString() }),
        },
        signal: AbortSignal.timeout(120_000),
    });
    return {
        status: response.status,
        type: response.headers.get('content-type'),
        bytes: new Uint8Array(await response.arrayBuffer()),
    };
}

describe('one package per case, fetched from the gateways and verified offline', () => {
    const network = testNetwork();
    const caseId = uniqueCode('PKG');
    const loanRef = loanRefOf(uniqueName('package-loan'));
    let dir: string;
    let roots: string;
    let items: string[] = [];

    beforeAll(async () => {
        dir = await mkdtemp(join(tmpdir(), 'case-package-'));
        roots = rootsBundlePath(network.topology);
        const platform = await gatewayAs(network, 'platform');
        const bank = await gatewayAs(network, 'bank');
        const record = ok(
            await platform.post<{ result: { record: { id: string } } }>('/v1/evidence', identityVerification(loanRef)),
        );
        const batch = Array.from({ length: 12 }, (_, i) => saltedFingerprint(`${loanRef} statement ${i}`));
        ok(await bank.post('/v1/anchors', { fingerprints: batch }));
        // Items from two transactions: the evidence record, and five leaves of the bank's anchor.
        items = [record.result.record.id, ...batch.slice(3, 8)];
        ok(
            await bank.post('/v1/cases', {
                caseId,
                loanRef,
                court: 'CourtMSP',
                documentFingerprint: saltedFingerprint(`${caseId} statement of claim`),
                package: { fingerprints: items, root: fingerprintTreeRoot(items) },
            }),
        );
    });

    afterAll(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    it("verifies the Notary gateway's package, report included, with the library and the CLI against the network's roots", async () => {
        const notary = await gatewayAs(network, 'notary', 'User1');
        const fetched = await eventually(async () => {
            const response = await fetchPackage(notary, caseId);
            return response.status === 200 ? response : undefined;
        }, "the notary's peer to hold the case");
        expect(fetched.type).toBe('application/zip');
        const files = unzipSync(fetched.bytes);
        expect(Object.keys(files).filter((path) => path.startsWith('receipts/'))).toHaveLength(items.length);
        expect(Object.keys(files)).toEqual(
            expect.arrayContaining(['report/notary-report.jws', 'report/notary-report.pdf']),
        );

        const pinned = parseRootsBundle(await readFile(roots, 'utf8'));
        const result = await verifyPackage(fetched.bytes, { roots: pinned });
        expect(result.checks.filter((c) => c.status !== 'pass')).toEqual([]);
        expect(result).toMatchObject({ ok: true, caseId, trust: 'pinned' });
        expect(result.receipts.map((r) => r.fingerprint).sort()).toEqual([...items].sort());

        const zip = join(dir, 'notary-case.zip');
        await writeFile(zip, fetched.bytes);
        const verified = await verifyOffline([zip, '--roots', roots]);
        expect(verified.output).not.toMatch(/^FAIL/m);
        expect(verified.output).toMatch(/^PASS\s+receipts\s/m);
        expect(verified.output).toMatch(/^PASS\s+notary-report\s/m);
        expect(verified.code).toBe(0);

        // One byte of one receipt changed: the CLI fails and names the file.
        const receipt = Object.keys(files).find((path) => path.startsWith('receipts/'))!;
        const altered = { ...files, [receipt]: files[receipt]!.map((byte, i) => (i === 40 ? byte ^ 1 : byte)) };
        await writeFile(zip, zipSync(altered));
        const rejected = await verifyOffline([zip, '--roots', roots]);
        expect(rejected.code).toBe(1);
        expect(rejected.output).toMatch(
            new RegExp(`^FAIL\\s+manifest-hashes[\\s\\S]*${receipt}: differs from manifest.json`, 'm'),
        );
    });

    it("verifies the Court gateway's package, which says where the report is issued instead of dropping it", async () => {
        const court = await gatewayAs(network, 'court', 'User3', ['auditor']);
        const fetched = await eventually(async () => {
            const response = await fetchPackage(court, caseId);
            return response.status === 200 ? response : undefined;
        }, "the court's peer to hold the case");
        const zip = join(dir, 'court-case.zip');
        await writeFile(zip, fetched.bytes);
        const verified = await verifyOffline([zip, '--roots', roots]);
        expect(verified.output).toMatch(/^SKIP\s+notary-report\s/m);
        expect(verified.output).toMatch(/Notary's gateway/);
        expect(verified.code).toBe(0);
    });

    it('answers problem+json with stable codes for an unknown case and for an organisation that may not read it', async () => {
        const bank = await gatewayAs(network, 'bank', 'User1', ['auditor']);
        const unknown = await fetchPackage(bank, uniqueCode('NOPE'));
        expect(unknown.status).toBe(404);
        expect(unknown.type).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(Buffer.from(unknown.bytes).toString())).toMatchObject({ code: 'CASE_NOT_FOUND' });

        const investor = await gatewayAs(network, 'investor', 'User1', ['auditor']);
        const denied = await eventually(async () => {
            const response = await fetchPackage(investor, caseId);
            return response.status === 404 ? undefined : response;
        }, "the investor's peer to hold the case");
        expect(denied.status).toBe(403);
        expect(JSON.parse(Buffer.from(denied.bytes).toString())).toMatchObject({ code: 'ACCESS_DENIED' });
    });
});
