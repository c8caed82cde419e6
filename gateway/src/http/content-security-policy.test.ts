import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/load-config.js';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { contentSecurityDirectives } from './content-security-policy.js';

type Web = Parameters<typeof contentSecurityDirectives>[0];

function webWith(oidc: Partial<Web['oidc']> = {}): Web {
    return {
        enabled: true,
        root: '',
        publicReader: '',
        publicRateLimitMax: 30,
        publicMaxInFlight: 8,
        oidc: { issuer: '', clientId: '', scope: 'openid', resource: '', connectOrigins: [], ...oidc },
    };
}

/** The header's directives as a map from name to its source list. */
function directivesOf(header: string | string[] | number | undefined): Map<string, string> {
    return new Map(
        String(header)
            .split(';')
            .map((part) => part.trim())
            .filter((part) => part !== '')
            .map((part) => {
                const [name = '', ...sources] = part.split(/\s+/);
                return [name, sources.join(' ')];
            }),
    );
}

describe('contentSecurityDirectives', () => {
    it('widens nothing without OIDC sign-in: everything comes from this gateway', () => {
        expect(contentSecurityDirectives(webWith())).toEqual({
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'", "'unsafe-inline'"],
            imgSrc: ["'self'", 'data:'],
        });
    });

    it("lets the pages reach the issuer's origin (not its path) and each configured origin, once each", () => {
        const directives = contentSecurityDirectives(
            webWith({
                issuer: 'https://id.bank.example:8443/realms/lending',
                clientId: 'lendledger-web',
                connectOrigins: ['https://tokens.bank.example', 'https://id.bank.example:8443'],
            }),
        );
        expect(directives.connectSrc).toEqual([
            "'self'",
            'https://id.bank.example:8443',
            'https://tokens.bank.example',
        ]);
        expect(directives.scriptSrc).toEqual(["'self'"]);
        expect(directives.defaultSrc).toEqual(["'self'"]);
    });
});

