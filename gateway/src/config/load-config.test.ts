import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, configFileOf, loadConfig } from './load-config.js';
import { SETTINGS, envNameOf } from './settings.js';

let dir: string;

beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'load-config-'));
});

afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
});

/** The smallest file a production gateway starts from. */
function minimalSettings(): Record<string, unknown> {
    return {
        org: 'bank',
        mspId: 'BankMSP',
        peer: { endpoint: 'peer0.bank.example.com:7051', tlsRootCertPath: 'tls/ca.pem' },
        identities: { User1: { certPath: 'users/u1/cert.pem', keyPath: 'users/u1/key.pem' } },
        auth: { issuer: 'https://idp.example.com/', jwksUrl: 'https://idp.example.com/.well-known/jwks.json' },
    };
}

let fileCount = 0;

async function configFile(settings: Record<string, unknown>): Promise<string> {
    fileCount += 1;
    const file = join(dir, `gateway-${fileCount}.json`);
    await writeFile(file, JSON.stringify(settings));
    return file;
}

/** The problems loadConfig reports for the settings, or a failure when it accepts them. */
async function problemsOf(
    settings: Record<string, unknown>,
    env: Record<string, string> = {},
): Promise<readonly string[]> {
    const file = await configFile(settings);
    try {
        loadConfig({ file, env, cwd: dir });
    } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems;
    }
    throw new Error('expected a ConfigError');
}

/** A copy of the settings without the setting at the dotted path. */
function without(settings: Record<string, unknown>, key: string): Record<string, unknown> {
    const [head = '', ...rest] = key.split('.');
    const entries = Object.entries(settings).filter(([name]) => rest.length > 0 || name !== head);
    return Object.fromEntries(
        entries.map(([name, value]) =>
            rest.length > 0 && name === head
                ? [name, without(value as Record<string, unknown>, rest.join('.'))]
                : [name, value],
        ),
    );
}

const REQUIRED = Object.entries(SETTINGS)
    .filter(([, spec]) => !('default' in spec) || spec.default === undefined)
    .map(([key]) => key);

