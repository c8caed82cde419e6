import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
    accessTokenExpiry,
    discoverIssuer,
    endSessionUrl,
    finishSignIn,
    isLoopbackHttp,
    startSignIn,
    type OidcSettings,
} from './oidc-client.ts';
import { scriptedIssuer, type IssuerScript, type ScriptedIssuer } from './scripted-issuer.test-support.ts';
import { describeSignInFailure } from './sign-in-failure.ts';

const REDIRECT_URI = 'https://gateway.bank.example/app/';

function settingsOf(provider: ScriptedIssuer, extra: Partial<OidcSettings> = {}): OidcSettings {
    return {
        issuer: provider.issuer,
        clientId: provider.clientId,
        scope: 'openid profile',
        audience: 'lendledger-gateway',
        ...extra,
    };
}

/** Runs a whole sign-in against a scripted issuer; `tamper` may change the callback URL before it is processed. */
async function signInAgainst(
    script: IssuerScript,
    tamper: (callback: URL) => URL = (callback) => callback,
): Promise<{ provider: ScriptedIssuer; result: Promise<Awaited<ReturnType<typeof finishSignIn>>> }> {
    const provider = await scriptedIssuer(script);
    const issuer = await discoverIssuer(settingsOf(provider), provider.fetch);
    const { url, pending } = await startSignIn(issuer, REDIRECT_URI, '#/cases');
    const callback = tamper(new URL(provider.authorize(url)));
    return { provider, result: finishSignIn(issuer, pending, callback) };
}

async function failureOf(promise: Promise<unknown>): Promise<ReturnType<typeof describeSignInFailure>> {
    try {
        await promise;
    } catch (error) {
        return describeSignInFailure(error);
    }
    throw new Error('the sign-in was expected to fail');
}

