import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gatewayConfig, rootsBundlePath } from '@lendledger/network/gateways.ts';
import { tsaFiles } from '@lendledger/network/tsa/tsa-material.ts';
import { blockImprint, parseRootsBundle, verifyReceipt, verifyReport, type Receipt } from '@lendledger/verifier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayAs, ok, type GatewayClient } from '../support/gateway-client.ts';
import { loanRefOf, saltedFingerprint, TEST_PARTIES } from '../support/ledger-data.ts';
import { eventually, orgOf, testNetwork, uniqueName } from '../support/test-network.ts';

const run = promisify(execFile);

/** `openssl ts -verify`: an implementation of RFC 3161 that shares no code with ours. */
async function opensslVerify(data: string, token: string, caFile: string): Promise<string> {
    const { stdout, stderr } = await run('openssl', [
        'ts',
        '-verify',
        '-data',
        data,
        '-in',
        token,
        '-token_in',
        '-CAfile',
        caFile,
    ]);
    return `${stdout}${stderr}`;
}

describe("the notary organisation's time-stamping authority dates every write and report", () => {
    const network = testNetwork();
    const roots = (): ReturnType<typeof parseRootsBundle> =>
        parseRootsBundle(readFileSync(rootsBundlePath(network.topology), 'utf8'));
    let dir: string;
    let platform: GatewayClient;
    // Another member that may read the loan: the notary (an investor reads only loans of deals it holds).
    let notary: GatewayClient;
    let fingerprint: string;
    let receipt: Receipt;

    beforeAll(async () => {
        dir = await mkdtemp(join(tmpdir(), 'trusted-time-'));
        platform = await gatewayAs(network, 'platform');
        notary = await gatewayAs(network, 'notary', 'User1', ['auditor']);
        fingerprint = saltedFingerprint(uniqueName('time-stamped document'));
        ok(
            await platform.post('/v1/evidence', {
                fingerprint,
                salted: true,
                evidenceType: 'ID_CHECK_REPORT',
                stage: 'IDENTITY_VERIFICATION',
                loanRef: loanRefOf(uniqueName('trusted-time-loan')),
                previous: null,
                // A loan's first record binds its parties: this platform, the bank and the admitted product.
                parties: TEST_PARTIES,
            }),
        );
        receipt = ok(await platform.get<Receipt>(`/v1/evidence/${fingerprint}/receipt`));
    });

    afterAll(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    it("keeps the token of the block its write committed in, in the writing gateway's data folder", async () => {
        const platformDir = gatewayConfig(network.topology, orgOf(network, 'platform')).dataDir;
        const kept = join(platformDir, 'timestamps', `${receipt.block.number}.tst`);
        await eventually(async () => existsSync(kept) || undefined, 'the block token to be kept');
        expect(Buffer.from(await readFile(kept)).toString('base64')).toBe(receipt.timestamp?.token);
    });

    it('gives the receipt a token the verifier accepts, dating the block no earlier than its transaction', async () => {
        const result = await verifyReceipt(receipt, { roots: roots() });
        expect(result.checks.filter((check) => check.status === 'fail')).toEqual([]);
        const trusted = result.checks.find((check) => check.name === 'trusted-time')!;
        expect(trusted.reason).toMatch(
            /^no later than \S+Z, according to TSA CN=LendLedger Notary TSA,O=LendLedger Notary \(authority/,
        );
        const genTime = new Date(/no later than (\S+Z)/.exec(trusted.reason)![1]!);
        // The token was made after the transaction was signed; one second is the accuracy the TSA states.
        expect(genTime.getTime()).toBeGreaterThanOrEqual(Date.parse(receipt.summary.time!) - 1000);
    });

    it('gives a token that openssl ts -verify accepts over the block header bytes', async () => {
        const header = join(dir, 'header.der');
        const token = join(dir, 'block.tst');
        await writeFile(header, blockImprint(Buffer.from(receipt.block.bytes, 'base64')).header);
        await writeFile(token, Buffer.from(receipt.timestamp!.token, 'base64'));
        expect(await opensslVerify(header, token, tsaFiles(network.topology).rootPath)).toMatch(/Verification: OK/);
        // And refuses it for other bytes: openssl checks the imprint too.
        await writeFile(header, Buffer.from('another header'));
        await expect(opensslVerify(header, token, tsaFiles(network.topology).rootPath)).rejects.toThrow(
            /message imprint mismatch/,
        );
    });

    it("dates the same block through another member's gateway, which asks the TSA itself", async () => {
        const seen = await eventually(async () => {
            const response = await notary.get<Receipt>(`/v1/evidence/${fingerprint}/receipt`);
            return response.status === 200 ? response.body : undefined;
        }, "the notary's peer to hold the record");
        expect(seen.block.number).toBe(receipt.block.number);
        expect(seen.timestamp?.token).toBeDefined();
        expect((await verifyReceipt(seen, { roots: roots() })).ok).toBe(true);
        const notaryDir = gatewayConfig(network.topology, orgOf(network, 'notary')).dataDir;
        expect(existsSync(join(notaryDir, 'timestamps', `${receipt.block.number}.tst`))).toBe(true);
    });

    it('time-stamps a notary report over its compact JWS, and the report check accepts it', async () => {
        const notary = await gatewayAs(network, 'notary', 'User1');
        const issued = await eventually(async () => {
            const response = await notary.post<{ jws: string; timestamp: { token: string } }>('/v1/notary/reports', {
                fingerprints: [fingerprint],
            });
            return response.status === 200 ? response.body : undefined;
        }, "the notary's peer to hold the record");
        const verification = await verifyReport(issued.jws, roots(), { timestamp: issued.timestamp.token });
        expect(verification.checks.filter((check) => check.status === 'fail')).toEqual([]);
        expect(verification.trustedTime?.subject).toBe('CN=LendLedger Notary TSA,O=LendLedger Notary');
        const jws = join(dir, 'report.jws');
        const token = join(dir, 'report.tst');
        await writeFile(jws, issued.jws);
        await writeFile(token, Buffer.from(issued.timestamp.token, 'base64'));
        expect(await opensslVerify(jws, token, tsaFiles(network.topology).rootPath)).toMatch(/Verification: OK/);
    });
});
