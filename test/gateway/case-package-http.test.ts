import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { majorityOf } from '@lendledger/domain';
import { fingerprintTreeRoot } from '@lendledger/domain/node';
import { rootsBundlePath } from '@lendledger/network/gateways.ts';
import { issueCrl } from '@lendledger/network/roots.ts';
import { REPO_ROOT, userCredentials } from '@lendledger/network/topology.ts';
import {
    parsePemCertificate,
    parseRootsBundle,
    rootsBodyHash,
    serialiseRootsBundle,
    verifyPackage,
    type Receipt,
    type RootsBundle,
} from '@lendledger/verifier';
import { exportRootsBundle } from '@lendledger/verifier/node';
import { unzipSync, zipSync } from 'fflate';
import { signedByAdmins } from '../support/roots.ts';
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

/** GET /v1/roots: the bytes and the headers a court records. */
async function fetchRoots(client: GatewayClient): Promise<{ bytes: Buffer; etag: string | null; pin: string | null }> {
    // Through the client once, so the answer is checked against the documented schema, then as raw bytes.
    ok(await client.get('/v1/roots'));
    const response = await fetch(`${client.baseUrl}/v1/roots`, {
        headers: { authorization: client.authorization },
        signal: AbortSignal.timeout(30_000),
    });
    expect(response.status).toBe(200);
    return {
        bytes: Buffer.from(await response.arrayBuffer()),
        etag: response.headers.get('etag'),
        pin: response.headers.get('roots-body-sha256'),
    };
}

/** The package with one file replaced and the manifest made to match, in the writer’s own form, as its maker could. */
function withFile(bytes: Uint8Array, path: string, content: string): Uint8Array {
    const files = unzipSync(bytes);
    const replaced = new TextEncoder().encode(content);
    const manifest = JSON.parse(Buffer.from(files['manifest.json']!).toString()) as {
        files: { path: string; sha256: string; size: number }[];
    };
    for (const entry of manifest.files) {
        if (entry.path === path) {
            entry.sha256 = createHash('sha256').update(replaced).digest('hex');
            entry.size = replaced.length;
        }
    }
    return zipSync({
        ...files,
        [path]: replaced,
        'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    });
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

    it("pins the network's bundle fetched from GET /v1/roots, follows a signed update, and honours its revocation as of the evidence's time", async () => {
        const notary = await gatewayAs(network, 'notary', 'User1');
        const court = await gatewayAs(network, 'court', 'User3', ['auditor']);
        // Fetched from two members' gateways and compared before pinning, as a court would.
        const [fromNotary, fromCourt] = [await fetchRoots(notary), await fetchRoots(court)];
        expect(fromCourt.bytes.equals(fromNotary.bytes)).toBe(true);
        expect(fromNotary.bytes.equals(readFileSync(roots))).toBe(true);
        const v1 = parseRootsBundle(fromNotary.bytes.toString('utf8'));
        expect(fromNotary.pin).toBe(rootsBodyHash(v1));
        const pinnedFile = join(dir, 'pinned-roots.json');
        await writeFile(pinnedFile, fromCourt.bytes);

        const fetched = await eventually(async () => {
            const response = await fetchPackage(notary, caseId);
            return response.status === 200 ? response : undefined;
        }, "the notary's peer to hold the case");
        const pinned = await verifyPackage(fetched.bytes, { roots: v1, pin: fromCourt.pin! });
        expect(pinned.checks.filter((c) => c.status !== 'pass')).toEqual([]);
        expect(pinned).toMatchObject({ ok: true, trust: 'pinned', roots: { version: 1, sha256: fromCourt.pin } });
        const zip = join(dir, 'pinned-case.zip');
        await writeFile(zip, fetched.bytes);
        expect((await verifyOffline([zip, '--roots', pinnedFile, '--pin', fromCourt.pin!])).code).toBe(0);

        // Version 2 revokes the platform's User1, who wrote the evidence record, before or after the record's time.
        const files = unzipSync(fetched.bytes);
        const recordPath = `receipts/${items[0]!.replace(':', '-')}.json`;
        const record = JSON.parse(Buffer.from(files[recordPath]!).toString()) as Receipt;
        const recordTime = Date.parse(record.summary.time ?? '');
        const platform = network.topology.orgs.find((o) => o.key === 'platform')!;
        const creator = parsePemCertificate(readFileSync(userCredentials(platform, 'User1').certPath, 'utf8'));
        expect(record.summary.writtenBy.subject).toBe(creator.subject.text);
        const v2Revoking = async (at: number): Promise<RootsBundle> => {
            const crl = await issueCrl(join(platform.cryptoDir, 'ca'), [
                { serial: creator.serialNumber, at: new Date(at) },
            ]);
            const draft = exportRootsBundle(network.topology.cryptoDir, {
                previous: v1,
                network: v1.network,
                crls: { [platform.mspId]: [crl] },
            });
            // A strict majority of the members' admins, however many members the test network has.
            return signedByAdmins(draft, network.topology.orgs.slice(0, majorityOf(network.topology.orgs.length)));
        };
        const before = await v2Revoking(recordTime - 60_000);
        const revoked = await verifyPackage(fetched.bytes, { roots: v1, updates: [before] });
        expect(revoked.roots).toEqual({ version: 2, sha256: rootsBodyHash(before) });
        expect(revoked.checks.filter((c) => c.status === 'fail').map((c) => c.name)).toEqual(['receipts']);
        // The creator's signature and its chain both rest on the revoked certificate; only the record's receipt fails.
        expect(revoked.checks.find((c) => c.name === 'receipts')!.reason).toMatch(
            new RegExp(`^1 of ${items.length} failed: ${recordPath}: [a-z, -]*\\bcertificate-chains$`),
        );
        const update = join(dir, 'roots-v2.json');
        await writeFile(update, serialiseRootsBundle(before));
        const offline = await verifyOffline([zip, '--roots', pinnedFile, '--update', update]);
        expect(offline.code).toBe(1);
        expect(offline.output).toMatch(
            new RegExp(`^FAIL\\s+receipts[\\s\\S]*${recordPath}: [a-z, -]*\\bcertificate-chains`, 'm'),
        );

        const after = await verifyPackage(fetched.bytes, {
            roots: v1,
            updates: [await v2Revoking(recordTime + 600_000)],
        });
        expect(after).toMatchObject({ ok: true, roots: { version: 2 } });

        // A package whose maker put in a version 2 signed by two members, a minority, fails, pinned or not, naming ROOTS_MINORITY.
        const byTwo = signedByAdmins(
            exportRootsBundle(network.topology.cryptoDir, { previous: v1, network: 'by two' }),
            network.topology.orgs.slice(0, 2),
        );
        const forged = withFile(fetched.bytes, 'roots.json', serialiseRootsBundle(byTwo));
        for (const options of [{}, { roots: v1 }]) {
            const result = await verifyPackage(forged, options);
            expect(result.checks.find((c) => c.name === 'trusted-roots')).toMatchObject({
                status: 'fail',
                reason: expect.stringMatching(/ROOTS_MINORITY/) as unknown,
            });
            expect(result.checks.find((c) => c.name === 'manifest-hashes')!.status).toBe('pass');
        }
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