describe('OIDC authorization code flow with PKCE', () => {
    it('sends the browser to the authorization endpoint with an S256 challenge, state, nonce and resource', async () => {
        const provider = await scriptedIssuer();
        const issuer = await discoverIssuer(
            settingsOf(provider, { resource: 'urn:lendledger:gateway' }),
            provider.fetch,
        );

        const { url, pending } = await startSignIn(issuer, REDIRECT_URI, '#/cases', 1_000);

        expect(`${url.origin}${url.pathname}`).toBe(`${provider.issuer}/auth`);
        expect(Object.fromEntries(url.searchParams)).toMatchObject({
            client_id: provider.clientId,
            redirect_uri: REDIRECT_URI,
            response_type: 'code',
            scope: 'openid profile',
            code_challenge_method: 'S256',
            state: pending.state,
            nonce: pending.nonce,
            resource: 'urn:lendledger:gateway',
        });
        expect(url.searchParams.get('code_challenge')).not.toBe(pending.codeVerifier);
        expect(pending).toMatchObject({ issuer: provider.issuer, redirectUri: REDIRECT_URI, returnTo: '#/cases' });
        expect(pending.startedAt).toBe(1_000);
    });

    it('uses a fresh verifier, state and nonce for every sign-in', async () => {
        const provider = await scriptedIssuer();
        const issuer = await discoverIssuer(settingsOf(provider), provider.fetch);
        const first = (await startSignIn(issuer, REDIRECT_URI, '#/')).pending;
        const second = (await startSignIn(issuer, REDIRECT_URI, '#/')).pending;
        expect(second.codeVerifier).not.toBe(first.codeVerifier);
        expect(second.state).not.toBe(first.state);
        expect(second.nonce).not.toBe(first.nonce);
    });

    it('redeems the code with the verifier and returns the access token, the subject and its expiry', async () => {
        const { provider, result } = await signInAgainst({});
        const tokens = await result;

        expect(provider.tokenRequests).toHaveLength(1);
        expect(provider.tokenRequests[0]).toMatchObject({
            grant_type: 'authorization_code',
            client_id: provider.clientId,
            redirect_uri: REDIRECT_URI,
        });
        expect(tokens.subject).toBe('User1');
        expect(tokens.name).toBe('Wang Fang');
        const accessClaims = JSON.parse(atob(tokens.accessToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
        expect(accessClaims.aud).toBe('lendledger-gateway');
        // The access token's own exp (600 s) is earlier than expires_in (3600 s) and is what the gateway enforces.
        expect(tokens.expiresAt).toBe(accessClaims.exp);
        expect(tokens.idToken.split('.')).toHaveLength(3);
    });

    it('sends the resource indicator with the token request when one is configured', async () => {
        const provider = await scriptedIssuer();
        const issuer = await discoverIssuer(
            settingsOf(provider, { resource: 'urn:lendledger:gateway' }),
            provider.fetch,
        );
        const { url, pending } = await startSignIn(issuer, REDIRECT_URI, '#/');
        await finishSignIn(issuer, pending, new URL(provider.authorize(url)));
        expect(provider.tokenRequests[0]?.resource).toBe('urn:lendledger:gateway');
    });

    it('refuses a callback whose state is not the one this tab sent, without redeeming the code', async () => {
        const { provider, result } = await signInAgainst({}, (callback) => {
            callback.searchParams.set('state', 'forged-state');
            return callback;
        });
        expect((await failureOf(result)).kind).toBe('stateMismatch');
        expect(provider.tokenRequests).toEqual([]);
    });

    it('refuses a callback with no state', async () => {
        const { result } = await signInAgainst({}, (callback) => {
            callback.searchParams.delete('state');
            return callback;
        });
        expect((await failureOf(result)).kind).toBe('stateMismatch');
    });

    it('refuses a callback naming another issuer (RFC 9207 mix-up defence)', async () => {
        const { provider, result } = await signInAgainst({}, (callback) => {
            callback.searchParams.set('iss', 'https://attacker.example');
            return callback;
        });
        expect((await failureOf(result)).kind).toBe('issuerMismatch');
        expect(provider.tokenRequests).toEqual([]);
    });

    it('refuses a callback without iss when the issuer advertises that it sends one', async () => {
        const { result } = await signInAgainst({}, (callback) => {
            callback.searchParams.delete('iss');
            return callback;
        });
        expect((await failureOf(result)).kind).toBe('issuerMismatch');
    });

    it('reports a refusal by the person as denied, with the issuer description', async () => {
        const { result } = await signInAgainst({}, (callback) => {
            const denied = new URL(REDIRECT_URI);
            denied.searchParams.set('error', 'access_denied');
            denied.searchParams.set('error_description', 'End-User aborted interaction');
            denied.searchParams.set('state', callback.searchParams.get('state') ?? '');
            denied.searchParams.set('iss', callback.searchParams.get('iss') ?? '');
            return denied;
        });
        expect(await failureOf(result)).toEqual({
            kind: 'denied',
            detail: 'access_denied: End-User aborted interaction',
        });
    });

    it('reports a token endpoint refusal with its OAuth error', async () => {
        const { result } = await signInAgainst({ tokenError: 'invalid_grant' });
        expect(await failureOf(result)).toEqual({
            kind: 'tokenRefused',
            detail: 'HTTP 400 invalid_grant: scripted refusal',
        });
    });

    it.each<[string, IssuerScript]>([
        ['another nonce', { idTokenClaims: { nonce: 'replayed-nonce' } }],
        ['another audience', { idTokenClaims: { aud: 'some-other-client' } }],
        ['another issuer', { idTokenClaims: { iss: 'https://attacker.example' } }],
        ['an expiry in the past', { idTokenClaims: { exp: Math.floor(Date.now() / 1000) - 3_600 } }],
        ['a signature by a key the issuer does not publish', { foreignSigningKey: true }],
    ])('refuses an ID token with %s', async (_what, script) => {
        const { result } = await signInAgainst(script);
        expect((await failureOf(result)).kind).toBe('idTokenInvalid');
    });

    it('refuses a pending sign-in that was started with another issuer', async () => {
        const provider = await scriptedIssuer();
        const issuer = await discoverIssuer(settingsOf(provider), provider.fetch);
        const { url, pending } = await startSignIn(issuer, REDIRECT_URI, '#/');
        const callback = new URL(provider.authorize(url));
        const result = finishSignIn(issuer, { ...pending, issuer: 'https://old-issuer.example' }, callback);
        expect((await failureOf(result)).kind).toBe('issuerMismatch');
    });

    it('refuses a discovery document that names another issuer', async () => {
        const provider = await scriptedIssuer({ discoveredIssuer: 'https://attacker.example' });
        const failure = await failureOf(discoverIssuer(settingsOf(provider), provider.fetch));
        expect(failure.kind).toBe('issuerUnreachable');
        expect(failure.detail).toContain(provider.issuer);
    });

    it('refuses a plain-http issuer that is not on the loopback interface', async () => {
        const provider = await scriptedIssuer({}, 'http://id.example.test');
        const failure = await failureOf(discoverIssuer(settingsOf(provider), provider.fetch));
        expect(failure.kind).toBe('issuerUnreachable');
    });

    it('accepts a plain-http issuer on the loopback interface (a developer or test provider)', async () => {
        const provider = await scriptedIssuer({}, 'http://127.0.0.1:4555');
        const issuer = await discoverIssuer(settingsOf(provider), provider.fetch);
        const { url, pending } = await startSignIn(issuer, 'http://127.0.0.1:17100/app/', '#/');
        const tokens = await finishSignIn(issuer, pending, new URL(provider.authorize(url)));
        expect(tokens.subject).toBe('User1');
    });
});

describe('RP-initiated logout', () => {
    it('builds the end-session URL with the ID token hint and where to come back', async () => {
        const provider = await scriptedIssuer({ endSession: true });
        const issuer = await discoverIssuer(settingsOf(provider), provider.fetch);
        const url = endSessionUrl(issuer, 'the.id.token', REDIRECT_URI);
        expect(url?.href.startsWith(`${provider.issuer}/session/end?`)).toBe(true);
        expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({
            client_id: provider.clientId,
            id_token_hint: 'the.id.token',
            post_logout_redirect_uri: REDIRECT_URI,
        });
    });

    it('offers none when the issuer advertises no end-session endpoint', async () => {
        const provider = await scriptedIssuer();
        const issuer = await discoverIssuer(settingsOf(provider), provider.fetch);
        expect(endSessionUrl(issuer, 'the.id.token', REDIRECT_URI)).toBeUndefined();
    });
});

describe('isLoopbackHttp', () => {
    it.each([
        ['http://127.0.0.1:4000', true],
        ['http://localhost/', true],
        ['http://[::1]:8080/realms/x', true],
        ['https://127.0.0.1:4000', false],
        ['http://127.0.0.1.example.com', false],
        ['http://10.0.0.1', false],
    ])('%s → %s', (url, loopback) => {
        expect(isLoopbackHttp(new URL(url))).toBe(loopback);
    });
});

describe('accessTokenExpiry', () => {
    const jwtWith = (claims: Record<string, unknown>): string =>
        `e30.${btoa(JSON.stringify(claims)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.sig`;

    it('is the earlier of the token exp and expires_in', () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }),
                fc.integer({ min: 0, max: 86_400 }),
                fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }),
                (nowSeconds, expiresIn, exp) => {
                    const now = nowSeconds * 1000;
                    expect(accessTokenExpiry(jwtWith({ exp }), expiresIn, now)).toBe(
                        Math.min(exp, nowSeconds + expiresIn),
                    );
                },
            ),
        );
    });

    it('falls back to expires_in for an opaque token, and to one hour when nothing says', () => {
        expect(accessTokenExpiry('opaque-token', 120, 1_000_000)).toBe(1_000 + 120);
        expect(accessTokenExpiry('opaque-token', undefined, 1_000_000)).toBe(1_000 + 3_600);
        expect(accessTokenExpiry(jwtWith({ exp: 'soon' }), undefined, 1_000_000)).toBe(1_000 + 3_600);
    });
});