describe('Content-Security-Policy header', () => {
    const gateways: TestGateway[] = [];
    afterEach(async () => {
        for (const gateway of gateways.splice(0)) {
            await gateway.close();
        }
    });

    async function cspOf(settings: Record<string, unknown>): Promise<Map<string, string>> {
        const gateway = await startTestGateway(settings);
        gateways.push(gateway);
        const response = await gateway.app.inject({ method: 'GET', url: '/app/config.json' });
        expect(response.statusCode).toBe(200);
        return directivesOf(response.headers['content-security-policy']);
    }

    it('in development or without sign-in: no connect-src, so connections fall back to default-src self', async () => {
        const csp = await cspOf({});
        expect(csp.get('default-src')).toBe("'self'");
        expect(csp.has('connect-src')).toBe(false);
        expect(csp.get('script-src')).toBe("'self'");
        expect(csp.get('form-action')).toBe("'self'");
        expect(csp.get('frame-ancestors')).toBe("'self'");
    });

    it('with OIDC sign-in: connect-src allows the issuer origin and the configured origins, nothing else widens', async () => {
        const csp = await cspOf({
            web: {
                oidc: {
                    issuer: 'https://id.bank.example/realms/lending',
                    clientId: 'lendledger-web',
                    connectOrigins: ['https://keys.bank.example'],
                },
            },
        });
        expect(csp.get('connect-src')).toBe("'self' https://id.bank.example https://keys.bank.example");
        expect(csp.get('default-src')).toBe("'self'");
        expect(csp.get('script-src')).toBe("'self'");
        expect(csp.get('form-action')).toBe("'self'");
    });

    it('and /app/config.json tells the pages to sign in with OIDC, with the audience and resource', async () => {
        const gateway = await startTestGateway({
            web: {
                oidc: {
                    issuer: 'https://id.bank.example/realms/lending',
                    clientId: 'lendledger-web',
                    scope: 'openid profile',
                    resource: 'urn:lendledger:gateway',
                },
            },
        });
        gateways.push(gateway);
        const response = await gateway.app.inject({ method: 'GET', url: '/app/config.json' });
        expect(response.json().signIn).toEqual({
            mode: 'oidc',
            issuer: 'https://id.bank.example/realms/lending',
            clientId: 'lendledger-web',
            scope: 'openid profile',
            audience: 'lendledger-gateway',
            resource: 'urn:lendledger:gateway',
        });
    });

    it('refuses a connect origin that is not a bare origin, so nothing can be smuggled into the header', async () => {
        const notOrigins = fc.oneof(
            fc.constantFrom(
                '*',
                "'unsafe-inline'",
                'https://id.example/path',
                'https://id.example; script-src *',
                'https://id.example/',
                'ftp://id.example',
                'id.example',
            ),
            fc.webUrl({ withQueryParameters: true }).filter((url) => new URL(url).origin !== url),
        );
        await fc.assert(
            fc.asyncProperty(notOrigins, async (origin) => {
                const started = startTestGateway({
                    web: { oidc: { issuer: 'https://id.example', clientId: 'web', connectOrigins: [origin] } },
                });
                const error = await started.then(
                    async (gateway) => {
                        await gateway.close();
                        return undefined;
                    },
                    (caught: unknown) => caught,
                );
                expect(error).toBeInstanceOf(ConfigError);
                expect((error as ConfigError).problems.join('\n')).toContain('web.oidc.connectOrigins');
            }),
            { numRuns: 25 },
        );
    });

    /** Starts a gateway signing in with `issuer`: its CSP header's connect-src, or the start-up's ConfigError. */
    async function startWithIssuer(issuer: string): Promise<{ connectSrc?: string; error?: unknown }> {
        let gateway: TestGateway;
        try {
            gateway = await startTestGateway({ web: { oidc: { issuer, clientId: 'web' } } });
        } catch (error) {
            return { error };
        }
        try {
            for (const url of ['/app/config.json', '/public/v1/roots', '/v1/me']) {
                const response = await gateway.app.inject({ method: 'GET', url });
                expect(response.statusCode, url).toBeLessThan(500);
            }
            const response = await gateway.app.inject({ method: 'GET', url: '/app/config.json' });
            return { connectSrc: directivesOf(response.headers['content-security-policy']).get('connect-src') };
        } finally {
            await gateway.close();
        }
    }

    it('refuses at start-up an issuer that would break the header: quotes, ; , spaces, userinfo, query, odd schemes', async () => {
        for (const issuer of [
            'https://idp.example;sandbox',
            'https://a,b',
            "https://id.example'",
            'https://id.example/realm x',
            'https://user:pw@id.example',
            'https://id.example/?q=1',
            'https://id.example/#f',
            'javascript://id.example',
            'https://id..example',
            'https://id.example:99999',
            'https://[::1]',
        ]) {
            const { error } = await startWithIssuer(issuer);
            expect(error, issuer).toBeInstanceOf(ConfigError);
            expect((error as ConfigError).problems.join('\n'), issuer).toContain('web.oidc.issuer');
        }
    });

    it('serves a Content-Security-Policy helmet accepts, with the issuer origin, for any issuer it starts with', async () => {
        const candidates = fc.oneof(
            fc.webUrl({ validSchemes: ['http', 'https'] }),
            fc.webUrl({ validSchemes: ['https'], withQueryParameters: true, withFragments: true }),
            fc
                .tuple(fc.webUrl({ validSchemes: ['https'] }), fc.string({ maxLength: 6 }))
                .map(([url, tail]) => url + tail),
            fc.string({ maxLength: 30 }).map((tail) => `https://id.example${tail}`),
        );
        let started = 0;
        await fc.assert(
            fc.asyncProperty(candidates, async (issuer) => {
                const { connectSrc, error } = await startWithIssuer(issuer);
                if (error !== undefined) {
                    expect(error).toBeInstanceOf(ConfigError);
                    return;
                }
                started++;
                expect(connectSrc).toBe(`'self' ${new URL(issuer).origin}`);
            }),
            { numRuns: 30 },
        );
        // The property says something only if some issuers were accepted.
        expect(started).toBeGreaterThan(0);
    }, 120_000);
});
