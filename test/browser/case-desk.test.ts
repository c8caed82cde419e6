import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CaseRecord, type CaseStep } from '@lendledger/domain';
import { fingerprintTreeRoot } from '@lendledger/domain/node';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
    appUrl,
    expectAccessible,
    launchBrowser,
    saveScreenshot,
    signedInContext,
    VIEWPORTS,
    watchForErrors,
} from '../support/browser.ts';
import { gatewayAs, ok, type GatewayClient } from '../support/gateway-client.ts';
import {
    creditInquiryConsent,
    creditInquiryUse,
    identityVerification,
    loanRefOf,
    saltedFingerprint,
} from '../support/ledger-data.ts';
import { eventually, testNetwork, uniqueCode, uniqueName } from '../support/test-network.ts';

interface Committed<T> {
    readonly result: T;
}

/** How long a page may take to show what the ledger answered (a write is a Fabric commit, a report a PDF). */
const LEDGER_WAIT = { timeout: 90_000 };

/**
 * The case desk in Chromium against the real network: a bank files cases on loans whose chains hold the platform's
 * identity check, the bank's credit decision and its disbursement; the court finds them in its inbox, narrows it
 * with the filters, accepts and judges many at once, reads a case's evidence timeline; the notary attests the
 * package and issues a report; refusals show the chaincode's code.
 */
