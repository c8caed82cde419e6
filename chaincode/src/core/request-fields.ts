import {
    COMMON_ERRORS,
    hexPattern,
    ISO_DATE_PATTERN,
    ISO_TIME_PATTERN,
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
 * Parses a transaction argument that must be a JSON object.
 *
 * @throws {@link ChaincodeError} INVALID_JSON if the text is not JSON, INVALID_ARGUMENT if it is not an object.
 */
export function parseRequest(json: string, path = 'request'): Fields {
    let value: unknown;
    try {
        value = JSON.parse(json);
    } catch (error) {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_JSON, `${path} is not valid JSON: ${(error as Error).message}`, {
            field: path,
        });
    }
    return asFields(value, path);
}

/** Checks that a value is a plain object. */
export function asFields(value: unknown, path: string): Fields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw invalid(path, 'must be an object');
    }
    return value as Fields;
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
