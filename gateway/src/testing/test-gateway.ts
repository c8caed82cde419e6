import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FastifyInstance } from 'fastify';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import { type GatewayConfig } from '../config/gateway-config.js';
import { loadConfig } from '../config/load-config.js';
import { buildApp, type PeerLinks } from '../http/app.js';
import { type TsaClient } from '../timestamps/tsa-client.js';
import { FakeLedger } from './fake-ledger.js';

/** Issuer and audience the test gateways expect. */
export const ISSUER = 'https://issuer.test';
export const AUDIENCE = 'lendledger-gateway';
const ORG = 'bank';
const MSP_ID = 'BankMSP';
const USER = 'User1';
export const OTHER_USER = 'User2';

/** A test issuer: an ES256 key pair whose public half the gateway trusts through a JWKS file. */
export interface TestIssuer {
    readonly privateKey: CryptoKey;
    readonly kid: string;
    readonly jwksPath: string;
}

/** A gateway over a fake ledger, with everything needed to call it. */
export interface TestGateway {
    readonly app: FastifyInstance;
    readonly ledger: FakeLedger;
    readonly config: GatewayConfig;
    readonly issuer: TestIssuer;
    readonly dataDir: string;
    /** A valid token for `USER` with the given roles (default submitter). */
    token(overrides?: TokenOverrides): Promise<string>;
    /** Authorization header for {@link token}. */
    auth(overrides?: TokenOverrides): Promise<Record<string, string>>;
    close(): Promise<void>;
}

/** What a test token may change. */
export interface TokenOverrides {
    readonly subject?: string;
    readonly roles?: readonly string[];
    readonly org?: string;
    readonly issuer?: string;
    readonly audience?: string;
    readonly expiresAt?: number;
    readonly privateKey?: CryptoKey;
    readonly alg?: string;
    readonly claims?: JWTPayload;
}

/** Creates a key pair and a JWKS file holding its public half. */
async function createTestIssuer(dir: string): Promise<TestIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = 'test-key';
    const jwksPath = join(dir, 'jwks.json');
    await writeFile(jwksPath, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256' }] }));
    return { privateKey, kid, jwksPath };
}

/** Signs a token as the test issuer would, with overrides for the negative cases. */
async function signTestToken(issuer: TestIssuer, overrides: TokenOverrides = {}): Promise<string> {
    return new SignJWT({
        org: overrides.org ?? ORG,
        roles: [...(overrides.roles ?? ['submitter'])],
        ...overrides.claims,
    })
        .setProtectedHeader({ alg: overrides.alg ?? 'ES256', kid: issuer.kid })
        .setIssuer(overrides.issuer ?? ISSUER)
        .setAudience(overrides.audience ?? AUDIENCE)
        .setSubject(overrides.subject ?? USER)
        .setIssuedAt()
        .setExpirationTime(overrides.expiresAt ?? Math.floor(Date.now() / 1000) + 600)
        .sign(overrides.privateKey ?? issuer.privateKey);
}

/** Settings of a test gateway (identity files are never read: the fake ledger needs none). */
function testSettings(dataDir: string, jwksPath: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        org: ORG,
        mspId: MSP_ID,
        peer: { endpoint: 'localhost:7051', tlsRootCertPath: join(dataDir, 'unused-tls.pem') },
        identities: {
            [USER]: { certPath: 'u1.pem', keyPath: 'u1.key' },
            [OTHER_USER]: { certPath: 'u2.pem', keyPath: 'u2.key' },
        },
        auth: { issuer: ISSUER, audience: AUDIENCE, jwksPath },
        dataDir,
        idempotency: { fsync: false },
        log: { level: 'silent' },
        ...extra,
        // The event-loop guard stays off unless a test sets it: a test's other limits merge over this one rather than
        // replace it, or a loaded machine answers that test's requests 503 GATEWAY_SATURATED.
        limits: { maxEventLoopDelayMs: 0, ...(extra.limits as Record<string, unknown> | undefined) },
    };
}

/**
 * Starts a gateway (not listening) over a {@link FakeLedger} with a fresh data folder. `settings` are merged over
 * the defaults, as a configuration file would be.
 */
export async function startTestGateway(
    settings: Record<string, unknown> = {},
    options: Readonly<{
        ledger?: FakeLedger;
        dataDir?: string;
        tsa?: Pick<TsaClient, 'stamp'>;
        peers?: PeerLinks;
        hashWorkerUrl?: URL;
    }> = {},
): Promise<TestGateway> {
    const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'gateway-test-')));
    const issuer = await createTestIssuer(dataDir);
    const file = join(dataDir, 'gateway.json');
    await writeFile(file, JSON.stringify(testSettings(dataDir, issuer.jwksPath, settings)));
    const config = loadConfig({ file, env: {} });
    const ledger = options.ledger ?? new FakeLedger();
    const app = await buildApp({
        config,
        ledger,
        logger: false,
        sleep: async () => undefined,
        ...(options.tsa ? { tsa: options.tsa } : {}),
        ...(options.peers ? { peers: options.peers } : {}),
        ...(options.hashWorkerUrl ? { hashWorkerUrl: options.hashWorkerUrl } : {}),
    });
    await app.ready();
    const token = (overrides?: TokenOverrides): Promise<string> => signTestToken(issuer, overrides);
    return {
        app,
        ledger,
        config,
        issuer,
        dataDir,
        token,
        auth: async (overrides) => ({ authorization: `Bearer ${await token(overrides)}` }),
        close: async () => {
            await app.close();
            if (!options.dataDir) {
                await rm(dataDir, { recursive: true, force: true });
            }
        },
    };
}
