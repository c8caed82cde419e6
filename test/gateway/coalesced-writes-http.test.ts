import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayConfigPath, rootsBundlePath } from '@lendledger/network/gateways.ts';
import { REPO_ROOT } from '@lendledger/network/topology.ts';
import { parseRootsBundle, trustStoreFor, verifyReceipt, type Receipt, type TrustStore } from '@lendledger/verifier';
import { newNodeVerifier } from '@lendledger/verifier/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayAs, GatewayClient, ok, type GatewayResponse } from '../support/gateway-client.ts';
import { identityVerification, loanRefOf, saltedFingerprint, TEST_PARTIES } from '../support/ledger-data.ts';
import { eventually, orgOf, testNetwork, uniqueName } from '../support/test-network.ts';

/** What POST /v1/evidence answers, coalesced or not. */
interface WriteAnswer {
    readonly txId: string;
    readonly blockNumber: number;
    readonly result: { readonly created: boolean; readonly record: { readonly id: string; readonly seq: number } };
}

const SINGLE_LOANS = 180;
const CHAINED_LOANS = 5;
/** Platform stages without prerequisites, written one after another on each chained loan. */
const CHAINED_STAGES = ['IDENTITY_VERIFICATION', 'CONTRACT_SIGNING', 'OTHER'] as const;

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
        });
    });
}

/**
 * Concurrent single registrations through one gateway that coalesces them (`coalesce.windowMs` 20): a second
 * platform gateway process next to the test network's own, with the platform's configuration and its own port and
 * data folder.
 */
