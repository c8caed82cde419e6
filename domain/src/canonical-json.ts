import { CodedError } from './errors/coded-error-class.js';

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit order at every depth, no insignificant whitespace,
 * `undefined` object members omitted. Numbers must be safe integers: money, rates and counts are integers
 * throughout the ledger, so a float reaching here is a bug, and refusing it keeps every endorser's bytes equal.
 */
export type CanonicalValue =
    | string
    | number
    | boolean
    | null
    | readonly CanonicalValue[]
    | { readonly [key: string]: CanonicalValue | undefined };

/** Thrown when a value cannot be encoded canonically (a float, a non-finite number, a function, a cycle...). */
export class CanonicalJsonError extends CodedError {
    readonly path: string;

    constructor(message: string, path: string) {
        super('CANONICAL_JSON_UNENCODABLE', `${message} at ${path || '$'}`);
        this.path = path;
    }
}

/**
 * Encodes a value as canonical JSON.
 *
 * @throws {@link CanonicalJsonError} if the value contains a non-integer number or a type JSON cannot hold.
 * @example canonicalJson({ b: 1, a: [true, null] }) === '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
    return encode(value, '$', new Set());
}

/** Encodes a value as canonical JSON in UTF-8 bytes, ready for `putState` or an event payload. */
export function canonicalBytes(value: unknown): Uint8Array {
    return new TextEncoder().encode(canonicalJson(value));
}

function encode(value: unknown, path: string, ancestors: Set<object>): string {
    switch (typeof value) {
        case 'string':
        case 'boolean':
            return JSON.stringify(value);
        case 'number':
            if (!Number.isSafeInteger(value)) {
                throw new CanonicalJsonError(`number ${value} is not a safe integer`, path);
            }
            return JSON.stringify(value);
        case 'object':
            if (value === null) {
                return 'null';
            }
            return encodeObject(value, path, ancestors);
        default:
            throw new CanonicalJsonError(`value of type ${typeof value} cannot be encoded`, path);
    }
}

function encodeObject(value: object, path: string, ancestors: Set<object>): string {
    if (ancestors.has(value)) {
        throw new CanonicalJsonError('cyclic structure', path);
    }
    ancestors.add(value);
    try {
        if (Array.isArray(value)) {
            return `[${value.map((item, index) => encode(item, `${path}[${index}]`, ancestors)).join(',')}]`;
        }
        const entries = Object.entries(value)
            .filter(([, member]) => member !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        const members = entries.map(
            ([key, member]) => `${JSON.stringify(key)}:${encode(member, `${path}.${key}`, ancestors)}`,
        );
        return `{${members.join(',')}}`;
    } finally {
        ancestors.delete(value);
    }
}
