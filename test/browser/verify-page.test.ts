import { createHash, randomBytes } from 'node:crypto';
import { gatewayUrl } from '@lendledger/network/gateways.ts';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
    appUrl,
    expectAccessible,
    launchBrowser,
    saveScreenshot,
    VIEWPORTS,
    watchForErrors,
} from '../support/browser.ts';
import { fingerprintTreeRoot } from '@lendledger/domain/node';
import { consistencyToken, gatewayAs, ok, type GatewayClient } from '../support/gateway-client.ts';
import { identityVerification, loanRefOf, saltedFingerprint, TEST_PARTIES } from '../support/ledger-data.ts';
import { eventually, orgOf, testNetwork, uniqueCode, uniqueName } from '../support/test-network.ts';

const network = testNetwork();
const verifyUrl = `${appUrl(network, 'platform')}verify/`;
const publicBase = gatewayUrl(orgOf(network, 'platform'));

/** The registered document, its salt and fingerprint, the receipt the API answered, and the served roots. */
interface Registered {
    readonly document: Buffer;
    readonly salt: string;
    readonly fingerprint: string;
    readonly receipt: Record<string, unknown>;
    readonly rootsText: string;
    readonly rootsPin: string;
}

let browser: Browser;
let registered: Registered;

/** Registers a fresh salted document through the platform's API and waits for its receipt. */
async function register(platform: GatewayClient, label: string): Promise<Omit<Registered, 'rootsText' | 'rootsPin'>> {
    const document = Buffer.from(`${label} ${uniqueName('doc')}\n`);
    const salt = randomBytes(16);
    const fingerprint = `sha256:${createHash('sha256').update(salt).update(document).digest('hex')}`;
    ok(
        await platform.post('/v1/evidence', {
            fingerprint,
            salted: true,
            evidenceType: 'ID_CHECK_REPORT',
            stage: 'IDENTITY_VERIFICATION',
            loanRef: loanRefOf(uniqueName('verify-page-loan')),
            previous: null,
            parties: TEST_PARTIES,
        }),
    );
    const receipt = await eventually(async () => {
        const response = await platform.get<Record<string, unknown>>(`/v1/fingerprints/${fingerprint}/receipt`);
        return response.status === 200 ? response.body : undefined;
    }, `the receipt of ${label}`);
    return { document, salt: salt.toString('hex'), fingerprint, receipt };
}

let other: Omit<Registered, 'rootsText' | 'rootsPin'>;

beforeAll(async () => {
    browser = await launchBrowser();
    const platform = await gatewayAs(network, 'platform');
    const [mine, another] = [
        await register(platform, 'loan agreement for the verification page'),
        await register(platform, 'another registered document'),
    ];
    other = another;
    const roots = await fetch(`${publicBase}/public/v1/roots`);
    expect(roots.status).toBe(200);
    registered = {
        ...mine,
        rootsText: await roots.text(),
        rootsPin: roots.headers.get('roots-body-sha256') ?? '',
    };
    expect(registered.rootsPin).toMatch(/^[0-9a-f]{64}$/);
});

afterAll(async () => {
    await browser?.close();
});

async function openPage(viewport: { width: number; height: number } = VIEWPORTS.laptop): Promise<{
    context: BrowserContext;
    page: Page;
    errors: string[];
}> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await page.goto(verifyUrl, { waitUntil: 'networkidle' });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('存证核验');
    return { context, page, errors };
}

/** The verdict the page shows once a verification ended: verified or failed. */
async function verdictOf(page: Page): Promise<string | null> {
    // An error the page shows instead ends the wait at once, with its words, rather than after a timeout.
    await page.locator('[data-verdict], [data-error]').first().waitFor({ timeout: 60_000 });
    const error = page.locator('[data-error]');
    if ((await error.count()) > 0) {
        throw new Error(`the page shows an error instead of a verdict: ${await error.textContent()}`);
    }
    return page.locator('[data-verdict]').getAttribute('data-verdict');
}

/** Each check the page lists, by name, with the status it shows. */
async function checksOf(page: Page): Promise<Record<string, string>> {
    const rows = await page
        .locator('ol.checks > li')
        .evaluateAll((items) => items.map((li) => [li.getAttribute('data-check'), li.getAttribute('data-status')]));
    return Object.fromEntries(rows);
}

/** A file for the page's file inputs, straight from memory. */
const fileOf = (name: string, content: Buffer | string, mimeType = 'application/json') => ({
    name,
    mimeType,
    buffer: Buffer.isBuffer(content) ? content : Buffer.from(content),
});