describe('loadConfig', () => {
    it('loads a minimal file and applies every default', async () => {
        const file = await configFile(minimalSettings());
        const config = loadConfig({ file, env: {}, cwd: '/srv/gateway' });
        expect(config).toMatchObject({
            org: 'bank',
            mspId: 'BankMSP',
            mode: 'production',
            channel: 'lending',
            chaincode: 'lendledger',
            peer: {
                endpoint: 'peer0.bank.example.com:7051',
                tlsRootCertPath: join(dir, 'tls/ca.pem'),
                hostAlias: '',
                keepaliveMs: 120_000,
            },
            listen: { host: '127.0.0.1', port: 8080 },
            auth: {
                issuer: 'https://idp.example.com/',
                audience: 'lendledger-gateway',
                algorithms: ['ES256', 'EdDSA'],
                jwksPath: '',
                orgClaim: 'org',
                rolesClaim: 'roles',
                clockToleranceSeconds: 30,
            },
            devIssuer: { enabled: false, tokenTtlSeconds: 3_600 },
            retry: { conflictAttempts: 5, submitAttempts: 3, backoffMs: 100, maxBackoffMs: 2_000 },
            idempotency: { ttlHours: 24, fsync: true },
            log: { level: 'info' },
            http: { trustProxy: false },
            notary: {
                rootsPath: '',
                signingIdentity: '',
                maxFingerprints: 500,
                reportFontPath: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
                renderTimeoutMs: 120_000,
                renderQueueLimit: 4,
            },
        });
    });

    it('derives dataDir from the org and the dev issuer key from dataDir', async () => {
        const file = await configFile(minimalSettings());
        const config = loadConfig({ file, env: {}, cwd: '/srv/gateway' });
        expect(config.dataDir).toBe('/srv/gateway/.data/gateway/bank');
        expect(config.devIssuer.keyPath).toBe('/srv/gateway/.data/gateway/bank/dev-issuer/signing-key.json');
    });

    it('gives each load its own copy of list defaults', async () => {
        const file = await configFile(minimalSettings());
        const first = loadConfig({ file, env: {}, cwd: dir });
        (first.auth.algorithms as string[]).push('RS256');
        expect(loadConfig({ file, env: {}, cwd: dir }).auth.algorithms).toEqual(['ES256', 'EdDSA']);
    });

    it.each(REQUIRED)('names the missing required setting %s with its environment variable', async (key) => {
        const problems = await problemsOf(without(minimalSettings(), key));
        expect(problems).toEqual([`${key} (${envNameOf(key)}): is required`]);
    });

    it('requires exactly org, mspId, peer.endpoint, peer.tlsRootCertPath, identities and auth.issuer', () => {
        expect(REQUIRED).toEqual([
            'org',
            'mspId',
            'peer.endpoint',
            'peer.tlsRootCertPath',
            'identities',
            'auth.issuer',
        ]);
    });

    it.each([
        ['listen.port', { listen: { port: 70_000 } }, 'expected an integer from 0 to 65535, got 70000'],
        ['listen.port', { listen: { port: 80.5 } }, 'expected an integer from 0 to 65535'],
        ['listen.port', { listen: { port: 'eighty' } }, 'expected an integer from 0 to 65535, got "eighty"'],
        ['listen.port', { listen: { port: '' } }, 'expected an integer from 0 to 65535, got ""'],
        ['listen.port', { listen: { port: '8e3' } }, 'expected an integer from 0 to 65535, got "8e3"'],
        ['peer.keepaliveMs', { peer: { keepaliveMs: 1_000 } }, 'expected an integer from 60000 to 3600000'],
        ['mode', { mode: 'staging' }, 'expected one of production, development, got "staging"'],
        ['log.level', { log: { level: 'verbose' } }, 'expected one of fatal, error, warn'],
        ['peer.endpoint', { peer: { endpoint: 'peer0.bank.example.com' } }, 'does not match'],
        ['peer.endpoint', { peer: { endpoint: 'grpcs://peer0:7051' } }, 'does not match'],
        ['http.trustProxy', { http: { trustProxy: 'maybe' } }, 'expected true or false, got "maybe"'],
        ['auth.algorithms', { auth: { algorithms: ['ES256', 'HS256', 'none'] } }, 'unsupported value(s) HS256, none'],
        ['channel', { channel: '' }, 'must not be empty'],
        ['org', { org: { name: 'bank' } }, 'expected a string, got an object'],
        ['identities', { identities: {} }, 'at least one identity is required'],
        ['identities', { identities: ['User1'] }, 'expected an object'],
        ['identities', { identities: { 'bad subject': { certPath: 'c', keyPath: 'k' } } }, 'subject "bad subject"'],
        ['identities', { identities: { User1: { certPath: 'c' } } }, 'identity "User1" needs a string keyPath'],
    ])('names %s when its value is invalid (%j)', async (key, override, message) => {
        const settings =
            key === 'identities' ? { ...minimalSettings(), ...override } : deepMerge(minimalSettings(), override);
        const problems = await problemsOf(settings);
        expect(problems).toHaveLength(1);
        expect(problems[0]).toContain(`${key} (${envNameOf(key)}): `);
        expect(problems[0]).toContain(message);
    });

    it('names an unknown key of the file by its dotted path', async () => {
        const settings = deepMerge(minimalSettings(), { peer: { tlsRootCert: 'x.pem' }, listenPort: 8080 });
        const problems = await problemsOf(settings);
        expect(problems).toEqual([
            'peer.tlsRootCert: unknown setting in the configuration file',
            'listenPort: unknown setting in the configuration file',
        ]);
    });

    it('ignores $schema and $comment in the file', async () => {
        const file = await configFile({ $schema: './schema.json', $comment: 'bank', ...minimalSettings() });
        expect(loadConfig({ file, env: {}, cwd: dir }).org).toBe('bank');
    });

    it('reports every problem at once', async () => {
        const settings = deepMerge(without(minimalSettings(), 'org'), { mode: 'test', listen: { port: -1 }, extra: 1 });
        const problems = await problemsOf(settings);
        expect(problems).toEqual([
            'extra: unknown setting in the configuration file',
            'org (GATEWAY_ORG): is required',
            'mode (GATEWAY_MODE): expected one of production, development, got "test"',
            'listen.port (GATEWAY_LISTEN_PORT): expected an integer from 0 to 65535, got -1',
        ]);
    });

    it('lists the problems in the error message, one a line', async () => {
        const file = await configFile(without(without(minimalSettings(), 'org'), 'mspId'));
        expect(() => loadConfig({ file, env: {}, cwd: dir })).toThrow(
            'invalid gateway configuration:\n  - org (GATEWAY_ORG): is required\n  - mspId (GATEWAY_MSP_ID): is required',
        );
    });

    it('names the file and GATEWAY_CONFIG when the file is missing', () => {
        expect(() => loadConfig({ file: join(dir, 'absent.json'), env: {} })).toThrow(
            /configuration file .*absent\.json \(GATEWAY_CONFIG\): ENOENT/,
        );
    });

    it('refuses a file that is not a JSON object', async () => {
        const broken = join(dir, 'broken.json');
        await writeFile(broken, '{ "org": ');
        expect(() => loadConfig({ file: broken, env: {} })).toThrow(/broken\.json: not valid JSON/);
        const array = join(dir, 'array.json');
        await writeFile(array, '[]');
        expect(() => loadConfig({ file: array, env: {} })).toThrow(/array\.json: expected a JSON object/);
    });

    describe('environment', () => {
        it('overrides the file, converting each value to its type', async () => {
            const file = await configFile(minimalSettings());
            const config = loadConfig({
                file,
                cwd: dir,
                env: {
                    GATEWAY_ORG: 'court',
                    GATEWAY_LISTEN_PORT: '9001',
                    GATEWAY_HTTP_TRUST_PROXY: 'yes',
                    GATEWAY_AUTH_ALGORITHMS: 'ES384, RS256',
                    GATEWAY_LIMITS_MAX_IN_FLIGHT_SUBMITS: '8',
                },
            });
            expect(config.org).toBe('court');
            expect(config.listen.port).toBe(9001);
            expect(config.http.trustProxy).toBe(true);
            expect(config.auth.algorithms).toEqual(['ES384', 'RS256']);
            expect(config.limits.maxInFlightSubmits).toBe(8);
        });

        it('reads a numeric variable as plain digits only', async () => {
            const problems = await problemsOf(minimalSettings(), {
                GATEWAY_LISTEN_PORT: ' ',
                GATEWAY_RETRY_BACKOFF_MS: '0x10',
            });
            expect(problems).toEqual([
                'listen.port (GATEWAY_LISTEN_PORT): expected an integer from 0 to 65535, got " "',
                'retry.backoffMs (GATEWAY_RETRY_BACKOFF_MS): expected an integer from 0 to 60000, got "0x10"',
            ]);
        });

        it('ignores an empty variable', async () => {
            const file = await configFile(minimalSettings());
            expect(loadConfig({ file, cwd: dir, env: { GATEWAY_ORG: '' } }).org).toBe('bank');
        });

        it('configures a gateway without any file', () => {
            const config = loadConfig({
                cwd: '/srv/gateway',
                env: {
                    GATEWAY_ORG: 'bank',
                    GATEWAY_MSP_ID: 'BankMSP',
                    GATEWAY_PEER_ENDPOINT: 'peer0:7051',
                    GATEWAY_PEER_TLS_ROOT_CERT_PATH: 'tls/ca.pem',
                    GATEWAY_IDENTITIES: '{"User1":{"certPath":"u1/cert.pem","keyPath":"/keys/u1.pem"}}',
                    GATEWAY_AUTH_ISSUER: 'https://idp.example.com/',
                    GATEWAY_AUTH_JWKS_PATH: 'jwks.json',
                },
            });
            expect(config.peer.tlsRootCertPath).toBe('/srv/gateway/tls/ca.pem');
            expect(config.identities).toEqual({
                User1: { certPath: '/srv/gateway/u1/cert.pem', keyPath: '/keys/u1.pem' },
            });
            expect(config.auth.jwksPath).toBe('/srv/gateway/jwks.json');
        });

        it('names the variable when its value is invalid', async () => {
            const problems = await problemsOf(minimalSettings(), { GATEWAY_IDENTITIES: '{not json' });
            expect(problems).toHaveLength(1);
            expect(problems[0]).toMatch(/^identities \(GATEWAY_IDENTITIES\): /);
        });
    });

    it('resolves relative paths in the file against its folder and keeps absolute ones', async () => {
        const settings = deepMerge(minimalSettings(), {
            identities: { User1: { certPath: 'users/u1/cert.pem', keyPath: '/keys/u1.pem' } },
            dataDir: 'state',
        });
        const file = await configFile(settings);
        const config = loadConfig({ file, env: {}, cwd: '/elsewhere' });
        expect(config.peer.tlsRootCertPath).toBe(join(dir, 'tls/ca.pem'));
        expect(config.identities.User1).toEqual({
            certPath: join(dir, 'users/u1/cert.pem'),
            keyPath: '/keys/u1.pem',
        });
        expect(config.dataDir).toBe(join(dir, 'state'));
        expect(config.devIssuer.keyPath).toBe(join(dir, 'state/dev-issuer/signing-key.json'));
    });

    describe('cross-checks', () => {
        const development = { mode: 'development', devIssuer: { enabled: true } };

        it('accepts the development issuer in development mode without a JWKS', async () => {
            const file = await configFile(deepMerge(without(minimalSettings(), 'auth.jwksUrl'), development));
            const config = loadConfig({ file, env: {}, cwd: dir });
            expect(config.mode).toBe('development');
            expect(config.devIssuer.enabled).toBe(true);
        });

        it('refuses the development issuer outside development mode', async () => {
            const problems = await problemsOf(deepMerge(minimalSettings(), { devIssuer: { enabled: true } }));
            expect(problems).toEqual(['devIssuer.enabled (GATEWAY_DEV_ISSUER_ENABLED): needs mode=development']);
        });

        it('refuses jwksUrl and jwksPath together', async () => {
            const problems = await problemsOf(deepMerge(minimalSettings(), { auth: { jwksPath: 'jwks.json' } }));
            expect(problems).toEqual(['auth.jwksUrl / auth.jwksPath: give one of them, not both']);
        });

        it('requires a JWKS unless the development issuer is on', async () => {
            const problems = await problemsOf(without(minimalSettings(), 'auth.jwksUrl'));
            expect(problems).toEqual([
                'auth.jwksUrl (GATEWAY_AUTH_JWKS_URL) / auth.jwksPath (GATEWAY_AUTH_JWKS_PATH): one is required ' +
                    'unless the development issuer is enabled',
            ]);
        });

        it('requires a JWKS in development mode when the development issuer is off', async () => {
            const problems = await problemsOf(
                deepMerge(without(minimalSettings(), 'auth.jwksUrl'), { mode: 'development' }),
            );
            expect(problems[0]).toMatch(/one is required unless the development issuer is enabled/);
        });

        it('refuses a JWKS URL that is not http(s)', async () => {
            const problems = await problemsOf(
                deepMerge(minimalSettings(), { auth: { jwksUrl: 'file:///etc/jwks.json' } }),
            );
            expect(problems).toEqual([
                'auth.jwksUrl (GATEWAY_AUTH_JWKS_URL): "file:///etc/jwks.json" is not an http(s) URL',
            ]);
        });

        it('refuses an empty algorithm list', async () => {
            const problems = await problemsOf(deepMerge(minimalSettings(), { auth: { algorithms: [] } }));
            expect(problems).toEqual(['auth.algorithms (GATEWAY_AUTH_ALGORITHMS): at least one algorithm is required']);
        });

        it('refuses a largest backoff below the first', async () => {
            const problems = await problemsOf(
                deepMerge(minimalSettings(), { retry: { backoffMs: 500, maxBackoffMs: 100 } }),
            );
            expect(problems).toEqual([
                'retry.maxBackoffMs (GATEWAY_RETRY_MAX_BACKOFF_MS): must not be below retry.backoffMs',
            ]);
        });

        it('refuses a largest reconnect delay below the first', async () => {
            const problems = await problemsOf(
                deepMerge(minimalSettings(), { events: { reconnectInitialMs: 1_000, reconnectMaxMs: 500 } }),
            );
            expect(problems[0]).toMatch(/^events\.reconnectMaxMs \(GATEWAY_EVENTS_RECONNECT_MAX_MS\): /);
        });

        describe('notary', () => {
            const notary = (extra: Record<string, unknown>): Record<string, unknown> =>
                deepMerge(minimalSettings(), { org: 'notary', mspId: 'NotaryMSP', roles: ['notary'], ...extra });

            it('accepts roots and a signing identity on the Notary gateway', async () => {
                const file = await configFile(
                    notary({ roots: { path: 'roots.json' }, notary: { signingIdentity: 'User1' } }),
                );
                const config = loadConfig({ file, env: {}, cwd: dir });
                expect(config.roots).toEqual({ path: join(dir, 'roots.json') });
                expect(config.notary).toMatchObject({
                    signingIdentity: 'User1',
                    maxFingerprints: 500,
                    reportFontPath: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
                    renderTimeoutMs: 120_000,
                    renderQueueLimit: 4,
                });
            });

            it.each(['notary', 'package'])('still reads %s.rootsPath, the older name of roots.path', async (older) => {
                const file = await configFile(
                    deepMerge(notary({ notary: { signingIdentity: 'User1' } }), {
                        [older]: { rootsPath: 'roots.json' },
                    }),
                );
                expect(loadConfig({ file, env: {}, cwd: dir }).roots).toEqual({ path: join(dir, 'roots.json') });
            });

            it('refuses roots.path and an older name naming two bundles, and accepts both naming one', async () => {
                const two = await problemsOf(
                    deepMerge(minimalSettings(), { roots: { path: 'a.json' }, package: { rootsPath: 'b.json' } }),
                );
                expect(two).toEqual([
                    'roots.path (GATEWAY_ROOTS_PATH): package.rootsPath and notary.rootsPath are its older names; name one roots bundle',
                ]);
                const file = await configFile(
                    deepMerge(minimalSettings(), { roots: { path: 'a.json' }, notary: { rootsPath: 'a.json' } }),
                );
                expect(loadConfig({ file, env: {}, cwd: dir }).roots).toEqual({ path: join(dir, 'a.json') });
            });

            it('serves roots on any gateway without issuing reports', async () => {
                const file = await configFile(deepMerge(minimalSettings(), { roots: { path: 'roots.json' } }));
                expect(loadConfig({ file, env: {}, cwd: dir }).roots).toEqual({ path: join(dir, 'roots.json') });
            });

            it('refuses signingIdentity without roots', async () => {
                const problems = await problemsOf(notary({ notary: { signingIdentity: 'User1' } }));
                expect(problems).toEqual([
                    'notary.signingIdentity (GATEWAY_NOTARY_SIGNING_IDENTITY): notary reports need roots.path, the bundle receipts are verified against',
                ]);
            });

            it('refuses a signing identity that is not one of identities', async () => {
                const problems = await problemsOf(
                    notary({ roots: { path: 'roots.json' }, notary: { signingIdentity: 'Notary9' } }),
                );
                expect(problems).toEqual([
                    'notary.signingIdentity (GATEWAY_NOTARY_SIGNING_IDENTITY): "Notary9" is not a key of identities',
                ]);
            });

            it.each([
                ['a bank', { roles: ['bank'] }],
                ['an organisation without roles', {}],
                ['NotaryMSP without the notary role', { org: 'notary', mspId: 'NotaryMSP' }],
            ])('refuses notary reports on the gateway of %s', async (_, who) => {
                const problems = await problemsOf(
                    deepMerge(minimalSettings(), {
                        ...who,
                        roots: { path: 'roots.json' },
                        notary: { signingIdentity: 'User1' },
                    }),
                );
                expect(problems).toEqual([
                    "notary.signingIdentity (GATEWAY_NOTARY_SIGNING_IDENTITY): only a notary's gateway issues reports; roles names no notary",
                ]);
            });

            it('issues reports on any notary, whatever its MSP ID, from the file or GATEWAY_ROLES', async () => {
                const settings = deepMerge(minimalSettings(), {
                    org: 'notary2',
                    mspId: 'Notary2MSP',
                    roots: { path: 'roots.json' },
                    notary: { signingIdentity: 'User1' },
                });
                const fromFile = await configFile(deepMerge(settings, { roles: ['court', 'notary'] }));
                expect(loadConfig({ file: fromFile, env: {}, cwd: dir }).roles).toEqual(['court', 'notary']);
                const fromEnv = await configFile(settings);
                const config = loadConfig({ file: fromEnv, env: { GATEWAY_ROLES: 'notary' }, cwd: dir });
                expect(config.roles).toEqual(['notary']);
                expect(config.notary.signingIdentity).toBe('User1');
            });

            it('refuses a role the membership registry does not know', async () => {
                const problems = await problemsOf(deepMerge(minimalSettings(), { roles: ['notary', 'auditor'] }));
                expect(problems).toHaveLength(1);
                expect(problems[0]).toMatch(/^roles \(GATEWAY_ROLES\): .*auditor/);
            });
        });
    });
});

