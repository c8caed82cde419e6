import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
    SignJWT,
    calculateJwkThumbprint,
    exportJWK,
    generateKeyPair,
    importJWK,
    type CryptoKey,
    type JSONWebKeySet,
    type JWK,
} from 'jose';
import { type Role } from '../config/gateway-config.js';

const ALGORITHM = 'ES256';

/** The development issuer's key pair; the private half never leaves `keyPath`. */
export interface DevIssuerKey {
    readonly kid: string;
    readonly privateKey: CryptoKey;
    readonly publicJwk: JWK;
}

/** Claims of a development token. */
export interface DevTokenRequest {
    readonly issuer: string;
    readonly audience: string;
    readonly subject: string;
    readonly org: string;
    readonly roles: readonly Role[];
    readonly ttlSeconds: number;
    readonly orgClaim?: string;
    readonly rolesClaim?: string;
}

/**
 * Loads the development issuer's ES256 key from `keyPath`, creating it (mode 0600) on first use. Two processes
 * racing to create it end up with the same key: the key is written whole to a file of its own and then linked into
 * place, so no process ever reads a half-written key, and the loser of the link reads the winner's file.
 *
 * Development only: the configuration refuses the issuer outside `mode=development`.
 */
export async function loadOrCreateDevKey(keyPath: string): Promise<DevIssuerKey> {
    try {
        return await keyFromJwk(JSON.parse(await readFile(keyPath, 'utf8')) as JWK);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
            throw new Error(`development issuer key ${keyPath}: ${(error as Error).message}`, { cause: error });
        }
    }
    const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: ALGORITHM, use: 'sig' };
    await mkdir(dirname(keyPath), { recursive: true, mode: 0o700 });
    const draft = `${keyPath}.${randomUUID()}.tmp`;
    await writeFile(draft, JSON.stringify(jwk, null, 2), { flag: 'wx', mode: 0o600 });
    try {
        await link(draft, keyPath);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
            throw error;
        }
        return loadOrCreateDevKey(keyPath);
    } finally {
        await rm(draft, { force: true });
    }
    return keyFromJwk(jwk);
}

/** The public JWKS of the development issuer, as `/dev/jwks.json` serves it. */
export function devJwks(key: DevIssuerKey): JSONWebKeySet {
    return { keys: [key.publicJwk] };
}

/** Signs a development token. */
export async function issueDevToken(key: DevIssuerKey, request: Readonly<DevTokenRequest>): Promise<string> {
    return new SignJWT({
        [request.orgClaim ?? 'org']: request.org,
        [request.rolesClaim ?? 'roles']: [...request.roles],
    })
        .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: 'JWT' })
        .setIssuer(request.issuer)
        .setAudience(request.audience)
        .setSubject(request.subject)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + request.ttlSeconds)
        .sign(key.privateKey);
}

async function keyFromJwk(jwk: JWK): Promise<DevIssuerKey> {
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string') {
        throw new Error('expected a private EC P-256 JWK');
    }
    const privateKey = (await importJWK(jwk, ALGORITHM)) as CryptoKey;
    const { kty, crv, x, y } = jwk;
    const kid = await calculateJwkThumbprint({ kty, crv, x, y });
    return { kid, privateKey, publicJwk: { kty, crv, x, y, kid, alg: ALGORITHM, use: 'sig' } };
}
