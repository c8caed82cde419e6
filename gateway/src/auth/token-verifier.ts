import { readFileSync } from 'node:fs';
import {
    createLocalJWKSet,
    createRemoteJWKSet,
    errors,
    jwtVerify,
    type JSONWebKeySet,
    type JWSHeaderParameters,
    type JWTPayload,
    type FlattenedJWSInput,
    type CryptoKey,
} from 'jose';
import { ProblemError } from '../errors/problem-error.js';

/** How tokens are checked. */
export interface TokenVerifierOptions {
    readonly issuer: string;
    readonly audience: string;
    /** Pinned algorithms; anything else (including `none`) is refused. */
    readonly algorithms: readonly string[];
    readonly jwksUrl?: string;
    readonly jwksPath?: string;
    /** Extra keys trusted besides the issuer's (the development issuer's public key). */
    readonly extraKeys?: JSONWebKeySet;
    readonly clockToleranceSeconds: number;
    /**
     * Longest lifetime (`exp - iat`) a token may have; 0 accepts any. When set, tokens must carry `iat`: without
     * it the lifetime cannot be known, and a stolen long-lived token is the risk this bounds.
     */
    readonly maxTokenLifetimeSeconds: number;
    readonly jwksTimeoutMs: number;
}

/** Verifies bearer tokens. */
export interface TokenVerifier {
    /**
     * Checks signature, algorithm, issuer, audience, expiry and the presence of `sub` and `exp`; refuses a token
     * issued in the future (`iat` beyond the clock tolerance) or living longer than `maxTokenLifetimeSeconds`.
     *
     * @throws {@link ProblemError} TOKEN_EXPIRED or TOKEN_INVALID (401), ISSUER_UNAVAILABLE (503).
     */
    verify(token: string): Promise<JWTPayload & { sub: string }>;
}

type KeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

/**
 * Builds a verifier over the configured key sources: a JWKS URL (fetched and cached by jose), a JWKS file read
 * once, and any extra keys, tried in that order of specificity (local keys first).
 *
 * @throws Error when the JWKS file cannot be read or holds no keys.
 */
export function createTokenVerifier(options: Readonly<TokenVerifierOptions>): TokenVerifier {
    const resolvers: KeyResolver[] = [];
    if (options.extraKeys) {
        resolvers.push(createLocalJWKSet(options.extraKeys));
    }
    if (options.jwksPath) {
        resolvers.push(createLocalJWKSet(readJwks(options.jwksPath)));
    }
    if (options.jwksUrl) {
        resolvers.push(createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: options.jwksTimeoutMs }));
    }
    const keys = firstMatching(resolvers);
    const verified = new VerifiedTokens();
    return {
        async verify(token) {
            const known = verified.get(token, Date.now());
            if (known) {
                return known;
            }
            try {
                const { payload } = await jwtVerify(token, keys, {
                    issuer: options.issuer,
                    audience: options.audience,
                    algorithms: [...options.algorithms],
                    clockTolerance: options.clockToleranceSeconds,
                    requiredClaims: ['sub', 'exp'],
                });
                checkIssuedAt(payload as JWTPayload & { exp: number }, options, Date.now() / 1000);
                verified.put(token, payload as JWTPayload & { sub: string; exp: number }, Date.now());
                return payload as JWTPayload & { sub: string };
            } catch (error) {
                throw tokenProblem(error);
            }
        },
    };
}

/** Most tokens remembered as verified. */
const VERIFIED_TOKENS = 10_000;
/** Longest a verification is reused, so that a key removed from a remote JWKS stops working soon. */
const REUSE_MS = 60_000;

/**
 * Tokens that verified recently, so a client sending the same bearer token with every request pays for one
 * signature check a minute, not one per request. An entry is used only before the token's own expiry (no clock
 * tolerance) and for at most a minute; the oldest entries go first when it is full.
 */
