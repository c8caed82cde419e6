import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAuthorizationResponse, redirectUriOf, returnRouteOf, withoutAuthorizationResponse } from './callback-url.ts';

describe('callback URL', () => {
    it('uses the page address without query or hash as the redirect URI', () => {
        expect(redirectUriOf(new URL('https://gw.example:8443/app/?lang=en#/cases/C-1'))).toBe(
            'https://gw.example:8443/app/',
        );
    });

    it('answers the fixed <origin>/app/ whatever path, query or hash the page was opened under', () => {
        const path = fc.webPath();
        fc.assert(
            fc.property(
                fc.constantFrom('https://gw.example', 'http://localhost:17080'),
                path,
                fc.string(),
                (origin, p, rest) => {
                    const url = new URL(`${origin}${p}?${encodeURIComponent(rest)}#/${encodeURIComponent(rest)}`);
                    expect(redirectUriOf(url)).toBe(`${origin}/app/`);
                },
            ),
        );
        expect(redirectUriOf(new URL('https://gw.example/app/index.html#/cases'))).toBe('https://gw.example/app/');
    });

    it('recognises a code or an error in the query as the issuer answering', () => {
        expect(isAuthorizationResponse(new URL('https://gw.example/app/?code=x&state=y'))).toBe(true);
        expect(isAuthorizationResponse(new URL('https://gw.example/app/?error=access_denied&state=y'))).toBe(true);
        expect(isAuthorizationResponse(new URL('https://gw.example/app/?lang=en#/cases?code=x'))).toBe(false);
    });

    it('removes every response parameter and keeps the rest of the address', () => {
        const responseParameter = fc.constantFrom(
            'code',
            'state',
            'iss',
            'error',
            'error_description',
            'session_state',
        );
        const otherName = fc
            .stringMatching(/^[a-z]{1,8}$/)
            .filter((n) => !['code', 'state', 'iss', 'error'].includes(n));
        fc.assert(
            fc.property(
                fc.array(fc.tuple(responseParameter, fc.string()), { maxLength: 6 }),
                fc.array(fc.tuple(otherName, fc.string()), { maxLength: 3 }),
                fc.stringMatching(/^#\/[a-z/]{0,12}$/),
                (response, others, hash) => {
                    const url = new URL(`https://gw.example/app/${hash}`);
                    for (const [name, value] of [...others, ...response]) {
                        url.searchParams.append(name, value);
                    }
                    const clean = withoutAuthorizationResponse(url);
                    expect(isAuthorizationResponse(clean)).toBe(false);
                    for (const name of ['code', 'state', 'iss', 'error', 'error_description', 'session_state']) {
                        expect(clean.searchParams.has(name)).toBe(false);
                    }
                    expect([...clean.searchParams]).toEqual(others.filter(([n]) => !/^error_|session_state/.test(n)));
                    expect(clean.hash).toBe(url.hash);
                    expect(clean.pathname).toBe('/app/');
                },
            ),
        );
    });
});

describe('return route', () => {
    it('keeps an application route and sends anything else to the start page', () => {
        expect(returnRouteOf('#/cases/C-1')).toBe('#/cases/C-1');
        expect(returnRouteOf('')).toBe('#/');
        expect(returnRouteOf('#/signin')).toBe('#/');
        expect(returnRouteOf('#https://evil.example')).toBe('#/');
        expect(returnRouteOf('#/a b')).toBe('#/');
    });
});
