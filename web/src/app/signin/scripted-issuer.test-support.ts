import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** What the scripted issuer does differently from a well-behaved one, one defect per test. */
export interface IssuerScript {
    /** The `issuer` its discovery document names (default: its own). */
    readonly discoveredIssuer?: string;
    /** Overrides of the ID token's claims (`nonce`, `aud`, `iss`, `exp`...). */
    readonly idTokenClaims?: Record<string, unknown>;
    /** Sign the ID token with a key the JWKS does not hold. */
    readonly foreignSigningKey?: boolean;
    /** Answer the token request with this OAuth error. */
    readonly tokenError?: string;
    /** Advertise RP-initiated logout. */
    readonly endSession?: boolean;
}

/** A token request the scripted issuer received, as form fields. */
export type TokenRequest = Readonly<Record<string, string>>;

/**
 * An OpenID provider scripted in memory, answering oauth4webapi through its `customFetch` hook: discovery, JWKS,
 * and a token endpoint that checks the PKCE verifier against the challenge of the authorization request.
 */
export interface ScriptedIssuer {
    readonly issuer: string;
    readonly clientId: string;
    readonly fetch: typeof fetch;
    readonly tokenRequests: TokenRequest[];
    /** Plays the authorization endpoint: the URL the issuer would redirect back to after the user agreed. */
    authorize(authorizationUrl: URL, subject?: string): string;
}

/** Starts a scripted issuer at `issuer` (nothing listens: requests go through its `fetch`). */
export async function scriptedIssuer(
    script: IssuerScript = {},
    issuer = 'https://id.example.test',
    clientId = 'lendledger-web',
): Promise<ScriptedIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const foreign = await generateKeyPair('ES256');
    const jwk: JWK = { ...(await exportJWK(publicKey)), alg: 'ES256', use: 'sig' };
    jwk.kid = await calculateJwkThumbprint(jwk);
    const grants = new Map<string, { challenge: string; nonce: string; redirectUri: string; subject: string }>();
    const tokenRequests: TokenRequest[] = [];
    const signingKey: CryptoKey = script.foreignSigningKey ? foreign.privateKey : privateKey;

    const sign = (claims: Record<string, unknown>, typ?: string): Promise<string> =>
        new SignJWT(claims)
            .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, ...(typ ? { typ } : {}) })
            .sign(signingKey);

    const json = (body: unknown, status = 200): Response =>
        new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

    const answer = async (url: URL, init: RequestInit | undefined): Promise<Response> => {
        switch (url.pathname) {
            case '/.well-known/openid-configuration':
                return json({
                    issuer: script.discoveredIssuer ?? issuer,
                    authorization_endpoint: `${issuer}/auth`,
                    token_endpoint: `${issuer}/token`,
                    jwks_uri: `${issuer}/jwks`,
                    id_token_signing_alg_values_supported: ['ES256'],
                    authorization_response_iss_parameter_supported: true,
                    ...(script.endSession ? { end_session_endpoint: `${issuer}/session/end` } : {}),
                });
            case '/jwks':
                return json({ keys: [jwk] });
            case '/token':
                return token(new URLSearchParams(String(init?.body)));
            default:
                return json({ error: 'not_found' }, 404);
        }
    };

    const token = async (form: URLSearchParams): Promise<Response> => {
        tokenRequests.push(Object.fromEntries(form));
        if (script.tokenError) {
            return json({ error: script.tokenError, error_description: 'scripted refusal' }, 400);
        }
        const grant = grants.get(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        if (
            !grant ||
            form.get('client_id') !== clientId ||
            form.get('redirect_uri') !== grant.redirectUri ||
            (await s256(verifier)) !== grant.challenge
        ) {
            return json({ error: 'invalid_grant' }, 400);
        }
        grants.delete(form.get('code') ?? '');
        const now = Math.floor(Date.now() / 1000);
        const accessToken = await sign(
            { iss: issuer, aud: 'lendledger-gateway', sub: grant.subject, iat: now, exp: now + 600 },
            'at+jwt',
        );
        const idToken = await sign({
            iss: issuer,
            aud: clientId,
            sub: grant.subject,
            iat: now,
            exp: now + 300,
            nonce: grant.nonce,
            name: 'Wang Fang',
            ...script.idTokenClaims,
        });
        return json({ access_token: accessToken, id_token: idToken, token_type: 'Bearer', expires_in: 3_600 });
    };

    return {
        issuer,
        clientId,
        tokenRequests,
        fetch: (async (input: RequestInfo | URL, init?: RequestInit) =>
            answer(new URL(input instanceof Request ? input.url : input), init)) as typeof fetch,
        authorize(authorizationUrl, subject = 'User1') {
            const p = authorizationUrl.searchParams;
            const code = crypto.randomUUID();
            grants.set(code, {
                challenge: p.get('code_challenge') ?? '',
                nonce: p.get('nonce') ?? '',
                redirectUri: p.get('redirect_uri') ?? '',
                subject,
            });
            const back = new URL(p.get('redirect_uri') ?? '');
            back.searchParams.set('code', code);
            back.searchParams.set('state', p.get('state') ?? '');
            back.searchParams.set('iss', issuer);
            return back.href;
        },
    };
}

async function s256(verifier: string): Promise<string> {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    return btoa(String.fromCharCode(...digest))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
}
