import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type ChainView, type ConsentView, type EvidenceView } from '@lendledger/domain';
import { type Browser, type Page } from 'playwright-core';
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
import { creditInquiryConsent, identityVerification, loanRefOf, saltedFingerprint } from '../support/ledger-data.ts';
import { testNetwork, uniqueCode, uniqueName } from '../support/test-network.ts';

const network = testNetwork();
let browser: Browser;
let platformApi: GatewayClient;
let bankApi: GatewayClient;

/** The document the platform registers: random bytes, so no request can carry them by coincidence. */
const DOCUMENT = randomBytes(48 * 1024);
const LOAN_REF = loanRefOf(uniqueName('console-loan'));
let registered = '';

beforeAll(async () => {
    browser = await launchBrowser();
    platformApi = await gatewayAs(network, 'platform', 'User1', ['submitter', 'auditor']);
    bankApi = await gatewayAs(network, 'bank', 'User1', ['submitter', 'auditor']);
});

afterAll(async () => {
    await browser?.close();
});

/** Every request body the page sent, to show the document's bytes never left the browser. */
function recordBodies(page: Page): { url: string; method: string; headers: Record<string, string>; body: Buffer }[] {
    const bodies: { url: string; method: string; headers: Record<string, string>; body: Buffer }[] = [];
    page.on('request', (request) => {
        const body = request.postDataBuffer();
        if (body) {
            bodies.push({ url: request.url(), method: request.method(), headers: request.headers(), body });
        }
    });
    return bodies;
}

/** True when the body holds any 32-byte window of the document, raw, base64 or hex. */
function carriesDocument(body: Buffer): boolean {
    for (const offset of [0, 1000, DOCUMENT.length / 2, DOCUMENT.length - 32]) {
        const window = DOCUMENT.subarray(offset, offset + 32);
        if (
            body.includes(window) ||
            body.includes(Buffer.from(window.toString('hex'))) ||
            // base64 of a window starting on a 3-byte boundary is a substring of the whole's base64.
            body.includes(
                Buffer.from(DOCUMENT.subarray(offset - (offset % 3), offset - (offset % 3) + 30).toString('base64')),
            )
        ) {
            return true;
        }
    }
    return false;
}

/** Saves the page at the laptop and the phone viewport, checking the phone layout does not scroll sideways. */
async function screenshots(page: Page, name: string): Promise<void> {
    await saveScreenshot(page, `console-${name}-laptop`);
    await page.setViewportSize(VIEWPORTS.phone);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        VIEWPORTS.phone.width,
    );
    await expectAccessible(page);
    await saveScreenshot(page, `console-${name}-phone`);
    await page.setViewportSize(VIEWPORTS.laptop);
}

