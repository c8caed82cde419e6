import { type ChainView, type EvidenceWriteResult, type LoanHead } from '@lendledger/domain';
import { fingerprintTreeRoot } from '@lendledger/domain/node';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { rootsBundlePath } from '@lendledger/network/gateways.ts';
import { REPO_ROOT } from '@lendledger/network/topology.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { consistencyToken, gatewayAs, ok, type GatewayClient } from '../support/gateway-client.ts';
import {
    creditInquiryConsent,
    creditInquiryUse,
    loanRefOf,
    saltedFingerprint,
    TEST_PARTIES,
} from '../support/ledger-data.ts';
import { eventually, testNetwork, uniqueCode, uniqueName } from '../support/test-network.ts';

/** What a write answers over REST: the chaincode's result with the transaction that committed it. */
interface Committed<T> {
    readonly txId: string;
    readonly blockNumber: number;
    readonly result: T;
}

/** Runs lendledger-verify-report offline, as a separate process that gets files only. */
async function runVerifyReport(args: readonly string[]): Promise<{ code: number; output: string }> {
    const cli = join(REPO_ROOT, 'verifier', 'dist', 'cli', 'verify-report.js');
    try {
        const { stdout } = await promisify(execFile)(process.execPath, [cli, ...args]);
        return { code: 0, output: stdout };
    } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
}

/**
 * The notary's PDF as a court's clerk opens it: Chinese text drawn with the embedded subset of the CJK font the
 * gateway was configured with (notary.reportFontPath), one block per record, the signed JWS attached, and every
 * page rendering. LENDLEDGER_KEEP_REPORT_PDF=<file> keeps a copy to look at.
 */
async function expectReadablePdf(dir: string, pdf: Buffer, jws: string, records: number): Promise<void> {
    const file = join(dir, 'report.pdf');
    await writeFile(file, pdf);
    if (process.env.LENDLEDGER_KEEP_REPORT_PDF) {
        await copyFile(file, process.env.LENDLEDGER_KEEP_REPORT_PDF);
    }
    const run = async (command: string, args: readonly string[]): Promise<string> =>
        (await promisify(execFile)(command, args, { encoding: 'utf8' })).stdout;
    const text = (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).replace(/\s+/g, '');
    expect(text).toContain('公证核验报告');
    expect(text).toContain('法院审查要素及结论');
    expect(text).toContain('本报告不能证明的事项');
    for (let i = 1; i <= records; i++) {
        expect(text).toContain(`记录${i}（共${records}条）`);
    }
    const fonts = await run('pdffonts', [file]);
    expect(fonts).toMatch(/[A-Z]{6}\+WenQuanYiMicroHei\s+CID TrueType\s+Identity-H\s+yes\s+yes/);
    await run('pdfdetach', ['-saveall', '-o', dir, file]);
    expect(await readFile(join(dir, 'report.jws'), 'utf8')).toBe(jws);
    const pages = Number(/Pages:\s+(\d+)/.exec(await run('pdfinfo', [file]))![1]);
    await run('pdftoppm', ['-r', '30', '-gray', file, join(dir, 'page')]);
    const images = (await readdir(dir)).filter((name) => name.startsWith('page') && name.endsWith('.pgm'));
    expect(images).toHaveLength(pages);
}

interface Problem {
    readonly status: number;
    readonly code: string;
}

