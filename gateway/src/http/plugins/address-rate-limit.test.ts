import fc from 'fast-check';
import { type LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';
import { AddressWindows } from './address-rate-limit.js';

describe('AddressWindows', () => {
    it('counts per address in a fixed window, and starts afresh once the window has passed', () => {
        const clock = { now: 0 };
        const windows = new AddressWindows({ max: 2, windowMs: 1_000, maxAddresses: 10, now: () => clock.now });
        expect([windows.hit('a'), windows.hit('a'), windows.hit('b')]).toEqual([0, 0, 0]);
        clock.now = 400;
        expect(windows.hit('a')).toBe(600);
        clock.now = 1_000;
        expect([windows.hit('a'), windows.hit('a'), windows.hit('a')]).toEqual([0, 0, 1_000]);
    });

    it('remembers at most maxAddresses windows, dropping the oldest, so a flood from many addresses cannot grow it', () => {
        const windows = new AddressWindows({ max: 1, windowMs: 1_000, maxAddresses: 3, now: () => 0 });
        for (let address = 0; address < 100; address++) {
            windows.hit(`10.0.0.${address}`);
        }
        expect(windows.size).toBe(3);
        expect(windows.hit('10.0.0.99')).toBeGreaterThan(0);
    });
});

describe('AddressWindows with IPv6 and IPv4 clients', () => {
    const group = fc.integer({ min: 0, max: 0xffff });
    const groups = fc.array(group, { minLength: 8, maxLength: 8 });
    /** One address written out in full or as Node and browsers compress it (`::`, no leading zeros). */
    const written = (address: number[], compressed: boolean): string => {
        const full = address.map((g) => g.toString(16).padStart(4, '0')).join(':');
        return compressed ? new URL(`http://[${full}]/`).hostname.slice(1, -1) : full;
    };
    const oneHitAllowed = (): AddressWindows =>
        new AddressWindows({ max: 1, windowMs: 1_000, maxAddresses: 100, now: () => 0 });

    it('counts any two addresses of one /64 in one window, however they are written', () => {
        fc.assert(
            fc.property(groups, groups, fc.boolean(), fc.boolean(), (a, b, compressA, compressB) => {
                const windows = oneHitAllowed();
                const sameNetwork = [...a.slice(0, 4), ...b.slice(4)];
                expect(windows.hit(written(a, compressA))).toBe(0);
                expect(windows.hit(written(sameNetwork, compressB))).toBeGreaterThan(0);
            }),
        );
    });

    it('gives addresses of different /64 networks windows of their own', () => {
        fc.assert(
            fc.property(groups, groups, fc.boolean(), (a, b, compressed) => {
                fc.pre(a.slice(0, 4).join() !== b.slice(0, 4).join());
                const windows = oneHitAllowed();
                expect(windows.hit(written(a, compressed))).toBe(0);
                expect(windows.hit(written(b, compressed))).toBe(0);
            }),
        );
    });

    it('keeps counting IPv4 and IPv4-mapped IPv6 clients per address', () => {
        fc.assert(
            fc.property(fc.uniqueArray(fc.ipV4(), { minLength: 2, maxLength: 2 }), fc.boolean(), ([a, b], mapped) => {
                const windows = oneHitAllowed();
                const form = (v4: string): string => (mapped ? `::ffff:${v4}` : v4);
                expect(windows.hit(form(a!))).toBe(0);
                expect(windows.hit(form(b!))).toBe(0);
                expect(windows.hit(form(a!))).toBeGreaterThan(0);
            }),
        );
    });
});

describe('the per-address rate limit of /v1', () => {
    const gateways: TestGateway[] = [];

    async function gatewayWith(limits: Record<string, unknown>): Promise<TestGateway> {
        const gateway = await startTestGateway({ limits: { maxEventLoopDelayMs: 0, ...limits } });
        gateways.push(gateway);
        return gateway;
    }

    afterEach(async () => {
        for (const gateway of gateways.splice(0)) {
            await gateway.close();
        }
    });

    function read(gateway: TestGateway, headers: Record<string, string>, remoteAddress = '192.0.2.1') {
        return gateway.app.inject({ method: 'GET', url: '/v1/probes/alive', headers, remoteAddress });
    }

    it('runs before authentication: a flood of bad tokens from one address gets 429 RATE_LIMITED with Retry-After', async () => {
        const gateway = await gatewayWith({ addressRateLimitMax: 3, readRateLimitMax: 0, writeRateLimitMax: 0 });
        const bad = { authorization: 'Bearer not-a-token' };
        const answers: LightMyRequestResponse[] = [];
        for (let attempt = 0; attempt < 4; attempt++) {
            answers.push(await read(gateway, bad));
        }
        const good = await read(gateway, await gateway.auth());
        const elsewhere = await read(gateway, await gateway.auth(), '192.0.2.2');

        expect(answers.map((answer) => answer.statusCode)).toEqual([401, 401, 401, 429]);
        const limited = answers[3]!;
        expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429, budget: 'address', limit: 3 });
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        expect(good.statusCode).toBe(429);
        expect(elsewhere.statusCode).toBe(200);
        expect(gateway.ledger.evaluated).toHaveLength(1);
    });

    it('leaves an address budget of 0 unlimited', async () => {
        const gateway = await gatewayWith({ addressRateLimitMax: 0 });
        const answers = await Promise.all(
            Array.from({ length: 5 }, () => read(gateway, { authorization: 'Bearer not-a-token' })),
        );
        expect(answers.map((answer) => answer.statusCode)).toEqual([401, 401, 401, 401, 401]);
    });
});
