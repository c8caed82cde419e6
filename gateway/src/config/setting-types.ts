import { isAbsolute, resolve } from 'node:path';

/** Where a raw value came from: relative paths resolve against the config file's folder or the working folder. */
export interface SettingSource {
    readonly baseDir: string;
}

/**
 * One setting: its default (absent when the setting is required), what it means, and how a raw value from the
 * file or the environment becomes a typed value. `parse` throws an Error whose message says what is wrong; the
 * loader prefixes the setting's name and environment variable.
 */
export interface SettingSpec<T> {
    readonly doc: string;
    readonly default?: T;
    /** How the default reads in documentation when it is computed (e.g. from another setting). */
    readonly defaultDoc?: string;
    parse(raw: unknown, source: SettingSource): T;
}

function asText(raw: unknown): string {
    if (typeof raw === 'string') {
        return raw.trim();
    }
    if (typeof raw === 'number' || typeof raw === 'boolean') {
        return String(raw);
    }
    throw new Error(`expected a string, got ${describe(raw)}`);
}

function describe(raw: unknown): string {
    if (raw === null) {
        return 'null';
    }
    if (Array.isArray(raw)) {
        return 'an array';
    }
    return typeof raw === 'object' ? 'an object' : `a ${typeof raw}`;
}

/** A non-empty string (or, with a default of `''`, an optional one). */
export function text(doc: string, fallback?: string, pattern?: RegExp): SettingSpec<string> {
    return {
        doc,
        default: fallback,
        parse(raw) {
            const value = asText(raw);
            if (value === '' && fallback !== '') {
                throw new Error('must not be empty');
            }
            if (pattern && value !== '' && !pattern.test(value)) {
                throw new Error(`"${value}" does not match ${pattern.source}`);
            }
            return value;
        },
    };
}

/** A file or folder path; relative paths resolve against the config file's folder (or the working folder for env). */
export function path(doc: string, fallback?: string, defaultDoc?: string): SettingSpec<string> {
    return {
        doc,
        default: fallback,
        defaultDoc,
        parse(raw, source) {
            const value = asText(raw);
            if (value === '') {
                if (fallback === '') {
                    return '';
                }
                throw new Error('must not be empty');
            }
            return isAbsolute(value) ? value : resolve(source.baseDir, value);
        },
    };
}

/** An integer within bounds. */
export function integer(doc: string, fallback: number | undefined, min: number, max: number): SettingSpec<number> {
    return {
        doc,
        default: fallback,
        parse(raw) {
            // Number('') and Number(' ') are 0, and Number('1e3') is 1000: only plain digits count as text.
            const value = typeof raw === 'number' ? raw : integerOf(asText(raw));
            if (!Number.isInteger(value) || value < min || value > max) {
                throw new Error(`expected an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
            }
            return value;
        },
    };
}

function integerOf(value: string): number {
    return /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
}

/** A boolean: true/false (also 1/0, yes/no in the environment). */
export function flag(doc: string, fallback: boolean): SettingSpec<boolean> {
    return {
        doc,
        default: fallback,
        parse(raw) {
            if (typeof raw === 'boolean') {
                return raw;
            }
            const value = asText(raw).toLowerCase();
            if (['true', '1', 'yes', 'on'].includes(value)) {
                return true;
            }
            if (['false', '0', 'no', 'off'].includes(value)) {
                return false;
            }
            throw new Error(`expected true or false, got ${JSON.stringify(raw)}`);
        },
    };
}

/** One of a fixed set of words. */
export function oneOf<const T extends string>(doc: string, choices: readonly T[], fallback: T): SettingSpec<T> {
    return {
        doc,
        default: fallback,
        parse(raw) {
            const value = asText(raw);
            if (!(choices as readonly string[]).includes(value)) {
                throw new Error(`expected one of ${choices.join(', ')}, got "${value}"`);
            }
            return value as T;
        },
    };
}

/** A list: a JSON array in the file, comma-separated in the environment. Each item may be restricted. */
export function list(doc: string, fallback: readonly string[], allowed?: readonly string[]): SettingSpec<string[]> {
    return {
        doc,
        default: [...fallback],
        parse(raw) {
            const items = Array.isArray(raw) ? raw.map(asText) : asText(raw).split(',');
            const values = items.map((item) => item.trim()).filter((item) => item !== '');
            const unknown = allowed ? values.filter((value) => !allowed.includes(value)) : [];
            if (unknown.length > 0) {
                throw new Error(`unsupported value(s) ${unknown.join(', ')}; allowed: ${allowed?.join(', ')}`);
            }
            return values;
        },
    };
}

/** Credentials of one Fabric user of the organisation. */
export interface IdentityPaths {
    readonly certPath: string;
    readonly keyPath: string;
}

const SUBJECT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9@._:-]{0,127}$/;

/**
 * The organisation's Fabric identities keyed by token subject: an object in the file, JSON in the environment.
 */
export function identities(doc: string): SettingSpec<Record<string, IdentityPaths>> {
    return {
        doc,
        parse(raw, source) {
            const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
            if (typeof value !== 'object' || value === null || Array.isArray(value)) {
                throw new Error('expected an object { "<subject>": { "certPath": ..., "keyPath": ... } }');
            }
            const entries = Object.entries(value as Record<string, unknown>);
            if (entries.length === 0) {
                throw new Error('at least one identity is required');
            }
            return Object.fromEntries(
                entries.map(([subject, paths]) => [subject, identityPaths(subject, paths, source)]),
            );
        },
    };
}

function identityPaths(subject: string, raw: unknown, source: SettingSource): IdentityPaths {
    if (!SUBJECT_PATTERN.test(subject)) {
        throw new Error(`subject "${subject}" must match ${SUBJECT_PATTERN.source}`);
    }
    const paths = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const member = (name: 'certPath' | 'keyPath'): string => {
        const value = paths[name];
        if (typeof value !== 'string' || value.trim() === '') {
            throw new Error(`identity "${subject}" needs a string ${name}`);
        }
        return isAbsolute(value) ? value : resolve(source.baseDir, value);
    };
    return { certPath: member('certPath'), keyPath: member('keyPath') };
}

/**
 * Member gateways by MSP ID: `{ "<MSP ID>": "<base URL>" }`, an object in the file, JSON in the environment. Each
 * URL must be http or https; an empty object (the default) names none.
 */
export function gatewayUrls(doc: string): SettingSpec<Record<string, string>> {
    return {
        doc,
        default: {},
        defaultDoc: '{}',
        parse(raw) {
            const value: unknown = typeof raw === 'string' ? JSON.parse(raw === '' ? '{}' : raw) : raw;
            if (typeof value !== 'object' || value === null || Array.isArray(value)) {
                throw new Error('expected an object { "<MSP ID>": "<gateway base URL>" }');
            }
            return Object.fromEntries(
                Object.entries(value as Record<string, unknown>).map(([mspId, url]) => {
                    if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url)) {
                        throw new Error(`the gateway of ${mspId} must be an http(s) URL, got ${JSON.stringify(url)}`);
                    }
                    return [mspId, url];
                }),
            );
        },
    };
}