describe('coalesced single writes on the real network', () => {
    const network = testNetwork();
    let child: ChildProcess | undefined;
    let dataDir: string;
    let coalescing: GatewayClient;
    let plain: GatewayClient;
    let trust: TrustStore;

    beforeAll(async () => {
        const platform = orgOf(network, 'platform');
        dataDir = await mkdtemp(join(tmpdir(), 'coalescing-gateway-'));
        const port = await freePort();
        child = spawn(
            process.execPath,
            [join(REPO_ROOT, 'gateway', 'dist', 'main.js'), '--config', gatewayConfigPath(network.topology, platform)],
            {
                cwd: REPO_ROOT,
                env: {
                    ...process.env,
                    NODE_ENV: 'production',
                    GATEWAY_LISTEN_PORT: String(port),
                    GATEWAY_DATA_DIR: dataDir,
                    GATEWAY_COALESCE_WINDOW_MS: '20',
                    GATEWAY_COALESCE_MAX_RECORDS: '100',
                    GATEWAY_LOG_LEVEL: 'warn',
                },
                stdio: ['ignore', 'ignore', 'inherit'],
            },
        );
        const baseUrl = `http://127.0.0.1:${port}`;
        await eventually(async () => {
            const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
            return response.ok ? true : undefined;
        }, 'the coalescing gateway to be ready');
        plain = await gatewayAs(network, 'platform');
        coalescing = new GatewayClient(baseUrl, plain.authorization.replace(/^Bearer /, ''));
        // The consortium's roots as the network signed them, naming the notary's time-stamping authority.
        trust = trustStoreFor(
            parseRootsBundle(await readFile(rootsBundlePath(network.topology), 'utf8')),
            newNodeVerifier(),
        );
    });

    afterAll(async () => {
        child?.kill('SIGTERM');
        await new Promise((resolve) => (child?.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
        await rm(dataDir, { recursive: true, force: true });
    });

    it('answers ~200 concurrent callers each with its own record and receipt, in fewer transactions, failing only the bad record', async () => {
        const singles = Array.from({ length: SINGLE_LOANS }, (_, index) =>
            identityVerification(loanRefOf(uniqueName(`coalesced-${index}`))),
        );
        // A platform may not write the bank's credit decision: the chaincode refuses it, naming the batch item.
        const refused = {
            ...identityVerification(loanRefOf(uniqueName('coalesced-refused'))),
            stage: 'CREDIT_DECISION',
            evidenceType: 'CREDIT_DECISION_MEMO',
        };
        // The schema refuses this one before any batch: five digits in a row are kept out of short codes.
        const invalid = {
            ...identityVerification(loanRefOf(uniqueName('coalesced-invalid'))),
            evidenceType: 'ID_12345',
        };
        const chainedLoans = Array.from({ length: CHAINED_LOANS }, (_, index) =>
            loanRefOf(uniqueName(`chained-${index}`)),
        );

        const chained = chainedLoans.map(async (loanRef) => {
            const answers: { body: Record<string, unknown> & { fingerprint: string }; answer: WriteAnswer }[] = [];
            let previous: string | null = null;
            for (const stage of CHAINED_STAGES) {
                const body: Record<string, unknown> & { fingerprint: string } = {
                    fingerprint: saltedFingerprint(`${loanRef} ${stage}`),
                    salted: true,
                    evidenceType: 'LOAN_STAGE_DOCUMENT',
                    stage,
                    loanRef,
                    previous,
                    ...(previous === null ? { parties: TEST_PARTIES } : {}),
                };
                const answer: WriteAnswer = ok(await coalescing.post<WriteAnswer>('/v1/evidence', body));
                previous = answer.result.record.id;
                answers.push({ body, answer });
            }
            return answers;
        });
        const [singleAnswers, refusedAnswer, invalidAnswer, chainedAnswers] = await Promise.all([
            Promise.all(singles.map((body) => coalescing.post<WriteAnswer>('/v1/evidence', body))),
            coalescing.post<Record<string, unknown>>('/v1/evidence', refused),
            coalescing.post<Record<string, unknown>>('/v1/evidence', invalid),
            Promise.all(chained),
        ]);

        // Each caller got its own record.
        singleAnswers.forEach((answer, index) => {
            const body = ok(answer);
            expect(body.result).toMatchObject({ created: true, record: { id: singles[index]!.fingerprint, seq: 1 } });
            expect(answer.headers.get('x-transaction-id')).toBe(body.txId);
        });
        // The chained loans' records follow one another in the order they were sent.
        for (const answers of chainedAnswers) {
            expect(answers.map(({ answer }) => answer.result.record.seq)).toEqual([1, 2, 3]);
            expect(answers.map(({ answer }) => answer.result.record.id)).toEqual(
                answers.map(({ body }) => body.fingerprint),
            );
        }
        // The bad records failed alone, with the problem each gets from a gateway that does not coalesce.
        const refusedAlone = await plain.post<Record<string, unknown>>('/v1/evidence', refused);
        expect(refusedAnswer.status).toBe(403);
        expect(refusedAnswer.status).toBe(refusedAlone.status);
        const strip = (response: GatewayResponse<Record<string, unknown>>): Record<string, unknown> => ({
            ...response.body,
            requestId: undefined,
            transactionId: undefined,
        });
        expect(strip(refusedAnswer)).toEqual(strip(refusedAlone));
        expect(refusedAnswer.body.code).toBe('STAGE_NOT_PERMITTED');
        const invalidAlone = await plain.post<Record<string, unknown>>('/v1/evidence', invalid);
        expect(invalidAnswer.status).toBeGreaterThanOrEqual(400);
        expect(invalidAnswer.status).toBeLessThan(500);
        expect([invalidAnswer.status, invalidAnswer.body.code]).toEqual([invalidAlone.status, invalidAlone.body.code]);

        // Fewer transactions than records.
        const written = [
            ...singleAnswers.map((answer, index) => ({
                fingerprint: singles[index]!.fingerprint as string,
                answer: ok(answer),
            })),
            ...chainedAnswers.flat().map(({ body, answer }) => ({ fingerprint: body.fingerprint, answer })),
        ];
        const transactions = new Set(written.map(({ answer }) => answer.txId));
        expect(transactions.size).toBeLessThan(written.length);

        // Every record's receipt names its transaction and verifies offline against the consortium's roots.
        const failures: string[] = [];
        for (let start = 0; start < written.length; start += 16) {
            await Promise.all(
                written.slice(start, start + 16).map(async ({ fingerprint, answer }) => {
                    const receipt = await eventually(async () => {
                        const response = await coalescing.get<Receipt>(`/v1/evidence/${fingerprint}/receipt`);
                        return response.status === 200 ? response.body : undefined;
                    }, `the receipt of ${fingerprint}`);
                    const result = await verifyReceipt(receipt, { roots: trust });
                    if (!result.ok || result.transactionId !== answer.txId || result.fingerprint !== fingerprint) {
                        const failed = result.checks.filter((check) => check.status === 'fail');
                        failures.push(`${fingerprint}: ${result.transactionId} ${JSON.stringify(failed)}`);
                    }
                }),
            );
        }
        expect(failures).toEqual([]);
    });
});