describe('the loan story over HTTP, through the organisations’ own gateways', () => {
    const network = testNetwork();
    const loanRef = loanRefOf(uniqueName('http-loan'));
    const consentId = uniqueCode('CN-HTTP');
    const caseId = uniqueCode('HTTP');
    let filedPackage: string[] = [];
    const written: string[] = [];
    let platform: GatewayClient;
    let bankUser2: GatewayClient;
    let bank: GatewayClient;
    let court: GatewayClient;
    let courtAuditor: GatewayClient;
    let head: string | null = null;

    beforeAll(async () => {
        platform = await gatewayAs(network, 'platform', 'User1');
        bankUser2 = await gatewayAs(network, 'bank', 'User2');
        bank = await gatewayAs(network, 'bank', 'User1', ['submitter', 'auditor']);
        court = await gatewayAs(network, 'court', 'User1');
        courtAuditor = await gatewayAs(network, 'court', 'User3', ['auditor']);
    });

    function evidence(
        stage: string,
        evidenceType: string,
        extra: Record<string, unknown> = {},
    ): Record<string, unknown> {
        return {
            fingerprint: saltedFingerprint(`${stage} #${written.length} of ${loanRef}`),
            salted: true,
            evidenceType,
            stage,
            loanRef,
            previous: head,
            // The loan's first record binds its parties: the writing platform, the bank and the admitted product.
            ...(head === null ? { parties: TEST_PARTIES } : {}),
            ...extra,
        };
    }

    async function register(
        client: GatewayClient,
        stage: string,
        evidenceType: string,
        extra: Record<string, unknown> = {},
    ): Promise<Committed<EvidenceWriteResult>> {
        const body = evidence(stage, evidenceType, extra);
        const response = await client.post<Committed<EvidenceWriteResult>>('/v1/evidence', body);
        const committed = ok(response);
        expect(committed.result.created).toBe(true);
        // The consistency token: the next request, at whichever organisation, names this block as Ledger-Min-Block,
        // so the bank's append naming the platform's record as `previous` never reads a peer that lacks it.
        expect(response.headers.get('ledger-block')).toBe(String(committed.blockNumber));
        expect(consistencyToken()).toBeGreaterThanOrEqual(BigInt(committed.blockNumber));
        expect(committed.result.record).toMatchObject({
            id: body.fingerprint,
            loanRef,
            stage,
            seq: written.length + 1,
        });
        written.push(committed.result.record.id);
        head = committed.result.record.id;
        return committed;
    }

    it('records the platform’s pre-loan evidence, with the consent it collected, and the bank’s loan evidence', async () => {
        await register(platform, 'IDENTITY_VERIFICATION', 'ID_CHECK_REPORT');
        const consent = await platform.post<Committed<{ created: boolean }>>(
            '/v1/consents',
            creditInquiryConsent(consentId),
        );
        expect(ok(consent).result.created).toBe(true);
        await register(platform, 'CREDIT_AUTHORIZATION', 'CREDIT_AUTH_FORM', { consentId });
        // The bank's credit inquiry on the loan (the one-time consent's single use): its disbursement needs it.
        const used = await bank.post<Committed<{ use: { useNo: number; loanRef: string } }>>(
            `/v1/consents/${consentId}/uses`,
            creditInquiryUse(loanRef),
        );
        expect(ok(used).result.use).toMatchObject({ useNo: 1, loanRef });
        await register(platform, 'CONTRACT_SIGNING', 'E_SIGNED_CONTRACT');
        // The bank decides credit itself before it disburses.
        await register(bank, 'CREDIT_DECISION', 'CREDIT_APPROVAL');
        await register(bank, 'DISBURSEMENT', 'DISBURSEMENT_RECEIPT');
        await register(bank, 'REPAYMENT', 'REPAYMENT_RECEIPT');
    });

    it('records which user acted: the token subject selects the Fabric identity that signs', async () => {
        const committed = await register(bankUser2, 'REPAYMENT', 'REPAYMENT_RECEIPT');
        // The same organisation, another user: the record names User2's certificate, not User1's.
        expect(committed.result.record.submitter).toMatchObject({ mspId: 'BankMSP' });
        expect(committed.result.record.submitter.subject).toContain('CN=User2@bank.lendledger.test');
    });

    it('refuses a second use of the one-time consent, and its use by the platform, with stable codes', async () => {
        const again = await bank.post<Problem>(`/v1/consents/${consentId}/uses`, creditInquiryUse(loanRef));
        expect(again.status).toBeGreaterThanOrEqual(400);
        expect(again.status).toBeLessThan(500);
        expect(again.headers.get('content-type')).toContain('application/problem+json');
        expect(again.body.code).toBe('CONSENT_EXHAUSTED');
        const platformUses = await platform.post<Problem>(`/v1/consents/${consentId}/uses`, creditInquiryUse(loanRef));
        expect(platformUses.body.code).toBe('CONSENT_NOT_GRANTEE');
    });

    it('refuses a write by the wrong organisation and a malformed one, as 4xx problems that write nothing', async () => {
        const forged = await court.post<Problem>('/v1/evidence', evidence('DISBURSEMENT', 'DISBURSEMENT_RECEIPT'));
        expect(forged.status).toBe(403);
        expect(['STAGE_NOT_PERMITTED', 'ACCESS_DENIED']).toContain(forged.body.code);

        const malformed = await bank.post<Problem>('/v1/evidence', {
            ...evidence('REPAYMENT', 'X'),
            fingerprint: 'abc',
        });
        expect(malformed.status).toBe(400);
        expect(malformed.body.code).toBe('VALIDATION_FAILED');

        const auditorWrites = await courtAuditor.post<Problem>('/v1/evidence', evidence('REPAYMENT', 'X'));
        expect(auditorWrites.status).toBe(403);
        expect(auditorWrites.body.code).toBe('ROLE_REQUIRED');

        const loan = ok(await bank.get<LoanHead>(`/v1/loans/${loanRef}`));
        expect(loan.length).toBe(written.length);
        expect(loan.head.id).toBe(head);
    });

    it('writes once when a request is retried with the same Idempotency-Key', async () => {
        const key = uniqueName('idem');
        const body = evidence('REPAYMENT', 'REPAYMENT_RECEIPT');
        const first = await bank.post<Committed<EvidenceWriteResult>>('/v1/evidence', body, { 'idempotency-key': key });
        const repeat = await bank.post<Committed<EvidenceWriteResult>>('/v1/evidence', body, {
            'idempotency-key': key,
        });
        expect(ok(first).result.created).toBe(true);
        expect(ok(repeat)).toEqual(first.body);
        expect(repeat.headers.get('idempotent-replayed')).toBe('true');
        written.push(first.body.result.record.id);
        head = first.body.result.record.id;

        const reused = await bank.post<Problem>('/v1/evidence', evidence('REPAYMENT', 'OTHER'), {
            'idempotency-key': key,
        });
        expect(reused.status).toBe(422);
        expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
        const loan = ok(await bank.get<LoanHead>(`/v1/loans/${loanRef}`));
        expect(loan.length).toBe(written.length);
    });

    it('lets the bank file a case, the notary attest its package and the court accept it, each at its own gateway', async () => {
        filedPackage = [...written];
        const root = fingerprintTreeRoot(written);
        const filed = await bank.post<Committed<{ case: { status: string } }>>('/v1/cases', {
            caseId,
            loanRef,
            court: 'CourtMSP',
            documentFingerprint: saltedFingerprint('statement of claim'),
            claimCode: 'LOAN_DEFAULT',
            package: { fingerprints: written, root },
        });
        expect(ok(filed).result.case.status).toBe('FILED');
        const notary = await gatewayAs(network, 'notary', 'User1');
        await eventually(async () => {
            const attested = await notary.post<Problem>(`/v1/cases/${caseId}/attestations`, {
                packageRoot: root,
                statementCode: 'PACKAGE_INTEGRITY_VERIFIED',
            });
            return attested.status === 200 ? attested : undefined;
        }, "the notary's peer to hold the case");
        const accepted = await eventually(async () => {
            const response = await court.post<Committed<{ case: { status: string } }>>(`/v1/cases/${caseId}/accept`, {
                documentFingerprint: saltedFingerprint('acceptance notice'),
            });
            return response.status === 200 ? response.body : undefined;
        }, "the court's peer to hold the case");
        expect(accepted.result.case.status).toBe('ACCEPTED');
    });

    it('has the notary issue a signed report on the case that verifies offline, and fails when altered', async () => {
        const notary = await gatewayAs(network, 'notary', 'User1');
        const issued = ok(
            await notary.post<{
                verdict: string;
                jws: string;
                pdf: string;
                payload: { items: unknown[]; caseId: string };
                timestamp: { token: string };
            }>('/v1/notary/reports', { caseId }),
        );
        expect(issued.verdict).toBe('verified');
        expect(issued.payload).toMatchObject({ caseId });
        expect(issued.payload.items).toHaveLength(filedPackage.length);
        expect(Buffer.from(issued.pdf, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');

        const dir = await mkdtemp(join(tmpdir(), 'notary-report-'));
        try {
            const report = join(dir, 'report.jws');
            await writeFile(report, issued.jws);
            const token = join(dir, 'report.tst');
            await writeFile(token, issued.timestamp.token);
            const roots = rootsBundlePath(network.topology);
            const verified = await runVerifyReport([report, '--roots', roots, '--timestamp', token]);
            expect(verified.output).not.toMatch(/^FAIL/m);
            expect(verified.output).toMatch(/^PASS\s+report-time/m);
            expect(verified.code).toBe(0);

            await expectReadablePdf(dir, Buffer.from(issued.pdf, 'base64'), issued.jws, issued.payload.items.length);

            const [header, payload, signature] = issued.jws.split('.');
            const altered = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as { verdict: string };
            altered.verdict = altered.verdict === 'verified' ? 'not-verified' : 'verified';
            const forged = `${header}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`;
            await writeFile(report, forged);
            const rejected = await runVerifyReport([report, '--roots', roots, '--timestamp', token]);
            expect(rejected.code).not.toBe(0);
            expect(rejected.output).toMatch(/FAIL\s+signature/);
        } finally {
            await rm(dir, { recursive: true, force: true });
        }
    });

    it('shows the Court the same intact chain through the Court’s own gateway', async () => {
        const chain = await eventually(async () => {
            const view = ok(await courtAuditor.get<ChainView>(`/v1/loans/${loanRef}/chain`));
            return view.entries.length === written.length ? view : undefined;
        }, 'the court peer to have every record');
        expect(chain.intact).toBe(true);
        expect(chain.complete).toBe(true);
        expect(chain.parties).toEqual({ platform: 'PlatformMSP', ...TEST_PARTIES });
        expect(chain.entries.map((entry) => entry.record.id)).toEqual(written);
        expect(chain.entries[3]!.record.submitter.mspId).toBe('BankMSP');
        const single = ok(await courtAuditor.get<{ record: { id: string } }>(`/v1/evidence/${written[0]}`));
        expect(single.record.id).toBe(written[0]);
    });
});