describe('configFileOf', () => {
    it('prefers --config over GATEWAY_CONFIG', () => {
        expect(configFileOf(['node', 'main.js', '--config', 'a.json'], { GATEWAY_CONFIG: 'b.json' })).toBe('a.json');
    });

    it('falls back to GATEWAY_CONFIG, and to no file at all', () => {
        expect(configFileOf(['node', 'main.js'], { GATEWAY_CONFIG: 'b.json' })).toBe('b.json');
        expect(configFileOf(['node', 'main.js'], { GATEWAY_CONFIG: '' })).toBeUndefined();
    });
});

describe('envNameOf', () => {
    it.each([
        ['org', 'GATEWAY_ORG'],
        ['mspId', 'GATEWAY_MSP_ID'],
        ['peer.tlsRootCertPath', 'GATEWAY_PEER_TLS_ROOT_CERT_PATH'],
        ['limits.maxInFlightSubmits', 'GATEWAY_LIMITS_MAX_IN_FLIGHT_SUBMITS'],
        ['peers.maxClockSkewSeconds', 'GATEWAY_PEERS_MAX_CLOCK_SKEW_SECONDS'],
    ])('maps %s to %s', (key, env) => {
        expect(envNameOf(key)).toBe(env);
    });
});

function deepMerge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
    const merged = structuredClone(base);
    for (const [key, value] of Object.entries(override)) {
        const current = merged[key];
        const bothObjects = [current, value].every(
            (item) => typeof item === 'object' && item !== null && !Array.isArray(item),
        );
        merged[key] = bothObjects
            ? deepMerge(current as Record<string, unknown>, value as Record<string, unknown>)
            : value;
    }
    return merged;
}
