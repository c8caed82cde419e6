import {
    COMMON_ERRORS,
    hexPattern,
    ISO_DATE_PATTERN,
    ISO_TIME_PATTERN,
    isLedgerSafeCode,
    type LedgerSafePattern,
} from '@lendledger/domain';
import { ChaincodeError } from './chaincode-error.js';

/**
 * Reading a transaction's JSON request field by field. Every reader names the field path in its error, so a batch
 * caller learns which item and which field to fix. Nothing here trusts the input's shape.
 */

/** A parsed request object whose fields have not been checked yet. */
export type Fields = Readonly<Record<string, unknown>>;

function invalid(path: string, message: string, extra: Record<string, string | number> = {}): ChaincodeError {
    return new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, `${path} ${message}`, { field: path, ...extra });
}

/**
 * The objects a request reader has opened and the keys it has read from each. A reader sees every request object
 * through a view that records the keys it reads; once the reader returns, any key it never read is refused. So a
 * request is a closed object by construction: a new reader cannot forget the check, and no unknown key (whose name
 * and value could carry personal data) reaches a transaction's arguments in a block.
 */
interface ReadScope {
    /** Each object opened, by identity: two readers of one object (a row's own and a shared one) share its keys. */
    readonly opened: Map<object, { readonly path: string; readonly read: Set<string> }>;
}

/** The scope of the reader now running; readers are synchronous, so at most one is open at a time per call stack. */
let scope: ReadScope | undefined;

/** The path of a key as errors name fields: `consentId` at the top, `items[0].loanRef` below. */
function keyPath(path: string, key: string): string {
    return path === '' ? key : `${path}.${key}`;
}

function closedView(value: Readonly<Record<string, unknown>>, path: string): Fields {
    if (scope === undefined) {
        return value;
    }
    const entry = scope.opened.get(value) ?? { path, read: new Set<string>() };
    scope.opened.set(value, entry);
    const read = entry.read;
    return new Proxy(value, {
        get(target, key, receiver) {
            if (typeof key === 'string') {
                read.add(key);
            }
            return Reflect.get(target, key, receiver) as unknown;
        },
        has(target, key) {
            if (typeof key === 'string') {
                read.add(key);
            }
            return Reflect.has(target, key);
        },
        // A reader that lists an object's keys (a map keyed by ID) takes each key as read and checks it itself.
        ownKeys(target) {
            const keys = Reflect.ownKeys(target);
            keys.forEach((key) => typeof key === 'string' && read.add(key));
            return keys;
        },
    });
}

/**
 * Refuses the first key a reader left unread. The key is named only when it passes the identifier rule; any other
 * key could be personal data, so the error names the object that holds it instead.
 */
function refuseUnreadKeys(opened: ReadScope['opened']): void {
    for (const [value, { path, read }] of opened) {
        const unknown = Object.keys(value).find((key) => !read.has(key));
        if (unknown === undefined) {
            continue;
        }
        if (isLedgerSafeCode(unknown)) {
            throw invalid(keyPath(path, unknown), 'is not a field of this request');
        }
        throw new ChaincodeError(
            COMMON_ERRORS.INVALID_ARGUMENT,
            `${path === '' ? 'request' : path} holds a key that is not a field of this request (not shown)`,
            { field: path === '' ? 'request' : path },
        );
    }
}

/**
 * Reads a transaction argument that must be a JSON object, through `reader`, as a closed object: every object the
 * reader opens (this one, and each it opens with {@link asFields}) must hold no key the reader did not read. The
 * reader must be synchronous, so it finishes reading before the transaction reads state or writes anything.
 *
 * @throws {@link ChaincodeError} INVALID_JSON if the text is not JSON, INVALID_ARGUMENT if it is not an object or
 *   holds a key the reader does not read, and whatever the reader throws.
 */
export function parseRequest<T>(json: string, reader: (fields: Fields) => T): T {
    let value: unknown;
    try {
        value = JSON.parse(json);
    } catch (error) {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_JSON, `request is not valid JSON: ${(error as Error).message}`, {
            field: 'request',
        });
    }
    return readClosed(() => reader(asFields(value, '')));
}

/**
 * Runs a synchronous reader so that every object it opens with {@link asFields} is closed: a key it never read is
 * refused once it returns. {@link parseRequest} uses it; a reader of other input (the transient map) uses it too.
 */
export function readClosed<T>(reader: () => T): T {
    if (scope !== undefined) {
        // Nested in a reader already running: its objects join the outer scope, checked when that one returns.
        return reader();
    }
    const current: ReadScope = { opened: new Map() };
    scope = current;
    let answer: T;
    try {
        answer = reader();
    } finally {
        scope = undefined;
    }
    if (answer instanceof Promise) {
        throw new Error('a request reader must be synchronous');
    }
    refuseUnreadKeys(current.opened);
    return answer;
}

/**
 * Checks that a value is a plain object. Inside a reader run by {@link parseRequest} or {@link readClosed}, the
 * object is closed: a key the reader does not read is refused.
 */