describe('the case desk of courts, notaries and banks', () => {
    const network = testNetwork();
    const prefix = uniqueCode('WEB');
    // Letters after the unique prefix: case identifiers may not run digits together.
    const courtCases = ['CA', 'CB', 'CC'].map((suffix) => `${prefix}-${suffix}`);
    const stillFiled = `${prefix}-CD`;
    const arbitrationCase = `${prefix}-AR`;
    const [first, second] = courtCases as [string, string, string];
    let browser: Browser;
    let court: GatewayClient;
    let bank: GatewayClient;
    const packages = new Map<string, string[]>();

    /** A loan with three records from two organisations, and the bank's case on it with all three as its package. */
    async function fileCase(platform: GatewayClient, caseId: string, forum: string): Promise<void> {
        const loanRef = loanRefOf(uniqueName(`desk-${caseId}`));
        const written = ok(
            await platform.post<Committed<{ record: { id: string } }>>('/v1/evidence', identityVerification(loanRef)),
        );
        const items = [written.result.record.id];
        const consentId = uniqueCode('CN-DESK');
        ok(await platform.post('/v1/consents', creditInquiryConsent(consentId)));
        // The full pre-loan chain: the platform's authorization and contract, then the bank decides on credit
        // before it disburses (the chaincode's stage order), so the chain is complete as well as intact.
        for (const [writer, stage, evidenceType, extra] of [
            [platform, 'CREDIT_AUTHORIZATION', 'CREDIT_AUTH_FORM', { consentId }],
            [platform, 'CONTRACT_SIGNING', 'E_SIGNED_CONTRACT', {}],
            [bank, 'CREDIT_DECISION', 'CREDIT_APPROVAL', {}],
            [bank, 'DISBURSEMENT', 'DISBURSEMENT_RECEIPT', {}],
        ] as const) {
            const record = ok(
                await writer.post<Committed<{ record: { id: string } }>>('/v1/evidence', {
                    fingerprint: saltedFingerprint(`${stage} of ${loanRef}`),
                    salted: true,
                    evidenceType,
                    stage,
                    loanRef,
                    previous: items.at(-1),
                    ...extra,
                }),
            );
            items.push(record.result.record.id);
            if (stage === 'CREDIT_AUTHORIZATION') {
                // The bank's credit inquiry under the consent the authorization bound: the disbursement needs it.
                ok(await bank.post(`/v1/consents/${consentId}/uses`, creditInquiryUse(loanRef)));
            }
        }
        ok(
            await bank.post('/v1/cases', {
                caseId,
                loanRef,
                court: forum,
                documentFingerprint: saltedFingerprint(`${caseId} complaint`),
                claimCode: 'LOAN_DEFAULT',
                package: { fingerprints: items, root: fingerprintTreeRoot(items) },
            }),
        );
        packages.set(caseId, items);
    }

    async function caseAtCourt(caseId: string): Promise<CaseRecord> {
        return ok(await court.get<{ case: CaseRecord }>(`/v1/cases/${caseId}`)).case;
    }

    beforeAll(async () => {
        browser = await launchBrowser();
        const platform = await gatewayAs(network, 'platform');
        bank = await gatewayAs(network, 'bank');
        court = await gatewayAs(network, 'court');
        for (const caseId of [...courtCases, stillFiled]) {
            await fileCase(platform, caseId, 'CourtMSP');
        }
        await fileCase(platform, arbitrationCase, 'ArbitrationMSP');
        // The court's own peer holds every filing before its page reads them (the client names the last block).
        await eventually(async () => {
            const inbox = ok(await court.get<{ items: CaseRecord[] }>('/v1/cases?pageSize=1000'));
            const ids = inbox.items.map((item) => item.caseId);
            return [...courtCases, stillFiled].every((id) => ids.includes(id)) ? true : undefined;
        }, 'the filed cases in the court inbox');
    });

    afterAll(async () => {
        await browser?.close();
    });

    async function openAs(
        key: 'court' | 'notary' | 'bank',
        path: string,
        viewport: { width: number; height: number } = VIEWPORTS.laptop,
    ): Promise<{
        context: BrowserContext;
        page: Page;
        errors: string[];
    }> {
        const context = await signedInContext(browser, network, key, 'User1', ['submitter', 'auditor'], viewport);
        const page = await context.newPage();
        const errors = watchForErrors(page);
        await page.goto(`${appUrl(network, key)}#/${path}`);
        return { context, page, errors };
    }

    /** Clicks a download link and answers the file's bytes. */
    async function download(page: Page, name: string): Promise<Buffer> {
        const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
        return readFile(await file.path());
    }

    function rows(page: Page): ReturnType<Page['locator']> {
        return page.locator('table.case-table tbody tr');
    }

    async function search(page: Page, text: string): Promise<void> {
        await page.locator('input[name=q]').fill(text);
    }

    async function runBulk(page: Page, move: 'accept' | 'judge', selectedCount: number): Promise<void> {
        await page.locator('#bulk-title ~ .bulk-form select').selectOption(move);
        await page.locator('input[name=documentFingerprint]').fill(saltedFingerprint(`${prefix} ${move} ruling`));
        await page.getByRole('button', { name: `对 ${selectedCount} 件执行` }).click();
    }

    it("lists the court's cases, narrows them with the filters, and bulk-accepts three, each write once", async () => {
        const { context, page, errors } = await openAs('court', 'cases');
        await search(page, prefix);
        await rows(page).first().waitFor(LEDGER_WAIT);
        expect(await rows(page).count()).toBe(4);
        expect((await rows(page).allTextContents()).join('\n')).toContain('已立案');

        await search(page, `${prefix}-CB`);
        await expect.poll(() => rows(page).count()).toBe(1);
        expect(await rows(page).first().getAttribute('data-case')).toBe(second);

        await search(page, prefix);
        const tomorrow = await page.evaluate(() => {
            const d = new Date();
            d.setDate(d.getDate() + 1);
            return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
        });
        await page.locator('input[name=filedFrom]').fill(tomorrow);
        await expect.poll(() => rows(page).count()).toBe(0);
        await page.locator('input[name=filedFrom]').fill('');
        await page.locator('input[name=filedTo]').fill(tomorrow);
        await expect.poll(() => rows(page).count()).toBe(4);
        await page.locator('select[name=status]').selectOption('ACCEPTED');
        await expect.poll(() => rows(page).count()).toBe(0);
        await page.locator('select[name=status]').selectOption('FILED');
        await expect.poll(() => rows(page).count()).toBe(4);
        await expectAccessible(page);
        await saveScreenshot(page, 'cases-inbox-laptop');

        await page.locator('select[name=status]').selectOption('');
        for (const caseId of courtCases) {
            await page.getByRole('checkbox', { name: `选择 ${caseId}` }).check();
        }
        // Every write the page sends, with its key, and whether the gateway replayed it.
        const writes: { caseId: string; key: string | null; replayed: boolean }[] = [];
        page.on('response', (response) => {
            const match = /\/v1\/cases\/([^/]+)\/accept$/.exec(new URL(response.url()).pathname);
            if (match && response.request().method() === 'POST') {
                writes.push({
                    caseId: decodeURIComponent(match[1]!),
                    key: response.request().headers()['idempotency-key'] ?? null,
                    replayed: response.headers()['idempotent-replayed'] === 'true',
                });
            }
        });
        await runBulk(page, 'accept', 3);
        await page.getByText('成功 3 件，失败 0 件').waitFor(LEDGER_WAIT);
        expect(await page.locator('.bulk-results li[data-ok=true]').count()).toBe(3);
        for (const caseId of courtCases) {
            expect(await caseAtCourt(caseId)).toMatchObject({ status: 'ACCEPTED', steps: 2 });
        }
        const firstRun = [...writes];
        expect(firstRun.map((w) => w.caseId).sort()).toEqual([...courtCases].sort());
        expect(new Set(firstRun.map((w) => w.key)).size).toBe(3);
        expect(firstRun.every((w) => w.key !== null && !w.replayed)).toBe(true);

        // A second click of the same action sends the same keys: the gateway replays, the ledger is unchanged.
        await page.locator('.bulk-summary:not(:empty)').waitFor(LEDGER_WAIT);
        await page.getByRole('button', { name: '对 3 件执行' }).click();
        await expect.poll(() => writes.length, LEDGER_WAIT).toBe(6);
        await page.getByText('成功 3 件，失败 0 件').waitFor(LEDGER_WAIT);
        const secondRun = writes.slice(3);
        for (const write of secondRun) {
            expect(write).toEqual({ ...firstRun.find((w) => w.caseId === write.caseId)!, replayed: true });
        }
        for (const caseId of courtCases) {
            expect(await caseAtCourt(caseId)).toMatchObject({ status: 'ACCEPTED', steps: 2 });
        }
        await page.locator('select[name=status]').selectOption('FILED');
        await expect.poll(() => rows(page).count(), LEDGER_WAIT).toBe(1);
        await saveScreenshot(page, 'cases-bulk-accept-laptop');
        expect(errors).toEqual([]);
        await context.close();
    });

    it('shows a case: its evidence stages, writers and steps in time order, and an intact chain', async () => {
        const { context, page, errors } = await openAs('court', `cases/${first}`);
        const timeline = page.locator('ol.timeline');
        await timeline.locator('[data-kind=step][data-status=ACCEPTED]').waitFor(LEDGER_WAIT);
        const kinds = await timeline
            .locator('[data-kind]')
            .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-stage') ?? n.getAttribute('data-status')));
        expect(kinds).toEqual([
            'IDENTITY_VERIFICATION',
            'CREDIT_AUTHORIZATION',
            'CONTRACT_SIGNING',
            'CREDIT_DECISION',
            'DISBURSEMENT',
            'FILED',
            'ACCEPTED',
        ]);
        const text = (await timeline.textContent()) ?? '';
        expect(text).toContain('PlatformMSP');
        expect(text).toContain('BankMSP');
        expect(text).toContain('授信决策');
        expect(await page.locator('.integrity').getAttribute('data-intact')).toBe('true');
        expect(await page.locator('.completeness').getAttribute('data-complete')).toBe('true');
        // Each record's fingerprint is shown (in full on hover).
        const shown = await timeline
            .locator('code.hash')
            .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('title')));
        for (const id of packages.get(first)!) {
            expect(shown).toContain(id);
        }
        await expectAccessible(page);
        await saveScreenshot(page, 'cases-case-laptop');
        expect(errors).toEqual([]);
        await context.close();
    });

    it('bulk-judges the accepted cases with a ruling hashed here under a salt it shows, and shows the refusal of one still filed with its code', async () => {
        const { context, page, errors } = await openAs('court', 'cases');
        await search(page, prefix);
        await expect.poll(() => rows(page).count(), LEDGER_WAIT).toBe(4);
        await page.getByRole('checkbox', { name: '全选本页' }).check();
        await page.locator('#bulk-title ~ .bulk-form select').selectOption('judge');

        // A file on disk, so choosing it again is the same file (name, size, modification time) as a person's.
        const ruling = randomBytes(4096);
        const rulingPath = join(await mkdtemp(join(tmpdir(), 'ruling-')), 'ruling.pdf');
        await writeFile(rulingPath, ruling);
        const panel = page.locator('section[aria-labelledby=bulk-title]');
        const fileInput = panel.locator('input[name=document]');
        const shown = async (): Promise<{ salt: string; fingerprint: string; typed: string }> => ({
            salt: (await panel.locator('code[data-salt]').getAttribute('data-salt')) ?? '',
            fingerprint: (await panel.locator('code[data-fingerprint]').getAttribute('data-fingerprint')) ?? '',
            typed: await panel.locator('input[name=documentFingerprint]').inputValue(),
        });
        const salted = (salt: string): string =>
            `sha256:${createHash('sha256').update(Buffer.from(salt, 'hex')).update(ruling).digest('hex')}`;

        await fileInput.setInputFiles(rulingPath);
        await panel.locator('code[data-fingerprint]').waitFor();
        const initial = await shown();
        expect(initial.salt).toMatch(/^[0-9a-f]{32}$/);
        expect([initial.fingerprint, initial.typed]).toEqual([salted(initial.salt), salted(initial.salt)]);
        expect(await panel.getByRole('note').textContent()).toContain('请把此盐值与文件一起妥善保存');

        // Another salt only when asked for: a new fingerprint of the same file.
        await panel.getByRole('button', { name: '换一个盐值' }).click();
        await expect.poll(async () => (await shown()).salt).not.toBe(initial.salt);
        await expect.poll(async () => (await shown()).fingerprint).toBe(salted((await shown()).salt));
        const drawn = await shown();
        expect(drawn.typed).toBe(drawn.fingerprint);

        // The same file chosen again keeps its salt, hence its fingerprint and the run's Idempotency-Keys.
        await fileInput.setInputFiles(rulingPath);
        await expect.poll(shown).toEqual(drawn);

        await page.getByRole('button', { name: '对 4 件执行' }).click();
        await page.getByText('成功 3 件，失败 1 件').waitFor(LEDGER_WAIT);
        for (const caseId of courtCases) {
            const { steps } = ok(await court.get<{ steps: CaseStep[] }>(`/v1/cases/${caseId}`));
            expect(steps.at(-1)).toMatchObject({ to: 'JUDGED', documentFingerprint: drawn.fingerprint });
        }
        const refused = page.locator(`.bulk-results li[data-case=${stillFiled}]`);
        expect(await refused.getAttribute('data-ok')).toBe('false');
        expect(await refused.textContent()).toContain('INVALID_STATE');
        for (const caseId of courtCases) {
            expect((await caseAtCourt(caseId)).status).toBe('JUDGED');
        }
        expect((await caseAtCourt(stillFiled)).status).toBe('FILED');
        await expectAccessible(page);
        await saveScreenshot(page, 'cases-bulk-judge-laptop');
        expect(errors).toEqual([]);
        await context.close();
    });

    it("refuses the court another forum's case, showing the chaincode's code", async () => {
        const { context, page, errors } = await openAs('court', `cases/${arbitrationCase}`);
        const alert = page.getByRole('alert');
        await alert.waitFor(LEDGER_WAIT);
        expect(await alert.textContent()).toContain('ACCESS_DENIED');
        await expectAccessible(page);
        expect(errors).toEqual([]);
        await context.close();
    });

    it("lets the notary attest a case's package and issue a report whose digest is the JWS it downloads", async () => {
        const { context, page, errors } = await openAs('notary', `cases/${first}`);
        await page.getByRole('button', { name: '公证证据包' }).click();
        await page.locator('[data-kind=attestation]').waitFor(LEDGER_WAIT);
        // The court's peer may commit the notary's block a moment after the notary's own.
        await eventually(async () => {
            const { attestations } = ok(
                await court.get<{ attestations: { notary: { mspId: string }; statementCode: string }[] }>(
                    `/v1/cases/${first}/attestations`,
                ),
            );
            const pairs = attestations.map((a) => `${a.notary.mspId}/${a.statementCode}`);
            return pairs.includes('NotaryMSP/PACKAGE_VERIFIED') ? true : undefined;
        }, "the notary's attestation at the court");

        await page.getByRole('button', { name: '出具公证核验报告' }).click();
        const digest = page.locator('code.report-digest');
        await digest.waitFor({ timeout: 180_000 });
        const shownDigest = (await digest.textContent()) ?? '';
        expect(shownDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
        // Downloaded as a person would: clicking the link (the page's CSP keeps scripts from fetching blob: URLs).
        const jws = (await download(page, '下载 JWS')).toString('utf8');
        expect(`sha256:${createHash('sha256').update(jws).digest('hex')}`).toBe(shownDigest);
        const payload = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as {
            caseId: string;
            reportId: string;
        };
        expect(payload.caseId).toBe(first);
        expect(await page.locator('code.report-id').textContent()).toBe(payload.reportId);
        expect((await download(page, '下载 PDF')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
        await expectAccessible(page);
        await saveScreenshot(page, 'cases-notary-laptop');
        expect(errors).toEqual([]);
        await context.close();
    });

    it('shows a bank the cases it filed, with no forum action, and the chaincode refuses it a judgement', async () => {
        const { context, page, errors } = await openAs('bank', 'cases');
        await page.locator('select[name=forum]').selectOption('CourtMSP');
        await search(page, prefix);
        await expect.poll(() => rows(page).count(), LEDGER_WAIT).toBe(4);
        expect(await page.locator('table.case-table input[type=checkbox]').count()).toBe(0);
        expect(await page.locator('#bulk-title').count()).toBe(0);
        const judged = await bank.post<{ code: string }>(`/v1/cases/${stillFiled}/judge`, {
            documentFingerprint: saltedFingerprint('a bank may not judge'),
        });
        expect([judged.status, judged.body.code]).toEqual([403, 'ACCESS_DENIED']);
        await expectAccessible(page);
        expect(errors).toEqual([]);
        await context.close();
    });

    it.each(['inbox', 'case'] as const)('fits a phone: the %s page', async (which) => {
        const { context, page, errors } = await openAs(
            'court',
            which === 'inbox' ? 'cases' : `cases/${first}`,
            VIEWPORTS.phone,
        );
        if (which === 'inbox') {
            await search(page, prefix);
            await expect.poll(() => rows(page).count(), LEDGER_WAIT).toBe(4);
        } else {
            await page.locator('ol.timeline [data-kind=step]').first().waitFor(LEDGER_WAIT);
        }
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
        expect(overflow).toBeLessThanOrEqual(0);
        await expectAccessible(page);
        await saveScreenshot(page, `cases-${which}-phone`);
        expect(errors).toEqual([]);
        await context.close();
    });
});
