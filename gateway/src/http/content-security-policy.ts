import { type GatewayConfig } from '../config/gateway-config.js';

/** CSP directives in @fastify/helmet's shape (camelCase names, each a list of source expressions). */
export type CspDirectives = Readonly<Record<string, readonly string[]>>;

/**
 * The Content-Security-Policy directives of every response (helmet adds its defaults: base-uri, form-action,
 * frame-ancestors, object-src 'none', script-src-attr 'none', upgrade-insecure-requests).
 *
 * The pages are served from this gateway and talk only to it: scripts and styles from 'self', no inline scripts.
 * With OIDC sign-in (`web.oidc.issuer`) the browser itself discovers the issuer and redeems the code at its token
 * endpoint and reads its JWKS, so connect-src adds the issuer's origin and any `web.oidc.connectOrigins` (for an
 * issuer whose token or JWKS endpoint lives on another origin). Going to the issuer's authorization and logout
 * endpoints is a top-level navigation, which CSP does not restrict, and no form is posted off this origin, so
 * form-action stays 'self'. Without OIDC nothing is widened.
 */
export function contentSecurityDirectives(web: GatewayConfig['web']): CspDirectives {
    const directives: Record<string, readonly string[]> = {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
    };
    if (web.oidc.issuer !== '') {
        const origins = new Set([new URL(web.oidc.issuer).origin, ...web.oidc.connectOrigins]);
        directives.connectSrc = ["'self'", ...origins];
    }
    return directives;
}
