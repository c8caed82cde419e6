import * as oauth from 'oauth4webapi';
import { claimsOf } from '../../common/session.ts';
import { type PendingSignIn } from './pending-sign-in.ts';

/** What the gateway's `/app/config.json` says about OIDC sign-in (gateway settings `web.oidc.*`, `auth.audience`). */
export interface OidcSettings {
    readonly issuer: string;
    readonly clientId: string;
    readonly scope: string;
    /** The audience the gateway expects in access tokens (`auth.audience`). */
    readonly audience: string;
    /** RFC 8707 resource indicator sent with the authorization and token requests; '' sends none. */
    readonly resource?: string;
}

/** The issuer as discovered, with the HTTP options every later request to it needs. */
export interface OidcIssuer {
    readonly as: oauth.AuthorizationServer;
    readonly settings: OidcSettings;
    readonly http: HttpOptions;
}

/** The tokens of a completed sign-in. */
export interface OidcTokens {
    /** The bearer token the gateway verifies (issuer, audience, algorithm, expiry, org and roles claims). */
    readonly accessToken: string;
    /** Kept only as the hint for RP-initiated logout. */
    readonly idToken: string;
    /** The ID token's subject and, when the issuer sends one, a display name. */
    readonly subject: string;
    readonly name: string | undefined;
    /** Seconds since the epoch when the access token stops working. */
    readonly expiresAt: number;
}

interface HttpOptions {
    [oauth.allowInsecureRequests]?: boolean;
    [oauth.customFetch]?: typeof fetch;
}

/**
 * Plain http is allowed only for an issuer on the loopback interface (a developer's or a test's provider): the
 * browser treats loopback as a secure context, and nothing leaves the machine. Anything else must be https.
 */
export function isLoopbackHttp(url: URL): boolean {
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * Discovers the issuer (`/.well-known/openid-configuration`) and checks that the document names the same issuer.
 *
 * @param fetchImpl replaces `fetch` (unit tests answer with a scripted provider)
 * @throws {@link OidcProtocolError} `DISCOVERY` when the issuer does not answer, or answers with a document for
 *   another issuer
 */
export async function discoverIssuer(settings: OidcSettings, fetchImpl?: typeof fetch): Promise<OidcIssuer> {
    const issuerUrl = new URL(settings.issuer);
    const http: HttpOptions = {
        ...(isLoopbackHttp(issuerUrl) ? { [oauth.allowInsecureRequests]: true } : {}),
        ...(fetchImpl ? { [oauth.customFetch]: fetchImpl } : {}),
    };
    try {
        const response = await oauth.discoveryRequest(issuerUrl, { ...http, algorithm: 'oidc' });
        const as = await oauth.processDiscoveryResponse(issuerUrl, response);
        return { as, settings, http };
    } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new OidcProtocolError('DISCOVERY', `${settings.issuer} could not be discovered: ${reason}`, error);
    }
}

function clientOf(settings: OidcSettings): oauth.Client {
    return { client_id: settings.clientId };
}

/**
 * Starts a sign-in: fresh PKCE verifier (S256), state and nonce, and the authorization URL to send the browser to.
 * The caller stores the returned {@link PendingSignIn} before leaving the page; nothing else is kept.
 *
 * @param redirectUri where the issuer sends the browser back (registered with the issuer for this client)
 * @param returnTo the application route to show after sign-in (the hash the user asked for)
 */
