import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { issueDevToken, loadOrCreateDevKey, type Role } from '@lendledger/gateway';
import { devIssuerKeyPath, devIssuerOf, GATEWAY_AUDIENCE, gatewayUrl } from '@lendledger/network/gateways.ts';
import { type LocalNetwork } from '@lendledger/network/local-network.ts';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { orgOf } from './test-network.ts';

type OrgKey = Parameters<typeof orgOf>[1];

/** Debian's `chromium` (scripts/test.sh installs it); Playwright's own browser download cannot work here. */
export const CHROMIUM_PATH = process.env.LENDLEDGER_CHROMIUM ?? '/usr/bin/chromium';

/** Where the browser suites leave their screenshots (a test artefact, never committed). */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '..', '..', '.data', 'test-artifacts', 'screenshots');

/** A laptop and a phone: every page is checked at both. */
export const VIEWPORTS = {
    laptop: { width: 1366, height: 860 },
    phone: { width: 390, height: 844 },
} as const;

/** Starts headless Chromium. Root needs --no-sandbox; /dev/shm is small in containers. */
export function launchBrowser(): Promise<Browser> {
    return chromium.launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    });
}

/** The web application's base URL at one organisation's gateway on the test network. */
export function appUrl(network: LocalNetwork, key: OrgKey): string {
    return `${gatewayUrl(orgOf(network, key))}/app/`;
}

/**
 * A browser context signed in as `user` of the organisation: the session the sign-in page stores is put in
 * sessionStorage before any page script runs, holding a token of the test instance's development issuer.
 */
export async function signedInContext(
    browser: Browser,
    network: LocalNetwork,
    key: OrgKey,
    user = 'User1',
    roles: readonly Role[] = ['submitter', 'auditor'],
    viewport: { width: number; height: number } = VIEWPORTS.laptop,
): Promise<BrowserContext> {
    const org = orgOf(network, key);
    const ttlSeconds = 3_600;
    const token = await issueDevToken(await loadOrCreateDevKey(devIssuerKeyPath(network.topology)), {
        issuer: devIssuerOf(network.topology),
        audience: GATEWAY_AUDIENCE,
        subject: user,
        org: org.key,
        roles,
        ttlSeconds,
    });
    const session = {
        token,
        subject: user,
        org: org.mspId,
        roles,
        expiresAt: Math.floor(Date.now() / 1000) + ttlSeconds,
        via: 'development',
    };
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    await context.addInitScript((value: string) => {
        sessionStorage.setItem('lendledger.session', value);
    }, JSON.stringify(session));
    return context;
}

/** Fails the test on any page error or console error, so a broken script cannot pass unnoticed. */
export function watchForErrors(page: Page): string[] {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
        if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) {
            errors.push(`console: ${message.text()}`);
        }
    });
    return errors;
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** A violation axe-core found, as the tests report it. */
export interface AxeFinding {
    readonly id: string;
    readonly impact: string | null;
    readonly help: string;
    readonly targets: readonly string[];
}

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the page as it is now and returns the serious and critical findings.
 * axe is evaluated through the DevTools protocol, so the page's own Content-Security-Policy stays in force.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeFinding[]> {
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate<AxeFinding[]>(`(async () => {
        const result = await axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        });
        return result.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            targets: v.nodes.map((n) => n.target.join(' ')),
        }));
    })()`);
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Expects axe-core to find no serious or critical violation on the page. */
export async function expectAccessible(page: Page): Promise<void> {
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

/** Saves a full-page screenshot as `<name>.png` in {@link SCREENSHOT_DIR} and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
}
