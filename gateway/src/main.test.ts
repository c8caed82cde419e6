import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The compiled entry points, as operators run them; scripts/test.sh builds before the unit tests.
const DIST = resolve(import.meta.dirname, '..', 'dist');
const MAIN = join(DIST, 'main.js');
const TOKEN_CLI = join(DIST, 'cli', 'token.js');

interface Outcome {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs a compiled script with no GATEWAY_* variables of the test's own environment. */
function run(script: string, args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
    return new Promise((done) => {
        execFile(
            process.execPath,
            [script, ...args],
            { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 30_000 },
            (error, stdout, stderr) => {
                const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
                done({ code, stdout, stderr });
            },
        );
    });
}

let dir: string;

beforeAll(async () => {
    if (!existsSync(MAIN) || !existsSync(TOKEN_CLI)) {
        throw new Error(`${DIST} lacks main.js or cli/token.js: run "npm run build" first`);
    }
    dir = await mkdtemp(join(tmpdir(), 'gateway-startup-'));
});

afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
});

function baseSettings(): Record<string, unknown> {
    return {
        org: 'bank',
        mspId: 'BankMSP',
        peer: { endpoint: '127.0.0.1:7051', tlsRootCertPath: 'tlsca.pem' },
        identities: { User1: { certPath: 'u1-cert.pem', keyPath: 'u1-key.pem' } },
        auth: { issuer: 'https://idp.example.com/', jwksUrl: 'https://idp.example.com/jwks.json' },
        dataDir: 'state',
        log: { level: 'silent' },
    };
}

/** The public half of the development issuer's private JWK file. */
async function publicKeyOf(keyPath: string): Promise<Awaited<ReturnType<typeof importJWK>>> {
    const { kty, crv, x, y } = JSON.parse(await readFile(keyPath, 'utf8')) as JWK;
    return importJWK({ kty, crv, x, y }, 'ES256');
}

let fileCount = 0;

async function configFile(settings: Record<string, unknown>): Promise<string> {
    fileCount += 1;
    const file = join(dir, `gateway-${fileCount}.json`);
    await writeFile(file, JSON.stringify(settings));
    return file;
}

describe('node gateway/dist/main.js', () => {
    it('exits with code 2 and names every invalid setting', async () => {
        const file = await configFile({ ...baseSettings(), org: undefined, mode: 'staging', listen: { port: 99_999 } });
        const outcome = await run(MAIN, ['--config', file]);
        expect(outcome.code).toBe(2);
        expect(outcome.stderr).toContain('invalid gateway configuration:');
        expect(outcome.stderr).toContain('org (GATEWAY_ORG): is required');
        expect(outcome.stderr).toContain('mode (GATEWAY_MODE): expected one of production, development');
        expect(outcome.stderr).toContain('listen.port (GATEWAY_LISTEN_PORT): expected an integer from 0 to 65535');
        expect(outcome.stdout).toBe('');
    });

    it('reads the file named by GATEWAY_CONFIG and lets variables override it', async () => {
        const file = await configFile(baseSettings());
        const outcome = await run(MAIN, [], { GATEWAY_CONFIG: file, GATEWAY_PEER_ENDPOINT: 'no-port' });
        expect(outcome.code).toBe(2);
        expect(outcome.stderr).toContain('peer.endpoint (GATEWAY_PEER_ENDPOINT): "no-port" does not match');
    });

    it('names the required settings when neither a file nor variables are given', async () => {
        const outcome = await run(MAIN, []);
        expect(outcome.code).toBe(2);
        for (const setting of ['org (GATEWAY_ORG)', 'mspId (GATEWAY_MSP_ID)', 'identities (GATEWAY_IDENTITIES)']) {
            expect(outcome.stderr).toContain(`${setting}: is required`);
        }
    });

    it('exits with code 2 naming the file setting when a credential file is missing', async () => {
        const file = await configFile(baseSettings());
        const outcome = await run(MAIN, ['--config', file]);
        expect(outcome.code).toBe(2);
        expect(outcome.stderr).toMatch(/peer\.tlsRootCertPath \(GATEWAY_PEER_TLS_ROOT_CERT_PATH\): ENOENT/);
        expect(outcome.stderr).toMatch(/identities\.User1\.certPath: ENOENT/);
        expect(outcome.stderr).toMatch(/identities\.User1\.keyPath: ENOENT/);
    });
});