export async function startSignIn(
    issuer: OidcIssuer,
    redirectUri: string,
    returnTo: string,
    now: number = Date.now(),
): Promise<{ readonly url: URL; readonly pending: PendingSignIn }> {
    const { as, settings } = issuer;
    if (!as.authorization_endpoint) {
        throw new OidcProtocolError('DISCOVERY', 'the issuer advertises no authorization endpoint');
    }
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const url = new URL(as.authorization_endpoint);
    url.searchParams.set('client_id', settings.clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', settings.scope);
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
    url.searchParams.set('state', state);
    url.searchParams.set('nonce', nonce);
    if (settings.resource) {
        url.searchParams.set('resource', settings.resource);
    }
    return {
        url,
        pending: { issuer: settings.issuer, state, nonce, codeVerifier, redirectUri, returnTo, startedAt: now },
    };
}

/**
 * Completes a sign-in from the URL the issuer sent the browser back to: checks the response (state; `iss` per
 * RFC 9207 when the issuer sends or advertises it; an error response), redeems the code with the PKCE verifier,
 * and validates the ID token (signature against the issuer's keys, `iss`, `aud`, `exp`, `iat`, `nonce`).
 *
 * @throws oauth4webapi's `AuthorizationResponseError` (the issuer answered with an error such as access_denied),
 *   `ResponseBodyError` (the token endpoint refused), `OperationProcessingError` (state, issuer or ID token
 *   checks failed); {@link OidcProtocolError} when the pending sign-in belongs to another issuer
 */
export async function finishSignIn(
    issuer: OidcIssuer,
    pending: PendingSignIn,
    callbackUrl: URL,
    now: number = Date.now(),
): Promise<OidcTokens> {
    const { as, settings, http } = issuer;
    if (pending.issuer !== settings.issuer) {
        throw new OidcProtocolError('ISSUER_CHANGED', 'the sign-in was started with another issuer');
    }
    const client = clientOf(settings);
    const params = oauth.validateAuthResponse(as, client, callbackUrl, pending.state);
    const response = await oauth.authorizationCodeGrantRequest(
        as,
        client,
        oauth.None(),
        params,
        pending.redirectUri,
        pending.codeVerifier,
        { ...http, ...(settings.resource ? { additionalParameters: { resource: settings.resource } } : {}) },
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
        expectedNonce: pending.nonce,
        requireIdToken: true,
    });
    await oauth.validateApplicationLevelSignature(as, response, http);
    const claims = oauth.getValidatedIdTokenClaims(result);
    if (!claims || !result.id_token) {
        throw new OidcProtocolError('NO_ID_TOKEN', 'the issuer sent no ID token');
    }
    if (result.token_type.toLowerCase() !== 'bearer') {
        throw new OidcProtocolError('TOKEN_TYPE', `the issuer sent a ${result.token_type} token, not a bearer token`);
    }
    const name = [claims.name, claims.preferred_username].find((v): v is string => typeof v === 'string');
    return {
        accessToken: result.access_token,
        idToken: result.id_token,
        subject: claims.sub,
        name,
        expiresAt: accessTokenExpiry(result.access_token, result.expires_in, now),
    };
}

/**
 * When the access token stops working, in seconds since the epoch: its own `exp` when it is a JWT (what the gateway
 * enforces), else `expires_in` from the token response, else one hour from `now`; the earlier of the two known ones.
 */
export function accessTokenExpiry(accessToken: string, expiresIn: number | undefined, now: number): number {
    const fromResponse = expiresIn !== undefined ? Math.floor(now / 1000) + expiresIn : undefined;
    let fromToken: number | undefined;
    try {
        const exp = claimsOf(accessToken).exp;
        fromToken = typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
    } catch {
        fromToken = undefined;
    }
    const known = [fromResponse, fromToken].filter((v): v is number => v !== undefined);
    return known.length > 0 ? Math.min(...known) : Math.floor(now / 1000) + 3_600;
}

/**
 * The issuer's RP-initiated logout URL (OpenID Connect RP-Initiated Logout 1.0), or undefined when the issuer
 * advertises no `end_session_endpoint`.
 */
export function endSessionUrl(issuer: OidcIssuer, idTokenHint: string, postLogoutRedirectUri: string): URL | undefined {
    const endpoint = issuer.as.end_session_endpoint;
    if (!endpoint) {
        return undefined;
    }
    const url = new URL(endpoint);
    url.searchParams.set('client_id', issuer.settings.clientId);
    url.searchParams.set('id_token_hint', idTokenHint);
    url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUri);
    return url;
}

/** What went wrong in the sign-in outside oauth4webapi's own checks. */
export type OidcProtocolCode = 'DISCOVERY' | 'ISSUER_CHANGED' | 'NO_ID_TOKEN' | 'TOKEN_TYPE';

/** A sign-in step that failed for a reason this module checks itself. */
export class OidcProtocolError extends Error {
    readonly code: OidcProtocolCode;

    constructor(code: OidcProtocolCode, message: string, cause?: unknown) {
        super(message, cause === undefined ? undefined : { cause });
        this.name = 'OidcProtocolError';
        this.code = code;
    }
}
