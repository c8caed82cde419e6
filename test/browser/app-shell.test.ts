import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayUrl } from '@lendledger/network/gateways.ts';
import {
    appUrl,
    expectAccessible,
    launchBrowser,
    saveScreenshot,
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
