import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayUrl } from '@lendledger/network/gateways.ts';
import {
    appUrl,
    expectAccessible,
    launchBrowser,
    saveScreenshot,
    signedInContext,
    VIEWPORTS,
    watchForErrors,
} from '../support/browser.ts';
import { orgOf, testNetwork } from '../support/test-network.ts';

const network = testNetwork();
let browser: Browser;

beforeAll(async () => {
    browser = await launchBrowser();
});

afterAll(async () => {
    await browser?.close();
});

/** Where focus is and what the document is called, read in the page (the tests have no DOM types of their own). */
async function focusState(
    page: Page,
): Promise<{ tag?: string; id?: string; cls?: string; title: string; hash: string; history: number }> {
    return page.evaluate(() => {
        const w = globalThis as unknown as {
            document: { activeElement: { tagName: string; id: string; className: string } | null; title: string };
            location: { hash: string };
            history: { length: number };
        };
        const active = w.document.activeElement;
        return {
            tag: active?.tagName,
            id: active?.id,
            cls: active?.className,
            title: w.document.title,
            hash: w.location.hash,
            history: w.history.length,
        };
    });
}

describe('the web application every gateway serves', () => {
    it('answers its configuration: the organisation, its consortium roles and development sign-in', async () => {
        const response = await fetch(`${gatewayUrl(orgOf(network, 'bank'))}/app/config.json`);
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({
            mspId: 'BankMSP',
            memberRoles: ['bank'],
            signIn: { mode: 'development', subjects: expect.arrayContaining(['User1', 'Admin']) },
            publicLookup: true,
        });
    });

    it.each(Object.entries(VIEWPORTS))(
        'signs a user in through the development issuer (%s)',
        async (name, viewport) => {
            const context = await browser.newContext({ viewport, locale: 'zh-CN' });
            const page = await context.newPage();
            const errors = watchForErrors(page);
            await page.goto(appUrl(network, 'bank'));
            await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('登录 BankMSP');
            await expectAccessible(page);
            await saveScreenshot(page, `sign-in-${name}`);
            await page.getByRole('button', { name: '登录' }).click();
            await expect.poll(() => page.getByRole('navigation').textContent()).toContain('案件台');
            expect(await page.evaluate(() => sessionStorage.getItem('lendledger.session'))).toContain(
                '"subject":"User1"',
            );
            expect(errors).toEqual([]);
            await context.close();
        },
    );

    it('keeps the route on the skip link, moves focus to the new title on navigation and names the document', async () => {
        const context = await signedInContext(browser, network, 'bank');
        const page = await context.newPage();
        const errors = watchForErrors(page);
        await page.goto(`${appUrl(network, 'bank')}#/cases`);
        const title = page.getByRole('heading', { level: 1 });
        await expect.poll(() => title.textContent()).toBe('案件台');
        await expect.poll(() => page.title()).toBe('案件台 · LendLedger');
        const nav = page.getByRole('navigation', { name: '主导航' });
        expect(await nav.count()).toBe(1);

        // The skip link is the first stop of the keyboard; following it focuses <main> and is not a route.
        // Were #main a route, the shell would go there and back: two more history entries.
        await page.keyboard.press('Tab');
        const before = await focusState(page);
        expect(before.cls).toBe('skip-link');
        await page.keyboard.press('Enter');
        expect(await focusState(page)).toMatchObject({ hash: '#/cases', id: 'main', history: before.history });
        expect(await title.textContent()).toBe('案件台');

        await nav.getByRole('link', { name: '成员控制台' }).click();
        await expect.poll(() => title.textContent()).toContain('成员控制台');
        const h1 = (await title.textContent()) ?? '';
        await expect.poll(() => focusState(page)).toMatchObject({ tag: 'H1', title: `${h1} · LendLedger` });
        expect(errors).toEqual([]);
        await context.close();
    });

    it('shows a page, not a blank screen, for an address with a malformed percent-encoding', async () => {
        const context = await signedInContext(browser, network, 'bank');
        const page = await context.newPage();
        const errors = watchForErrors(page);
        await page.goto(`${appUrl(network, 'bank')}#/cases/%E0`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        expect(await page.getByRole('navigation', { name: '主导航' }).count()).toBe(1);
        expect(errors).toEqual([]);
        await context.close();
    });

    it('refuses a development token for a subject the gateway has no identity of, with a coded 400', async () => {
        const response = await fetch(`${gatewayUrl(orgOf(network, 'bank'))}/dev/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ subject: 'Mallory', roles: ['admin'] }),
        });
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    });
});
