/**
 * The redirect URI is the application's own page, `<origin>/app/`, with no marker of its own: the issuer's answer
 * is the marker. An authorization response always carries `state` and either `code` or `error` in the query
 * (RFC 6749 4.1.2); the application itself never puts them there (its routes live in the hash).
 */

/** Query parameters an authorization response may carry, all removed from the address after reading. */
const RESPONSE_PARAMETERS = ['code', 'state', 'iss', 'error', 'error_description', 'error_uri', 'session_state'];

/** Where the gateway serves the signed-in application (Vite's base path). */
export const APP_PATH = '/app/';

/**
 * The redirect URI for the application served at `pageUrl`: always `<origin>/app/`, whatever path the page was
 * opened under (`/app/index.html` and `/app/` are the same page), so the value registered at the issuer and the
 * value sent with the code exchange never differ.
 */
export function redirectUriOf(pageUrl: URL): string {
    return `${pageUrl.origin}${APP_PATH}`;
}

/** Whether the URL is the issuer sending the browser back (a code or an error, with or without state). */
export function isAuthorizationResponse(url: URL): boolean {
    return url.searchParams.has('code') || url.searchParams.has('error');
}

/**
 * The same URL without the authorization response parameters, for `history.replaceState`: the code must not stay
 * in the address bar, the history, or a bookmark. Other query parameters (such as `lang`) and the hash stay.
 */
export function withoutAuthorizationResponse(url: URL): URL {
    const clean = new URL(url.href);
    for (const name of RESPONSE_PARAMETERS) {
        clean.searchParams.delete(name);
    }
    return clean;
}

/**
 * The route to come back to after sign-in: the current hash when it is an application route, else the start page.
 * Only `#/...` is kept, so the value can never point the browser elsewhere.
 */
export function returnRouteOf(hash: string): string {
    return /^#\/[^\s]*$/.test(hash) && !hash.startsWith('#/signin') ? hash : '#/';
}