describe('the member console of platforms and banks', () => {
    it('registers a document hashed in the browser as the first record of a new loan; the file never leaves the page', async () => {
        const context = await signedInContext(browser, network, 'platform', 'User1', ['submitter', 'auditor']);
        const page = await context.newPage();
        const errors = watchForErrors(page);
        const bodies = recordBodies(page);
        await page.goto(`${appUrl(network, 'platform')}#/console/register?loan=${LOAN_REF}`);
        await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('登记文件');
        // The loan has no record yet: the page says the first record binds the parties and asks for them.
        await page.getByText('这是此贷款的第一条记录').waitFor();
        await page.locator('input[name=document]').setInputFiles({
            name: 'id-check-report.pdf',
            mimeType: 'application/pdf',
            buffer: DOCUMENT,
        });
        const fingerprint = page.locator('code[data-fingerprint]');
        await fingerprint.waitFor();
        const salt = (await page.locator('code[data-salt]').getAttribute('data-salt')) ?? '';
        expect(salt).toMatch(/^[0-9a-f]{32}$/);
        const expected = `sha256:${createHash('sha256').update(Buffer.from(salt, 'hex')).update(DOCUMENT).digest('hex')}`;
        expect(await fingerprint.getAttribute('data-fingerprint')).toBe(expected);
        await expect.poll(() => page.getByRole('note').textContent()).toContain('请把此盐值与文件一起妥善保存');

        // A platform is offered its own stages only: pre-loan evidence and OTHER, never the bank's.
        const stages = await page
            .locator('select[name=stage] option')
            .evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
        expect(stages).toEqual(['IDENTITY_VERIFICATION', 'CREDIT_AUTHORIZATION', 'CONTRACT_SIGNING', 'OTHER']);
        await page.locator('input[name=bank]').fill('BankMSP');
        await page.locator('input[name=product]').fill('CONSUMER_LOAN');
        await expectAccessible(page);
        await page.getByRole('button', { name: '登记指纹' }).click();
        const done = page.locator('[data-registered]');
        await done.waitFor();
        registered = (await done.getAttribute('data-registered')) ?? '';
        expect(registered).toBe(expected);
        await screenshots(page, 'register');

        // The API holds the record with the fingerprint the page computed, on this loan, as its first record.
        const stored = ok(await platformApi.get<EvidenceView>(`/v1/evidence/${expected}`));
        expect(stored.record).toMatchObject({
            fingerprint: expected,
            salted: true,
            loanRef: LOAN_REF,
            seq: 1,
            stage: 'IDENTITY_VERIFICATION',
            parties: { platform: 'PlatformMSP', bank: 'BankMSP', product: 'CONSUMER_LOAN' },
        });
        // The write went out once, with an Idempotency-Key and the fingerprint; no request carried the file.
        const writes = bodies.filter((b) => b.method === 'POST' && b.url.endsWith('/v1/evidence'));
        expect(writes).toHaveLength(1);
        expect(writes[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
        expect(JSON.parse(writes[0]!.body.toString('utf8'))).toMatchObject({ fingerprint: expected, previous: null });
        expect(bodies.filter((b) => carriesDocument(b.body))).toEqual([]);
        expect(errors).toEqual([]);
        await context.close();
    });

    it('shows a refusal of the ledger with its stable code', async () => {
        const context = await signedInContext(browser, network, 'platform', 'User1', ['submitter', 'auditor']);
        const page = await context.newPage();
        const errors = watchForErrors(page);
        await page.goto(`${appUrl(network, 'platform')}#/console/register?loan=${LOAN_REF}`);
        await page.getByText('此贷款已有 1 条记录').waitFor();
        await page.locator('input[name=document]').setInputFiles({
            name: 'authorization.pdf',
            mimeType: 'application/pdf',
            buffer: randomBytes(1024),
        });
        await page.locator('code[data-fingerprint]').waitFor();
        await page.locator('select[name=stage]').selectOption('CREDIT_AUTHORIZATION');
        const consentId = uniqueCode('CN-NONE');
        await page.locator('input[name=consentId]').fill(consentId);
        await page.getByRole('button', { name: '登记指纹' }).click();
        const alert = page.getByRole('alert');
        await alert.waitFor();
        // The page shows the code the API answers for the same request.
        const direct = await platformApi.post<{ code: string }>('/v1/evidence', {
            fingerprint: saltedFingerprint('never written'),
            salted: true,
            evidenceType: 'CREDIT_AUTH_FORM',
            stage: 'CREDIT_AUTHORIZATION',
            loanRef: LOAN_REF,
            previous: registered,
            consentId,
        });
        expect(direct.status).toBeGreaterThanOrEqual(400);
        expect(direct.status).toBeLessThan(500);
        expect(await alert.locator('code').textContent()).toBe(direct.body.code);
        expect(errors).toEqual([]);
        await context.close();
    });

    it("shows the loan's chain as a timeline with its integrity and stages, to the platform and to the bank", async () => {
        const second = saltedFingerprint(`${LOAN_REF} contract`);
        ok(
            await platformApi.post('/v1/evidence', {
                fingerprint: second,
                salted: true,
                evidenceType: 'E_SIGNED_CONTRACT',
                stage: 'CONTRACT_SIGNING',
                loanRef: LOAN_REF,
                previous: registered,
            }),
        );
        const api = ok(await bankApi.get<ChainView>(`/v1/loans/${LOAN_REF}/chain`));
        expect(api.intact).toBe(true);

        for (const org of ['platform', 'bank'] as const) {
            const context = await signedInContext(browser, network, org, 'User1', ['submitter', 'auditor']);
            const page = await context.newPage();
            const errors = watchForErrors(page);
            await page.goto(appUrl(network, org));
            await page.getByRole('link', { name: '成员控制台' }).click();
            await page.locator('input[name=loanRef]').fill(LOAN_REF);
            await page.getByRole('button', { name: '查看' }).click();
            const integrity = page.locator('[data-integrity]');
            await integrity.waitFor();
            expect(await integrity.getAttribute('data-integrity')).toBe('intact');
            expect(await integrity.textContent()).toContain('证据链完整');
            const timeline = page.getByRole('list', { name: '证据时间线' });
            const items = timeline.locator('li');
            expect(await items.count()).toBe(api.entries.length);
            expect(await items.nth(0).textContent()).toContain('第 1 条 · 身份核验');
            expect(await items.nth(1).textContent()).toContain('第 2 条 · 合同签署');
            expect(await items.nth(0).locator('[data-fingerprint]').getAttribute('data-fingerprint')).toBe(registered);
            expect(await items.nth(0).textContent()).toContain('PlatformMSP · User1@platform.lendledger.test');
            expect(await page.locator('.facts').first().textContent()).toContain('BankMSP');

            // The receipt downloads, names the record's fingerprint, and tells the block it was committed in.
            const download = page.waitForEvent('download');
            await items.nth(0).getByRole('button', { name: '下载回执' }).click();
            const receipt = JSON.parse(await readFile((await (await download).path())!, 'utf8')) as {
                fingerprint: string;
                block: { number: number };
            };
            expect(receipt.fingerprint).toBe(registered);
            await expect.poll(() => items.nth(0).textContent()).toContain(`区块 ${receipt.block.number}`);
            await expectAccessible(page);
            await screenshots(page, `chain-${org}`);
            expect(errors).toEqual([]);
            await context.close();
        }
    });

    it("shows a consent's status and, after the bank uses it for a loan's credit inquiry, its use log", async () => {
        const consentId = uniqueCode('CN-CONSOLE');
        ok(await platformApi.post('/v1/consents', creditInquiryConsent(consentId)));
        // A credit inquiry names its loan, which the platform's authorization citing the consent must have bound.
        const loanRef = loanRefOf(uniqueName('console-inquiry'));
        const first = ok(
            await platformApi.post<{ result: { record: { id: string } } }>(
                '/v1/evidence',
                identityVerification(loanRef),
            ),
        );
        ok(
            await platformApi.post('/v1/evidence', {
                fingerprint: saltedFingerprint(`authorization of ${loanRef}`),
                salted: true,
                evidenceType: 'CREDIT_AUTH_FORM',
                stage: 'CREDIT_AUTHORIZATION',
                loanRef,
                previous: first.result.record.id,
                consentId,
            }),
        );
        // Ledger-Min-Block: the bank's peer holds the consent before the page asks for it.
        ok(await bankApi.get<ConsentView>(`/v1/consents/${consentId}`));

        const context = await signedInContext(browser, network, 'bank', 'User1', ['submitter', 'auditor']);
        const page = await context.newPage();
        const errors = watchForErrors(page);
        await page.goto(`${appUrl(network, 'bank')}#/console/consents/${consentId}`);
        const standing = page.locator('[data-standing]');
        await standing.waitFor();
        expect(await standing.getAttribute('data-standing')).toBe('granted');
        expect(await page.locator('dl.facts').textContent()).toContain('CREDIT_INQUIRY');
        expect(await page.locator('dl.facts').textContent()).toContain('BankMSP');
        await page.getByText('尚未使用').waitFor();
        await expectAccessible(page);

        // Without the loan the form says what is missing and sends nothing.
        await page.getByRole('button', { name: '用于一次征信查询' }).click();
        await page.getByText('请检查：本次查询服务的贷款编号（假名）').waitFor();
        await page.getByLabel('本次查询服务的贷款编号（假名）').fill(loanRef);
        await page.getByRole('button', { name: '用于一次征信查询' }).click();
        await page.locator('tr[data-use="1"]').waitFor();
        // A one-time consent is used up after its use; the page shows what the API reports.
        const view = ok(await bankApi.get<ConsentView>(`/v1/consents/${consentId}`));
        expect(view.uses.map((u) => u.useNo)).toEqual([1]);
        expect(view.uses[0]).toMatchObject({ loanRef, dataScope: ['CREDIT_REPORT'] });
        expect(view.status).toBe('CONSUMED');
        await expect.poll(() => standing.getAttribute('data-standing')).toBe('usedUp');
        expect(await page.locator('tr[data-use="1"]').textContent()).toContain('BankMSP');
        await expectAccessible(page);
        await screenshots(page, 'consent');
        expect(errors).toEqual([]);
        await context.close();
    });

    it("lists the bank's partner admissions in force", async () => {
        const context = await signedInContext(browser, network, 'bank', 'User1', ['submitter', 'auditor']);
        const page = await context.newPage();
        const errors = watchForErrors(page);
        await page.goto(`${appUrl(network, 'bank')}#/console/partners`);
        const table = page.getByRole('table', { name: '本行准入的合作平台' });
        await table.waitFor();
        const api = ok(
            await bankApi.get<{ admissions: { admission: { platform: string; product: string } }[] }>('/v1/partners'),
        );
        const rows = await table
            .locator('tbody tr')
            .evaluateAll((trs) =>
                trs.map((tr) => (tr as unknown as { innerText: string }).innerText.split('\t').slice(0, 2).join(' ')),
            );
        expect(rows).toEqual(api.admissions.map(({ admission }) => `${admission.platform} ${admission.product}`));
        expect(rows).toContain('PlatformMSP CONSUMER_LOAN');
        await expectAccessible(page);
        await screenshots(page, 'partners');
        expect(errors).toEqual([]);
        await context.close();
    });
});
