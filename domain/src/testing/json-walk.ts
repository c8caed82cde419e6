/**
 * Walking and changing JSON values, for the tests that alter a valid request one place at a time (the chaincode's
 * and the gateway's adversarial and personal-data suites). It lives in the domain package, which both depend on,
 * so neither test copies it; it is test support and stays out of the build (`@lendledger/domain/testing/…`).
 */

/** A JSON value as a request holds it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A place inside a JSON value: member names and array indexes from the top; empty for the value itself. */
export type JsonPath = readonly (string | number)[];

/** Every place in a JSON value, the value itself first, then its members and items, depth first. */
export function jsonPlaces(value: Json, at: JsonPath = []): JsonPath[] {
    const inner = Array.isArray(value)
        ? value.flatMap((item, index) => jsonPlaces(item, [...at, index]))
        : value !== null && typeof value === 'object'
          ? Object.entries(value).flatMap(([key, member]) => jsonPlaces(member, [...at, key]))
          : [];
    return [at, ...inner];
}

/** The places of the strings in a JSON value, depth first. */
export function jsonStringPlaces(value: Json, at: JsonPath = []): JsonPath[] {
    if (typeof value === 'string') {
        return [at];
    }
    if (Array.isArray(value)) {
        return value.flatMap((item, index) => jsonStringPlaces(item, [...at, index]));
    }
    if (value !== null && typeof value === 'object') {
        return Object.entries(value).flatMap(([key, member]) => jsonStringPlaces(member, [...at, key]));
    }
    return [];
}

/**
 * The value with the place `at` replaced, or, with `replacement` undefined, removed (an array item leaves the array,
 * a member its object). A member missing from its object is added. Members keep their order, and a `__proto__`
 * member stays an own member, the way `JSON.parse` makes it. The value itself is not changed.
 */
export function jsonChanged(value: Json, at: JsonPath, replacement: Json): Json;
export function jsonChanged(value: Json, at: JsonPath, replacement: Json | undefined): Json | undefined;
export function jsonChanged(value: Json, at: JsonPath, replacement: Json | undefined): Json | undefined {
    if (at.length === 0) {
        return replacement;
    }
    const [head, ...rest] = at;
    if (Array.isArray(value)) {
        const items = value.map((item, index) => (index === head ? jsonChanged(item, rest, replacement) : item));
        return items.filter((item): item is Json => item !== undefined);
    }
    const members = value !== null && typeof value === 'object' ? Object.entries(value) : [];
    const name = String(head);
    const present = members.some(([member]) => member === name);
    const next = present
        ? members.flatMap(([member, item]): [string, Json][] => {
              if (member !== name) {
                  return [[member, item]];
              }
              const changed = jsonChanged(item, rest, replacement);
              return changed === undefined ? [] : [[member, changed]];
          })
        : replacement === undefined
          ? members
          : [...members, [name, replacement] as [string, Json]];
    return jsonObjectOf(next);
}

/** An object from entries, keeping a `__proto__` key as an own key, the way `JSON.parse` makes it. */
export function jsonObjectOf(entries: readonly [string, Json][]): Json {
    const object: { [key: string]: Json } = {};
    for (const [name, member] of entries) {
        Object.defineProperty(object, name, { value: member, enumerable: true, writable: true, configurable: true });
    }
    return object;
}
