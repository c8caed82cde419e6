import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { type LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { DEV_TOKEN_ADDRESS_MAX } from './app-routes.js';

const SECRET = 'DATABASE_PASSWORD=hunter2';

describe('the web application routes', () => {
    const cleanups: (() => Promise<void>)[] = [];

    afterEach(async () => {
        for (const cleanup of cleanups.splice(0)) {
            await cleanup();
        }
    });

    /** A web.root with pages, a hashed asset, a nested file and the dotfiles a careless deploy leaves behind. */
    async function webRoot(): Promise<string> {
        const root = await mkdtemp(join(tmpdir(), 'web-root-'));
        cleanups.push(() => rm(root, { recursive: true, force: true }));
        await mkdir(join(root, 'assets'));
        await mkdir(join(root, 'nested', 'deeper'), { recursive: true });
        await mkdir(join(root, '.git'));
        await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
        await writeFile(join(root, 'assets', 'main-Bx7q2.js'), 'console.log(1)');
        await writeFile(join(root, 'nested', 'deeper', 'notes.txt'), 'nested');
        await writeFile(join(root, '.env'), SECRET);
        await writeFile(join(root, 'nested', '.env'), SECRET);
        await writeFile(join(root, '.git', 'config'), SECRET);
        return root;
    }

    async function gatewayWith(settings: Record<string, unknown>): Promise<TestGateway> {
        const gateway = await startTestGateway(settings);
        cleanups.push(() => gateway.close());
        return gateway;
    }

    it('never serves a dotfile of web.root, at the top or nested, and gives no hint of its content', async () => {
        const gateway = await gatewayWith({ web: { root: await webRoot() } });
        for (const url of ['/app/.env', '/app/nested/.env', '/app/.git/config', '/app/%2Eenv', '/app/nested/../.env']) {
            const answer = await gateway.app.inject({ method: 'GET', url });
            expect(answer.statusCode, url).toBeGreaterThanOrEqual(400);
            expect(answer.statusCode, url).toBeLessThan(500);
            expect(answer.body, url).not.toContain('hunter2');
        }
        for (const url of ['/app/.env', '/app/..%2f..%2fpackage.json', '/app/%2e%2e/%2e%2e/package.json', '/app/%00']) {
            const answer = await gateway.app.inject({ method: 'GET', url });
            expect([url, answer.statusCode, answer.json().code]).toEqual([url, 404, 'ROUTE_NOT_FOUND']);
        }
    });

    it('caches only the hashed files under /app/assets/ as immutable; pages and other files revalidate', async () => {
        const gateway = await gatewayWith({ web: { root: await webRoot() } });
        const cacheOf = async (url: string): Promise<[number, unknown]> => {
            const answer = await gateway.app.inject({ method: 'GET', url });
            return [answer.statusCode, answer.headers['cache-control']];
        };
        expect(await cacheOf('/app/assets/main-Bx7q2.js')).toEqual([200, 'public, max-age=31536000, immutable']);
        expect(await cacheOf('/app/nested/deeper/notes.txt')).toEqual([200, 'no-cache']);
        expect(await cacheOf('/app/index.html')).toEqual([200, 'no-cache']);
        expect(await cacheOf('/app/')).toEqual([200, 'no-cache']);
    });

    it('gives POST /dev/token a small budget per address of its own: then 429 RATE_LIMITED, budget devToken', async () => {
        const gateway = await gatewayWith({
            mode: 'development',
            devIssuer: { enabled: true },
            limits: { maxEventLoopDelayMs: 0 },
        });
        const ask = (remoteAddress: string): Promise<LightMyRequestResponse> =>
            gateway.app.inject({
                method: 'POST',
                url: '/dev/token',
                remoteAddress,
                payload: { subject: 'User1', roles: ['auditor'] },
            });
        const statuses: number[] = [];
        for (let i = 0; i <= DEV_TOKEN_ADDRESS_MAX; i++) {
            statuses.push((await ask('192.0.2.9')).statusCode);
        }
        expect(statuses).toEqual([...Array<number>(DEV_TOKEN_ADDRESS_MAX).fill(200), 429]);
        const refused = await ask('192.0.2.9');
        expect(refused.json()).toMatchObject({
            code: 'RATE_LIMITED',
            budget: 'devToken',
            limit: DEV_TOKEN_ADDRESS_MAX,
        });
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        expect((await ask('192.0.2.10')).statusCode).toBe(200);
    });

    it('answers 404 APP_NOT_BUILT, naming the command that builds it, for every page when web.root holds no build', async () => {
        const empty = await mkdtemp(join(tmpdir(), 'web-root-empty-'));
        cleanups.push(() => rm(empty, { recursive: true, force: true }));
        const gateway = await gatewayWith({ web: { root: empty } });
        for (const url of ['/app/', '/app/verify/', '/app/assets/x.js']) {
            const answer = await gateway.app.inject({ method: 'GET', url });
            expect([url, answer.statusCode, answer.json()]).toMatchObject([
                url,
                404,
                { code: 'APP_NOT_BUILT', detail: expect.stringContaining('npm run build') },
            ]);
        }
    });

    it('tells the pages the organisation, its consortium roles and how to sign in, never caching it', async () => {
        const gateway = await gatewayWith({
            mode: 'development',
            devIssuer: { enabled: true },
            roles: ['bank'],
            web: { publicReader: 'User1' },
        });
        const answer = await gateway.app.inject({ method: 'GET', url: '/app/config.json' });
        expect(answer.headers['cache-control']).toBe('no-store');
        expect(answer.json()).toMatchObject({
            memberRoles: ['bank'],
            signIn: { mode: 'development', subjects: expect.arrayContaining(['User1']) },
            publicLookup: true,
        });
        const production = await gatewayWith({});
        expect((await production.app.inject({ method: 'GET', url: '/app/config.json' })).json()).toMatchObject({
            signIn: { mode: 'none' },
            publicLookup: false,
        });
        expect((await production.app.inject({ method: 'POST', url: '/dev/token', payload: {} })).statusCode).toBe(404);
    });

    it('answers any body sent to POST /dev/token with a token or a 4xx problem, never a server error', async () => {
        const gateway = await gatewayWith({
            mode: 'development',
            devIssuer: { enabled: true },
            limits: { maxEventLoopDelayMs: 0 },
        });
        const subjects = fc.oneof(fc.constantFrom('User1', 'Admin', 'Mallory', '', '../User1'), fc.string());
        const roles = fc.oneof(
            fc.array(fc.constantFrom('submitter', 'auditor', 'admin', 'root', ''), { maxLength: 5 }),
            fc.anything(),
        );
        const bodies = fc.oneof(
            fc.record({ subject: subjects, roles }, { requiredKeys: [] }),
            fc.record({ subject: subjects, roles, org: fc.string() }),
            fc.jsonValue(),
        );
        let address = 0;
        await fc.assert(
            fc.asyncProperty(bodies, async (body) => {
                address += 1;
                const answer = await gateway.app.inject({
                    method: 'POST',
                    url: '/dev/token',
                    // A fresh address per request: the property is about the body, not the budget.
                    remoteAddress: `198.51.${Math.floor(address / 250) % 250}.${address % 250}`,
                    headers: { 'content-type': 'application/json' },
                    payload: JSON.stringify(body),
                });
                expect(answer.statusCode === 200 || (answer.statusCode >= 400 && answer.statusCode < 500)).toBe(true);
                if (answer.statusCode !== 200) {
                    expect(answer.headers['content-type']).toContain('application/problem+json');
                }
            }),
            { numRuns: 200 },
        );
    });
});
