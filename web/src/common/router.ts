import { useEffect, useState } from 'preact/hooks';

/** The application's location: the hash path split into segments, e.g. `#/cases/abc` → `['cases', 'abc']`. */
export interface Route {
    readonly segments: readonly string[];
    readonly query: URLSearchParams;
}

function routeOf(hash: string): Route {
    const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
    return {
        segments: path
            .split('/')
            .filter((s) => s !== '')
            .map((s) => decodeURIComponent(s)),
        query: new URLSearchParams(query),
    };
}

/** The current route, re-rendering on navigation. */
export function useRoute(): Route {
    const [route, setRoute] = useState(() => routeOf(location.hash));
    useEffect(() => {
        const update = (): void => setRoute(routeOf(location.hash));
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
