import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import Provider, { errors, type Configuration } from 'oidc-provider';

/** What the provider issues access tokens for: the gateway's audience, chosen by this resource indicator. */
export const GATEWAY_RESOURCE = 'urn:lendledger:gateway';
/** The scope the gateway's resource server grants. */
export const GATEWAY_SCOPE = 'lendledger';
/** The public client of the web application. */
export const WEB_CLIENT_ID = 'lendledger-web';

/** Options of {@link startOidcProvider}. */
export interface TestOidcProviderOptions {
    /** The web application's page: its redirect URI and post-logout redirect URI. */
    readonly appUrl: string;
    /** The audience access tokens carry (the gateway's `auth.audience`). */
    readonly audience: string;
    /** The org and roles claims every access token carries. */
    readonly org: string;
    readonly roles: readonly string[];
}

/** A running OpenID provider on loopback. */
export interface TestOidcProvider {
    readonly issuer: string;
    readonly jwksUrl: string;
    close(): Promise<void>;
}

/**
 * Starts panva's `oidc-provider` on 127.0.0.1 (a free port): a public client with PKCE, its development login and
 * consent pages (any login name is the account ID, so logging in as `User1` makes `sub` User1), ES256 keys, and
 * access tokens issued as JWTs for the gateway's audience (resource indicators) carrying `org` and `roles`.
 */
export async function startOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
    let handler: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => {
        response.statusCode = 503;
        response.end();
    };
    // Listen first, so the issuer (which names the port) is known before the provider is made.
    const server: Server = createServer((request, response) => handler(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig' };
    const signingKey = { ...jwk, kid: await calculateJwkThumbprint(jwk) };

    const configuration: Configuration = {
        clients: [
            {
                client_id: WEB_CLIENT_ID,
                token_endpoint_auth_method: 'none',
                grant_types: ['authorization_code'],
                response_types: ['code'],
                redirect_uris: [options.appUrl],
                post_logout_redirect_uris: [options.appUrl],
                id_token_signed_response_alg: 'ES256',
            },
        ],
        jwks: { keys: [signingKey] },
        cookies: { keys: [randomBytes(32).toString('hex')] },
        pkce: { required: () => true },
        findAccount: (_ctx, id) => ({
            accountId: id,
            claims: () => ({ sub: id, name: `${id} (test provider)` }),
        }),
        features: {
            devInteractions: { enabled: true },
            rpInitiatedLogout: { enabled: true },
            resourceIndicators: {
                enabled: true,
                defaultResource: () => GATEWAY_RESOURCE,
                useGrantedResource: () => true,
                getResourceServerInfo: (_ctx, resource) => {
                    if (resource !== GATEWAY_RESOURCE) {
                        throw new errors.InvalidTarget();
                    }
                    return {
                        scope: GATEWAY_SCOPE,
                        audience: options.audience,
                        accessTokenTTL: 600,
                        accessTokenFormat: 'jwt',
                        jwt: { sign: { alg: 'ES256' } },
                    };
                },
            },
        },
        formats: {
            customizers: {
                jwt: (_ctx, _token, jwt) => {
                    jwt.payload.org = options.org;
                    jwt.payload.roles = [...options.roles];
                },
            },
        },
    };
    const provider = new Provider(issuer, configuration);
    handler = provider.callback();
    return {
        issuer,
        jwksUrl: `${issuer}/jwks`,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}
