import { GATEWAY_AUDIENCE } from '@lendledger/network/gateways.ts';
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
import { freePort, startProductionGateway, type ExtraGateway } from '../support/production-gateway.ts';
import { testNetwork } from '../support/test-network.ts';
import {
    GATEWAY_RESOURCE,
    GATEWAY_SCOPE,
    startOidcProvider,
    WEB_CLIENT_ID,
    type TestOidcProvider,
} from '../support/test-oidc-provider.ts';

/**
 * Production sign-in end to end: a real OpenID provider (panva's oidc-provider) on loopback, one extra bank gateway
 * in production mode (no development issuer) against the test network's real peer, trusting only that provider,
 * and the web application in Chromium signing in with the authorization code flow and PKCE.
 */
describe('OIDC sign-in against a production gateway', () => {
    const network = testNetwork();
    let provider: TestOidcProvider;
    let gateway: ExtraGateway;
    let browser: Browser;
    let app: string;

    beforeAll(async () => {
        const port = await freePort();
        app = `http://127.0.0.1:${port}/app/`;
        provider = await startOidcProvider({
            appUrl: app,
            audience: GATEWAY_AUDIENCE,
            org: 'bank',
            roles: ['submitter', 'auditor'],
        });
        gateway = await startProductionGateway(network, 'bank', port, {
            auth: { issuer: provider.issuer, audience: GATEWAY_AUDIENCE, jwksUrl: provider.jwksUrl },
            web: {
                publicReader: 'User1',
                oidc: {
                    issuer: provider.issuer,
                    clientId: WEB_CLIENT_ID,
                    scope: `openid profile ${GATEWAY_SCOPE}`,
                    resource: GATEWAY_RESOURCE,
                },
            },
        });
        browser = await launchBrowser();
    }, 180_000);

    afterAll(async () => {
        await browser?.close();
        await gateway?.stop();
        await provider?.close();
    });

    /**
     * A context whose requests off this machine are answered empty: the provider's development pages link web fonts
     * on the internet, which this machine cannot reach (and whose failures would be console errors).
     */
    async function localContext(viewport: { width: number; height: number }): Promise<BrowserContext> {
        const context = await browser.newContext({ viewport, locale: 'zh-CN' });
        await context.route(
            (url) => url.hostname !== '127.0.0.1',
            (route) => route.fulfill({ status: 204 }),
        );
        return context;
    }

    /** Logs in at the provider's development pages (any password) and agrees to the consent, if asked. */
    async function logInAtProvider(page: Page, user: string, screenshot?: string): Promise<void> {
        await page.waitForURL((url) => url.href.startsWith(`${provider.issuer}/interaction/`));
        await page.locator('input[name="login"]').fill(user);
        await page.locator('input[name="password"]').fill('any password');
        if (screenshot) {
            await saveScreenshot(page, screenshot);
        }
        await page.getByRole('button', { name: 'Sign-in' }).click();
        await page.waitForURL((url) => url.href.startsWith(app) || url.pathname.startsWith('/interaction/'));
        if (!page.url().startsWith(app)) {
            await page.getByRole('button', { name: 'Continue' }).click();
        }
        await page.waitForURL((url) => url.href.startsWith(app));
    }

    it('runs in production mode: the pages are told to use OIDC, the CSP lets them reach the issuer, no development issuer', async () => {
        const config = await fetch(`${gateway.url}/app/config.json`);
        expect(await config.json()).toMatchObject({
            org: 'bank',
            signIn: {
                mode: 'oidc',
                issuer: provider.issuer,
                clientId: WEB_CLIENT_ID,
                audience: GATEWAY_AUDIENCE,
                resource: GATEWAY_RESOURCE,
            },
        });
        const page = await fetch(`${gateway.url}/app/`);
        expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${provider.issuer}`);
        const devToken = await fetch(`${gateway.url}/dev/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ subject: 'User1', roles: ['admin'] }),
        });
        expect(devToken.status).toBe(404);
        expect((await fetch(`${gateway.url}/v1/me`)).status).toBe(401);
    });

    it('signs in through the provider and calls the API with the access token the gateway verifies', async () => {
        const context = await localContext(VIEWPORTS.laptop);
        const page = await context.newPage();
        const errors = watchForErrors(page);
        await page.goto(`${app}#/cases`);

        await logInAtProvider(page, 'User1', 'signin-provider-login');

        await expect.poll(() => page.getByRole('navigation').textContent(), { timeout: 30_000 }).toContain('案件台');
        expect(await page.getByRole('navigation').textContent()).toContain('成员控制台');
        expect(page.url()).not.toMatch(/[?&](code|state|iss)=/);
        expect(new URL(page.url()).hash).toMatch(/^#\/cases/);
        const session = JSON.parse((await page.evaluate(() => sessionStorage.getItem('lendledger.session'))) ?? '{}');
        expect(session).toMatchObject({ subject: 'User1', org: 'BankMSP', via: 'oidc' });
        expect(session.roles).toEqual(['submitter', 'auditor']);
        expect(await page.evaluate(() => sessionStorage.getItem('lendledger.oidc.pending'))).toBeNull();

        // The page's own API call with its session, and the same token from outside: the gateway verified it.
        const me = await page.evaluate(async (token: string) => {
            const response = await fetch('/v1/me', { headers: { authorization: `Bearer ${token}` } });
            return { status: response.status, body: await response.json() };
        }, session.token);
        expect(me).toEqual({
            status: 200,
            body: { subject: 'User1', org: 'bank', mspId: 'BankMSP', roles: ['submitter', 'auditor'] },
        });
        const claims = JSON.parse(Buffer.from(session.token.split('.')[1], 'base64url').toString('utf8'));
        expect(claims).toMatchObject({ iss: provider.issuer, aud: GATEWAY_AUDIENCE, sub: 'User1', org: 'bank' });
        await saveScreenshot(page, 'signin-signed-in');

        // Signing out offers RP-initiated logout; after it the provider asks for a login again.
        await page.getByRole('button', { name: '退出' }).click();
        await expect.poll(() => page.getByRole('status').first().textContent()).toContain('您已退出');
        const logout = page.getByRole('link', { name: '同时退出身份提供方' });
        await logout.waitFor();
        await expectAccessible(page);
        await saveScreenshot(page, 'signin-signed-out');
        await logout.click();
        await page.waitForURL((url) => url.href.startsWith(`${provider.issuer}/session/end`));
        await page.getByRole('button', { name: /Yes, sign me out/ }).click();
        await page.waitForURL((url) => url.href.startsWith(`${provider.issuer}/interaction/`));
        await page.locator('input[name="login"]').waitFor();
        expect(await page.evaluate(() => sessionStorage.getItem('lendledger.session'))).toBeNull();

        expect(errors).toEqual([]);
        await context.close();
    });

    it('refuses a callback whose state was tampered with, in plain words, and signs nobody in', async () => {
        const context = await localContext(VIEWPORTS.phone);
        const page = await context.newPage();
        const errors = watchForErrors(page);
        let tampered = '';
        // Playwright routes no request of a redirect chain, so the provider's redirect back cannot be rewritten;
        // the state is changed on the way out instead, and the provider echoes it back in the callback.
        await context.route(
            (url) => url.href.startsWith(`${provider.issuer}/auth?`) && url.searchParams.has('state'),
            async (route) => {
                const url = new URL(route.request().url());
                url.searchParams.set('state', 'tampered-state');
                tampered = url.href;
                await route.continue({ url: url.href });
            },
        );
        await page.goto(app);
        await logInAtProvider(page, 'User1');

        const alert = page.getByRole('alert');
        await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain('不属于在本标签页中发起的登录');
        expect(tampered).toContain('state=tampered-state');
        expect(page.url()).not.toMatch(/[?&](code|state)=/);
        expect(await page.evaluate(() => sessionStorage.getItem('lendledger.session'))).toBeNull();
        await page.getByText('技术详情').click();
        expect(await page.locator('details code').textContent()).toContain('"state"');
        await expectAccessible(page);
        await saveScreenshot(page, 'signin-refused-phone');

        // The same words in English once the language is switched.
        await page.getByLabel('语言').selectOption('en');
        await expect.poll(() => alert.textContent()).toContain('does not belong to a sign-in started in this tab');
        expect(errors).toEqual([]);
        await context.close();
    });

    it('the development picker (the network’s own bank gateway) explains itself and asks for a role', async () => {
        const context = await browser.newContext({ viewport: VIEWPORTS.phone, locale: 'zh-CN' });
        const page = await context.newPage();
        const errors = watchForErrors(page);
        await page.goto(appUrl(network, 'bank'));
        await expect.poll(() => page.getByRole('note').textContent()).toContain('开发模式');
        for (const role of ['提交者', '审计者']) {
            await page.getByRole('checkbox', { name: new RegExp(role) }).uncheck();
        }
        await page.getByRole('button', { name: '登录' }).click();
        await expect.poll(() => page.getByRole('alert').textContent()).toContain('请至少选择一个角色');
        await expectAccessible(page);
        await saveScreenshot(page, 'signin-dev-phone');
        await page.getByRole('checkbox', { name: /审计者/ }).check();
        await page.getByRole('button', { name: '登录' }).click();
        await expect.poll(() => page.getByRole('navigation').textContent(), { timeout: 30_000 }).toContain('案件台');
        expect(errors).toEqual([]);
        await context.close();
    });
});
