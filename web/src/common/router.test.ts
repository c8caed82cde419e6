import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { href, isRouteHash, routeOf } from './router.ts';

describe('routeOf', () => {
    it('never throws, whatever the hash holds', () => {
        const hash = fc.oneof(
            fc.string(),
            fc.string().map((s) => `#/${s}`),
            fc
                .array(fc.constantFrom('%', '%E0', '%zz', '%C3%', '/', '?', '#', 'a', '%41'), { maxLength: 12 })
                .map((parts) => `#/${parts.join('')}`),
        );
        fc.assert(
            fc.property(hash, (h) => {
                const route = routeOf(h);
                expect(Array.isArray(route.segments)).toBe(true);
            }),
        );
    });

    it('keeps a malformed percent-encoding as written instead of failing', () => {
        expect(routeOf('#/cases/%E0').segments).toEqual(['cases', '%E0']);
    });

    it('reads back every path href writes', () => {
        const segment = fc.string({ minLength: 1 });
        fc.assert(
            fc.property(fc.array(segment, { maxLength: 5 }), (segments) => {
                expect(routeOf(href(...segments)).segments).toEqual(segments);
            }),
        );
    });
});

describe('isRouteHash', () => {
    it('takes #/... and an empty hash as routes and any other anchor (the skip link) as not one', () => {
        expect(isRouteHash('')).toBe(true);
        expect(isRouteHash('#/cases')).toBe(true);
        expect(isRouteHash('#main')).toBe(false);
        fc.assert(
            fc.property(fc.string(), (s) => {
                expect(isRouteHash(`#/${s}`)).toBe(true);
            }),
        );
    });
});