describe('node gateway/dist/cli/token.js', () => {
    const development = (keyPath: string): Record<string, unknown> => ({
        ...baseSettings(),
        mode: 'development',
        auth: { issuer: 'urn:lendledger:dev-issuer:unit', audience: 'lendledger-gateway-unit' },
        devIssuer: { enabled: true, keyPath, tokenTtlSeconds: 600 },
    });

    it('refuses a production gateway with exit code 2', async () => {
        const file = await configFile(baseSettings());
        const outcome = await run(TOKEN_CLI, ['--config', file, '--subject', 'User1']);
        expect(outcome.code).toBe(2);
        expect(outcome.stderr).toContain('the development issuer is off for this gateway');
        expect(outcome.stdout).toBe('');
    });

    it('refuses development mode while the development issuer is off', async () => {
        const file = await configFile({ ...baseSettings(), mode: 'development' });
        const outcome = await run(TOKEN_CLI, ['--config', file, '--subject', 'User1']);
        expect(outcome.code).toBe(2);
        expect(outcome.stderr).toContain('needs mode=development and devIssuer.enabled=true');
    });

    it('refuses a development issuer enabled outside development mode, naming the setting', async () => {
        const file = await configFile({ ...baseSettings(), devIssuer: { enabled: true } });
        const outcome = await run(TOKEN_CLI, ['--config', file, '--subject', 'User1']);
        expect(outcome.code).toBe(2);
        expect(outcome.stderr).toContain('devIssuer.enabled (GATEWAY_DEV_ISSUER_ENABLED): needs mode=development');
    });

    it('prints usage with exit code 2 without --subject', async () => {
        const outcome = await run(TOKEN_CLI, ['--config', await configFile(baseSettings())]);
        expect(outcome.code).toBe(2);
        expect(outcome.stderr).toMatch(/^Usage: token --config/);
    });

    it('refuses an unknown role', async () => {
        const file = await configFile(development(join(dir, 'unused-key.json')));
        const outcome = await run(TOKEN_CLI, ['--config', file, '--subject', 'User1', '--roles', 'submitter,root']);
        expect(outcome.code).toBe(2);
        expect(outcome.stderr).toContain('--roles: unknown role(s) root');
        expect(existsSync(join(dir, 'unused-key.json'))).toBe(false);
    });

    it('refuses a --ttl that is not whole seconds', async () => {
        const file = await configFile(development(join(dir, 'unused-key.json')));
        const outcome = await run(TOKEN_CLI, ['--config', file, '--subject', 'User1', '--ttl', '10m']);
        expect(outcome.code).toBe(2);
        expect(outcome.stderr).toContain('--ttl: expected whole seconds from 1 to 86400, got "10m"');
    });

    it('prints a token with the configured claims, signed by the key in devIssuer.keyPath', async () => {
        const keyPath = join(dir, 'dev-issuer', 'signing-key.json');
        const file = await configFile(development(keyPath));
        const before = Math.floor(Date.now() / 1000);
        const outcome = await run(TOKEN_CLI, ['--config', file, '--subject', 'User1', '--roles', 'submitter,auditor']);
        expect(outcome).toMatchObject({ code: 0, stderr: '' });
        const token = outcome.stdout.trim();

        const { payload } = await jwtVerify(token, await publicKeyOf(keyPath), {
            issuer: 'urn:lendledger:dev-issuer:unit',
            audience: 'lendledger-gateway-unit',
            algorithms: ['ES256'],
        });
        expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', typ: 'JWT' });
        expect(payload).toMatchObject({ sub: 'User1', org: 'bank', roles: ['submitter', 'auditor'] });
        expect(payload.iat).toBeGreaterThanOrEqual(before);
        expect(payload.exp! - payload.iat!).toBe(600);
        expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('uses the configured claim names and warns about a subject without a Fabric identity', async () => {
        const keyPath = join(dir, 'claims-key.json');
        const settings = development(keyPath);
        const file = await configFile({
            ...settings,
            auth: { ...(settings.auth as object), orgClaim: 'https://lendledger/org', rolesClaim: 'scope' },
        });
        const outcome = await run(TOKEN_CLI, ['--config', file, '--subject', 'User9', '--ttl', '120']);
        expect(outcome.code).toBe(0);
        expect(outcome.stderr).toContain('warning: User9 has no Fabric identity at bank');
        const { payload } = await jwtVerify(outcome.stdout.trim(), await publicKeyOf(keyPath));
        expect(payload).toMatchObject({ sub: 'User9', 'https://lendledger/org': 'bank', scope: ['submitter'] });
        expect(payload.exp! - payload.iat!).toBe(120);
    });
});
