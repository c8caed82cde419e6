import { describe, expect, it } from 'vitest';
import { jsonChanged, jsonPlaces, jsonStringPlaces, type Json } from './json-walk.js';

const REQUEST: Json = { id: 'a', items: [{ code: 'x', size: 2 }, 'y'], flag: true, none: null };

describe('walking a JSON value', () => {
    it('lists every place, the value itself first, depth first', () => {
        expect(jsonPlaces(REQUEST)).toEqual([
            [],
            ['id'],
            ['items'],
            ['items', 0],
            ['items', 0, 'code'],
            ['items', 0, 'size'],
            ['items', 1],
            ['flag'],
            ['none'],
        ]);
    });

    it('lists the places of the strings only', () => {
        expect(jsonStringPlaces(REQUEST)).toEqual([['id'], ['items', 0, 'code'], ['items', 1]]);
        expect(jsonStringPlaces('alone')).toEqual([[]]);
        expect(jsonStringPlaces(7)).toEqual([]);
    });
});

describe('changing one place of a JSON value', () => {
    it('replaces a member or an item deep inside, keeping the order of members and the original intact', () => {
        const before = JSON.stringify(REQUEST);
        const changed = jsonChanged(REQUEST, ['items', 0, 'code'], 'z');
        expect(JSON.stringify(changed)).toBe('{"id":"a","items":[{"code":"z","size":2},"y"],"flag":true,"none":null}');
        expect(JSON.stringify(jsonChanged(REQUEST, ['items', 1], { deep: [1] }))).toBe(
            '{"id":"a","items":[{"code":"x","size":2},{"deep":[1]}],"flag":true,"none":null}',
        );
        expect(JSON.stringify(REQUEST)).toBe(before);
    });

    it('replaces the whole value at the empty place', () => {
        expect(jsonChanged(REQUEST, [], 'other')).toBe('other');
        expect(jsonChanged(REQUEST, [], undefined)).toBeUndefined();
    });

    it('removes a member or an item when the replacement is undefined', () => {
        expect(jsonChanged(REQUEST, ['id'], undefined)).toEqual({
            items: [{ code: 'x', size: 2 }, 'y'],
            flag: true,
            none: null,
        });
        expect(jsonChanged(REQUEST, ['items', 0], undefined)).toEqual({ ...(REQUEST as object), items: ['y'] });
    });

    it('adds a missing member at the end, and keeps a __proto__ member as an own member', () => {
        expect(Object.keys(jsonChanged(REQUEST, ['extra'], 1) as object)).toEqual([
            'id',
            'items',
            'flag',
            'none',
            'extra',
        ]);
        const polluted = jsonChanged({ a: 1 }, ['__proto__'], { admin: true }) as Record<string, unknown>;
        expect(Object.hasOwn(polluted, '__proto__')).toBe(true);
        expect(Object.getPrototypeOf(polluted)).toBe(Object.prototype);
        expect(JSON.stringify(polluted)).toBe('{"a":1,"__proto__":{"admin":true}}');
    });
});