describe('the public verification page', () => {
    it.each(Object.entries(VIEWPORTS))(
        'verifies a registered file with its salt, hashed and checked in the browser (%s)',
        async (name, viewport) => {
            const { context, page, errors } = await openPage(viewport);
            await expectAccessible(page);
            await page
                .locator('input[name=document]')
                .setInputFiles(fileOf('agreement.txt', registered.document, 'text/plain'));
            await page.locator('input[name=salt]').fill(registered.salt);
            await page.getByRole('button', { name: '核验' }).click();

            expect(await verdictOf(page)).toBe('verified');
            const checks = await checksOf(page);
            expect(checks).toMatchObject({
                'document-hash': 'pass',
                'creator-signature': 'pass',
                'endorsement-policy': 'pass',
                'validity-witness': 'pass',
                'certificate-chains': 'pass',
                'trusted-time': 'pass',
                summary: 'pass',
            });
            expect(Object.values(checks)).not.toContain('fail');
            const result = (await page.locator('.result').textContent()) ?? '';
            expect(result).toContain('核验通过');
            expect(result).toContain(registered.fingerprint);
            expect(result).toContain('PlatformMSP');
            // The roots used are named with their pin, the value a clerk compares with the published one.
            expect(await page.locator('.result .pin').textContent()).toBe(registered.rootsPin);
            // No published pin was entered: the verdict says plainly the roots are only this gateway's word.
            expect(await page.locator('[data-roots]').getAttribute('data-roots')).toBe('unpinned');
            expect(await page.locator('#verdict').textContent()).toBe('核验通过，但根证书未经公布指纹核对');
            expect(await page.locator('[data-roots]').textContent()).toContain('来自本网关，未与公布的指纹核对');
            // Nothing sticks out sideways: the page fits the phone's width as well as the laptop's.
            expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
                viewport.width,
            );
            await expectAccessible(page);
            await saveScreenshot(page, `verify-verified-${name}`);
            expect(errors).toEqual([]);
            await context.close();
        },
    );

    it('verifies a pasted fingerprint the same way, the document check then not applicable', async () => {
        const { context, page, errors } = await openPage();
        await page.locator('input[name=fingerprint]').fill(registered.fingerprint);
        await page.getByRole('button', { name: '核验' }).click();
        expect(await verdictOf(page)).toBe('verified');
        const checks = await checksOf(page);
        expect(checks).toMatchObject({ 'document-hash': 'skip', 'fingerprint-written': 'pass', summary: 'pass' });
        expect(Object.values(checks)).not.toContain('fail');
        const raw = page.locator('details pre');
        await page.getByText('查看原始回执（JSON）').click();
        expect(JSON.parse((await raw.textContent()) ?? '')).toMatchObject({ fingerprint: registered.fingerprint });
        expect(errors).toEqual([]);
        await context.close();
    });

    it('says in plain words, with its code, that an unknown fingerprint has no receipt here', async () => {
        const { context, page, errors } = await openPage();
        const unknown = `sha256:${randomBytes(32).toString('hex')}`;
        await page.locator('input[name=fingerprint]').fill(unknown);
        await page.getByRole('button', { name: '核验' }).click();
        const alert = page.locator('[data-error]');
        await alert.waitFor();
        expect(await alert.getAttribute('data-error')).toBe('PUBLIC_RECEIPT_NOT_FOUND');
        expect(await alert.textContent()).toContain('本网关查不到这个指纹的回执');
        await expectAccessible(page);
        await saveScreenshot(page, 'verify-not-found-laptop');
        expect(errors).toEqual([]);
        await context.close();
    });

    it('verifies a receipt file and roots file with the network blocked, and names the roots by their pin', async () => {
        const { context, page, errors } = await openPage();
        const requests: string[] = [];
        await context.route('**/*', async (route) => {
            requests.push(route.request().url());
            await route.abort();
        });
        await context.setOffline(true);
        await page
            .locator('input[name=offline]')
            .setInputFiles([
                fileOf('roots.json', registered.rootsText),
                fileOf('receipt.json', JSON.stringify(registered.receipt)),
            ]);
        expect(await verdictOf(page)).toBe('verified');
        expect(Object.values(await checksOf(page))).not.toContain('fail');
        expect(await page.locator('.result .pin').textContent()).toBe(registered.rootsPin);
        expect(await page.locator('#roots-used').locator('..').textContent()).toContain('来自您提供的文件');
        expect(requests).toEqual([]);
        await expectAccessible(page);
        expect(errors).toEqual([]);
        await context.close();
    });

    it.each([
        [
            'a field of its summary changed',
            (receipt: Record<string, unknown>) => {
                const summary = receipt.summary as Record<string, unknown>;
                return { ...receipt, summary: { ...summary, time: '2020-01-01T00:00:00.000Z' } };
            },
            'summary',
        ],
        [
            'one byte of its block changed',
            (receipt: Record<string, unknown>) => {
                const block = receipt.block as { number: number; bytes: string };
                const bytes = Buffer.from(block.bytes, 'base64');
                // A byte of the first transaction's signed payload, well inside the block.
                const at = Math.floor(bytes.length / 2);
                bytes.writeUInt8(bytes.readUInt8(at) ^ 0x01, at);
                return { ...receipt, block: { ...block, bytes: bytes.toString('base64') } };
            },
            undefined,
        ],
    ] as const)(
        'rejects, offline, a receipt downloaded from the API with %s, naming the failed check',
        async (_what, tamper, check) => {
            const { context, page, errors } = await openPage();
            await context.route('**/*', (route) => route.abort());
            await page
                .locator('input[name=offline]')
                .setInputFiles([
                    fileOf('roots.json', registered.rootsText),
                    fileOf('receipt.json', JSON.stringify(tamper(registered.receipt))),
                ]);
            expect(await verdictOf(page)).toBe('failed');
            const checks = await checksOf(page);
            const failed = Object.entries(checks)
                .filter(([, status]) => status === 'fail')
                .map(([name]) => name);
            expect(failed.length).toBeGreaterThan(0);
            if (check) {
                expect(failed).toContain(check);
            }
            const verdict = (await page.locator('[data-verdict]').textContent()) ?? '';
            expect(verdict).toContain('核验未通过');
            for (const name of failed) {
                expect(verdict).toContain(name);
            }
            await expectAccessible(page);
            if (check) {
                await saveScreenshot(page, 'verify-tampered-laptop');
            }
            expect(errors).toEqual([]);
            await context.close();
        },
    );
    it('fails a genuine receipt of another registered fingerprint served for the one typed, naming the check', async () => {
        const { context, page, errors } = await openPage();
        const genuineOther = await fetch(`${publicBase}/public/v1/fingerprints/${other.fingerprint}/receipt`);
        expect(genuineOther.status).toBe(200);
        const swapped = await genuineOther.text();
        // The gateway (or anything between) answers the look-up with another record's genuine receipt.
        await page.route(`**/public/v1/fingerprints/${encodeURIComponent(registered.fingerprint)}/receipt*`, (route) =>
            route.fulfill({ status: 200, contentType: 'application/json', body: swapped }),
        );
        await page.locator('input[name=publishedPin]').fill(registered.rootsPin);
        await page.locator('input[name=fingerprint]').fill(registered.fingerprint);
        await page.getByRole('button', { name: '核验' }).click();
        expect(await verdictOf(page)).toBe('failed');
        const checks = await checksOf(page);
        expect(checks['looked-up-fingerprint']).toBe('fail');
        // Every check of the verifier passes: the receipt is genuine, only not the one asked for.
        expect(
            Object.entries(checks).filter(([name, status]) => status === 'fail' && name !== 'looked-up-fingerprint'),
        ).toEqual([]);
        const verdict = (await page.locator('[data-verdict]').textContent()) ?? '';
        expect(verdict).toContain('核验未通过');
        expect(verdict).toContain('回执中的指纹正是您查询的指纹');
        expect(await page.locator('[data-mismatch]').textContent()).toContain(other.fingerprint);
        // None of the court's questions is answered for the record looked up.
        expect(await page.locator('.findings .badge.ok').count()).toBe(0);
        await expectAccessible(page);
        await saveScreenshot(page, 'verify-swapped-receipt-laptop');
        expect(errors).toEqual([]);
        await context.close();
    });

    it('says the roots are pinned when the published pin matches, and refuses them online and offline when it does not', async () => {
        const { context, page, errors } = await openPage();
        await page.locator('input[name=publishedPin]').fill(registered.rootsPin.toUpperCase());
        await page.locator('input[name=fingerprint]').fill(registered.fingerprint);
        await page.getByRole('button', { name: '核验' }).click();
        expect(await verdictOf(page)).toBe('verified');
        expect(await page.locator('[data-roots]').getAttribute('data-roots')).toBe('pinned');
        expect(await page.locator('#verdict').textContent()).toBe('核验通过（依据与公布指纹一致的根证书）');

        // A wrong pin typed now binds the roots already loaded, online ...
        const wrong = `${registered.rootsPin.slice(0, 63)}${registered.rootsPin.endsWith('0') ? '1' : '0'}`;
        await page.locator('input[name=publishedPin]').fill(wrong);
        await page.getByRole('button', { name: '核验' }).click();
        const alert = page.locator('[data-error]');
        await alert.waitFor();
        expect(await alert.getAttribute('data-error')).toBe('ROOTS_PIN_MISMATCH');
        expect(await alert.textContent()).toContain('根证书与您填写的公布指纹不一致');
        expect(await page.locator('[data-verdict]').count()).toBe(0);
        await saveScreenshot(page, 'verify-wrong-pin-laptop');

        // ... and offline, for a receipt dropped alone against the roots this page already holds.
        await context.route('**/*', (route) => route.abort());
        await page
            .locator('input[name=offline]')
            .setInputFiles([fileOf('receipt.json', JSON.stringify(registered.receipt))]);
        await expect.poll(() => page.locator('[data-error]').getAttribute('data-error')).toBe('ROOTS_PIN_MISMATCH');
        expect(await page.locator('[data-verdict]').count()).toBe(0);
        await expectAccessible(page);
        expect(errors).toEqual([]);
        await context.close();
    });

    it('refuses several receipts dropped at once and a malformed sealed batch root, each in plain words', async () => {
        const { context, page, errors } = await openPage();
        await context.route('**/*', (route) => route.abort());
        await page
            .locator('input[name=offline]')
            .setInputFiles([
                fileOf('roots.json', registered.rootsText),
                fileOf('one.json', JSON.stringify(registered.receipt)),
                fileOf('two.json', JSON.stringify(other.receipt)),
            ]);
        await expect.poll(() => page.locator('[data-error]').getAttribute('data-error')).toBe('SEVERAL_FILES');
        expect(await page.locator('[data-error]').textContent()).toContain('一次只能核验一份回执或一个案件包');
        expect(await page.locator('[data-verdict]').count()).toBe(0);

        await page.locator('input[name=fingerprint]').fill(registered.fingerprint);
        await page.getByText('封存批次根（可选）').first().click();
        await page.locator('input[name=sealedBatch]').fill('not-a-root');
        await page.getByRole('button', { name: '核验' }).click();
        await expect.poll(() => page.locator('[data-error]').getAttribute('data-error')).toBe('BAD_SEALED_BATCH');
        expect(await page.locator('[data-error]').textContent()).toContain('封存批次根应为 64 位十六进制');
        expect(errors).toEqual([]);
        await context.close();
    });

    it('verifies a case package fetched from the gateway, dropped with the browser offline and every request aborted', async () => {
        const platform = await gatewayAs(network, 'platform');
        const bank = await gatewayAs(network, 'bank');
        const notary = await gatewayAs(network, 'notary', 'User1');
        const loanRef = loanRefOf(uniqueName('verify-page-package'));
        const caseId = uniqueCode('VPK');
        const record = ok(
            await platform.post<{ result: { record: { id: string } } }>('/v1/evidence', identityVerification(loanRef)),
        );
        const batch = Array.from({ length: 4 }, (_, i) => saltedFingerprint(`${loanRef} statement ${i}`));
        ok(await bank.post('/v1/anchors', { fingerprints: batch }));
        const items = [record.result.record.id, ...batch.slice(1, 3)];
        ok(
            await bank.post('/v1/cases', {
                caseId,
                loanRef,
                court: 'CourtMSP',
                documentFingerprint: saltedFingerprint(`${caseId} statement of claim`),
                package: { fingerprints: items, root: fingerprintTreeRoot(items) },
            }),
        );
        const zip = await eventually(async () => {
            const token = consistencyToken();
            const response = await fetch(`${notary.baseUrl}/v1/cases/${caseId}/package`, {
                headers: {
                    authorization: notary.authorization,
                    ...(token === undefined ? {} : { 'ledger-min-block': token.toString() }),
                },
                signal: AbortSignal.timeout(120_000),
            });
            return response.status === 200 ? Buffer.from(await response.arrayBuffer()) : undefined;
        }, "the notary's peer to hold the case");

        const { context, page, errors } = await openPage(VIEWPORTS.phone);
        const requests: string[] = [];
        await context.route('**/*', async (route) => {
            requests.push(route.request().url());
            await route.abort();
        });
        await context.setOffline(true);
        await page.locator('input[name=publishedPin]').fill(registered.rootsPin);
        await page
            .locator('input[name=offline]')
            .setInputFiles([
                fileOf('roots.json', registered.rootsText),
                fileOf(`${caseId}.zip`, zip, 'application/zip'),
            ]);
        expect(await verdictOf(page)).toBe('verified');
        const checks = await checksOf(page);
        expect(checks).toMatchObject({ 'manifest-hashes': 'pass', 'trusted-roots': 'pass', receipts: 'pass' });
        expect(Object.values(checks)).not.toContain('fail');
        expect(await page.locator('.result').textContent()).toContain(caseId);
        expect(requests).toEqual([]);
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
            VIEWPORTS.phone.width,
        );
        await expectAccessible(page);
        await saveScreenshot(page, 'verify-package-offline-phone');
        expect(errors).toEqual([]);
        await context.close();
    });
});
