import { useEffect, useState } from 'preact/hooks';

/** The application's location: the hash path split into segments, e.g. `#/cases/abc` → `['cases', 'abc']`. */
export interface Route {
    readonly segments: readonly string[];
    readonly query: URLSearchParams;
}

/**
 * Whether a hash is an application route (`#/...`, or none at all). Any other hash — the skip link's `#main`, an
 * in-page anchor — is not a route and leaves the current one in place.
 */
export function isRouteHash(hash: string): boolean {
    return hash === '' || hash === '#' || hash.startsWith('#/');
}

/** A segment decoded, or as written when its percent-encoding is malformed (`%E0`): an address never crashes. */
function decodeSegment(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        return segment;
    }
}

/** The route a hash names. Never throws, whatever the hash holds. */
export function routeOf(hash: string): Route {
    const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
    return {
        segments: path
            .split('/')
            .filter((s) => s !== '')
            .map(decodeSegment),
        query: new URLSearchParams(query),
    };
}

/** The current route, re-rendering on navigation; a hash that is not a route (see {@link isRouteHash}) is ignored. */
export function useRoute(): Route {
    const [route, setRoute] = useState(() => routeOf(isRouteHash(location.hash) ? location.hash : ''));
    useEffect(() => {
        const update = (): void => {
            if (isRouteHash(location.hash)) {
                setRoute(routeOf(location.hash));
            }
        };
        addEventListener('hashchange', update);
        return () => removeEventListener('hashchange', update);
    }, []);
    return route;
}

/** The href of an application path, each segment encoded: `href('cases', id)` → `#/cases/<id>`. */
export function href(...segments: readonly string[]): string {
    return `#/${segments.map(encodeURIComponent).join('/')}`;
}

/** Goes to an application path. */
export function navigate(...segments: readonly string[]): void {
    location.hash = href(...segments);
}