export function asFields(value: unknown, path: string): Fields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw invalid(path === '' ? 'request' : path, 'must be an object');
    }
    return closedView(value as Fields, path);
}

/**
 * How a string field is checked. The pattern is required and must be ledger-safe (an identifier under the one
 * identifier rule, or a fixed format such as a pseudonym or a fingerprint, see domain `privacy/ledger-safe.ts`):
 * whatever a transaction reads may end up in a block every member keeps for good, so no field may take free text.
 */
export type TextOptions = Readonly<{ path?: string; pattern: LedgerSafePattern; max?: number; min?: number }>;

/** A required string matching a ledger-safe pattern, with a maximum length (default 256). */
export function text(fields: Fields, name: string, options: TextOptions): string {
    const path = options.path ? `${options.path}.${name}` : name;
    const value = fields[name];
    if (typeof value !== 'string') {
        throw invalid(path, 'must be a string');
    }
    const max = options.max ?? 256;
    const min = options.min ?? 1;
    if (value.length < min || value.length > max) {
        throw invalid(path, `must be ${min} to ${max} characters long`, { min, max });
    }
    if (!options.pattern.test(value)) {
        throw invalid(path, `does not match ${options.pattern.source}`, { pattern: options.pattern.source });
    }
    return value;
}

/** An optional string: `undefined` when absent, otherwise checked like {@link text}. */
export function optionalText(fields: Fields, name: string, options: TextOptions): string | undefined {
    return fields[name] === undefined || fields[name] === null ? undefined : text(fields, name, options);
}

/** A required string from a closed list. */
export function oneOf<const T extends string>(
    fields: Fields,
    name: string,
    allowed: readonly T[],
    options: Readonly<{ path?: string }> = {},
): T {
    const path = options.path ? `${options.path}.${name}` : name;
    const value = fields[name];
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
        throw invalid(path, `must be one of ${allowed.join(', ')}`, { allowed: allowed.join(',') });
    }
    return value as T;
}

/** A required safe integer within bounds (inclusive). Money is always an integer count of minor units. */
export function integer(
    fields: Fields,
    name: string,
    options: Readonly<{ path?: string; min?: number; max?: number }> = {},
): number {
    const path = options.path ? `${options.path}.${name}` : name;
    const value = fields[name];
    const min = options.min ?? Number.MIN_SAFE_INTEGER;
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw invalid(path, 'must be an integer');
    }
    if (value < min || value > max) {
        throw invalid(path, `must be between ${min} and ${max}`, { min, max });
    }
    return value;
}

/** A required boolean. */
export function flag(fields: Fields, name: string, options: Readonly<{ path?: string }> = {}): boolean {
    const path = options.path ? `${options.path}.${name}` : name;
    const value = fields[name];
    if (typeof value !== 'boolean') {
        throw invalid(path, 'must be true or false');
    }
    return value;
}

/** A required array with a length between min and max. */
export function list(
    fields: Fields,
    name: string,
    options: Readonly<{ path?: string; min?: number; max: number }>,
): readonly unknown[] {
    const path = options.path ? `${options.path}.${name}` : name;
    const value = fields[name];
    if (!Array.isArray(value)) {
        throw invalid(path, 'must be an array');
    }
    const min = options.min ?? 1;
    if (value.length < min) {
        throw new ChaincodeError(COMMON_ERRORS.BATCH_EMPTY, `${path} must hold at least ${min} item(s)`, {
            field: path,
            min,
        });
    }
    if (value.length > options.max) {
        throw new ChaincodeError(
            COMMON_ERRORS.BATCH_TOO_LARGE,
            `${path} holds ${value.length} items, at most ${options.max} are accepted`,
            {
                field: path,
                max: options.max,
                size: value.length,
            },
        );
    }
    return value;
}

/** An ISO-8601 UTC timestamp such as 2026-01-31T00:00:00Z or 2026-01-31T00:00:00.000Z, normalised to milliseconds. */
export function isoTime(fields: Fields, name: string, options: Readonly<{ path?: string }> = {}): string {
    const value = text(fields, name, {
        ...options,
        max: 30,
        pattern: ISO_TIME_PATTERN,
    });
    const millis = Date.parse(value);
    if (Number.isNaN(millis)) {
        throw invalid(options.path ? `${options.path}.${name}` : name, 'is not a valid date and time');
    }
    return new Date(millis).toISOString();
}

/** A calendar date YYYY-MM-DD. */
export function isoDate(fields: Fields, name: string, options: Readonly<{ path?: string }> = {}): string {
    const value = text(fields, name, { ...options, max: 10, pattern: ISO_DATE_PATTERN });
    if (
        Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
        new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
    ) {
        throw invalid(options.path ? `${options.path}.${name}` : name, 'is not a valid calendar date');
    }
    return value;
}

/** Lower-case hex of exactly `bytes` bytes (e.g. 32 for SHA-256 and SM3). */
export function hexDigest(fields: Fields, name: string, bytes = 32, options: Readonly<{ path?: string }> = {}): string {
    return text(fields, name, {
        ...options,
        min: bytes * 2,
        max: bytes * 2,
        pattern: hexPattern(bytes),
    });
}