class VerifiedTokens {
    readonly #entries = new Map<string, { payload: JWTPayload & { sub: string }; until: number }>();

    get(token: string, now: number): (JWTPayload & { sub: string }) | undefined {
        const entry = this.#entries.get(token);
        if (entry && now < entry.until) {
            return entry.payload;
        }
        this.#entries.delete(token);
        return undefined;
    }

    put(token: string, payload: JWTPayload & { sub: string; exp: number }, now: number): void {
        const until = Math.min(payload.exp * 1000, now + REUSE_MS);
        if (until <= now) {
            return;
        }
        this.#entries.set(token, { payload, until });
        if (this.#entries.size > VERIFIED_TOKENS) {
            this.#entries.delete(this.#entries.keys().next().value!);
        }
    }
}

/**
 * The checks jose leaves out: `iat` in the future (jose checks it only together with a maximum age, which bounds
 * how long ago a token was issued, not how long it lives) and the lifetime `exp - iat`.
 *
 * @throws {@link errors.JWTClaimValidationFailed} naming the claim.
 */
function checkIssuedAt(
    payload: JWTPayload & { exp: number },
    options: Readonly<TokenVerifierOptions>,
    nowSeconds: number,
): void {
    const { iat } = payload;
    const maxLifetime = options.maxTokenLifetimeSeconds;
    if (iat === undefined) {
        if (maxLifetime > 0) {
            throw new errors.JWTClaimValidationFailed('missing required "iat" claim', payload, 'iat', 'missing');
        }
        return;
    }
    if (iat > nowSeconds + options.clockToleranceSeconds) {
        throw new errors.JWTClaimValidationFailed('"iat" claim is in the future', payload, 'iat', 'check_failed');
    }
    if (maxLifetime > 0 && payload.exp - iat > maxLifetime) {
        throw new errors.JWTClaimValidationFailed(
            `the token lives ${payload.exp - iat} s, longer than the ${maxLifetime} s allowed`,
            payload,
            'exp',
            'check_failed',
        );
    }
}

/** Reads a JWKS file, checking it holds at least one key. */
function readJwks(file: string): JSONWebKeySet {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<JSONWebKeySet>;
    if (!Array.isArray(parsed.keys) || parsed.keys.length === 0) {
        throw new Error(`${file} is not a JWKS with at least one key`);
    }
    return parsed as JSONWebKeySet;
}

function firstMatching(resolvers: readonly KeyResolver[]): KeyResolver {
    return async (header, token) => {
        let lastError: unknown = new errors.JWKSNoMatchingKey();
        for (const resolve of resolvers) {
            try {
                return await resolve(header, token);
            } catch (error) {
                if (!(error instanceof errors.JWKSNoMatchingKey)) {
                    throw error;
                }
                lastError = error;
            }
        }
        throw lastError;
    };
}

function tokenProblem(error: unknown): ProblemError {
    if (error instanceof errors.JWTExpired) {
        return new ProblemError('TOKEN_EXPIRED', 'the token has expired', { cause: error });
    }
    if (error instanceof errors.JWKSTimeout) {
        return new ProblemError('ISSUER_UNAVAILABLE', 'the issuer JWKS did not answer in time', {
            headers: { 'retry-after': '5' },
            cause: error,
        });
    }
    if (error instanceof errors.JWTClaimValidationFailed) {
        return new ProblemError('TOKEN_INVALID', `claim ${error.claim} rejected: ${error.message}`, {
            fields: { claim: error.claim },
            cause: error,
        });
    }
    if (error instanceof errors.JOSEAlgNotAllowed) {
        return new ProblemError('TOKEN_INVALID', 'the token signature algorithm is not accepted', { cause: error });
    }
    const reason = error instanceof errors.JOSEError ? error.code : 'ERR_UNKNOWN';
    return new ProblemError('TOKEN_INVALID', `the token cannot be verified (${reason})`, {
        fields: { reason },
        cause: error,
    });
}
