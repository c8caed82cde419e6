import { CodedError } from '@lendledger/domain';
import {
    PACKAGE_FORMAT,
    type PackageFileEntry,
    type PackageManifest,
    type UnavailableEntry,
} from './package-format.js';

/** Thrown when `manifest.json` is not a `lendledger-case-package/1` manifest; the message names the field. */
export class PackageManifestError extends CodedError {
    constructor(message: string) {
        super('PACKAGE_MANIFEST_INVALID', message);
    }
}

const HEX64 = /^[0-9a-f]{64}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Reads a manifest strictly: every member typed, no unknown member, and the text exactly as the package writer
 * serialises it, so that even an edit that keeps the JSON's meaning (spacing, key order) is seen.
 *
 * @throws {@link PackageManifestError} naming what is wrong.
 */
export function parseManifest(text: string): PackageManifest {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        throw new PackageManifestError('manifest.json is not valid JSON');
    }
    const object = record(value, '$');
    only(object, '$', ['format', 'caseId', 'createdAt', 'createdBy', 'files', 'unavailable']);
    if (object['format'] !== PACKAGE_FORMAT) {
        throw new PackageManifestError(`$.format: must be "${PACKAGE_FORMAT}"`);
    }
    if (!ISO_TIME.test(text_(object, 'createdAt', '$'))) {
        throw new PackageManifestError('$.createdAt: must be an ISO 8601 UTC time');
    }
    const manifest: PackageManifest = {
        format: PACKAGE_FORMAT,
        caseId: text_(object, 'caseId', '$'),
        createdAt: text_(object, 'createdAt', '$'),
        createdBy: text_(object, 'createdBy', '$'),
        files: array(object['files'], '$.files').map((entry, i) => fileEntry(entry, `$.files[${i}]`)),
        unavailable: array(object['unavailable'], '$.unavailable').map((entry, i) =>
            unavailableEntry(entry, `$.unavailable[${i}]`),
        ),
    };
    if (`${JSON.stringify(manifest, null, 2)}\n` !== text) {
        throw new PackageManifestError('manifest.json is not in the form the package writer gives it (edited?)');
    }
    return manifest;
}

function fileEntry(value: unknown, at: string): PackageFileEntry {
    const object = record(value, at);
    only(object, at, ['path', 'sha256', 'size']);
    const sha256 = text_(object, 'sha256', at);
    const size = object['size'];
    if (!HEX64.test(sha256)) {
        throw new PackageManifestError(`${at}.sha256: must be 64 lower-case hex digits`);
    }
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw new PackageManifestError(`${at}.size: must be a non-negative integer`);
    }
    return { path: text_(object, 'path', at), sha256, size };
}

function unavailableEntry(value: unknown, at: string): UnavailableEntry {
    const object = record(value, at);
    only(object, at, ['path', 'fingerprint', 'reason']);
    const path = text_(object, 'path', at);
    if (object['fingerprint'] === undefined) {
        return { path, reason: text_(object, 'reason', at) };
    }
    return { path, fingerprint: text_(object, 'fingerprint', at), reason: text_(object, 'reason', at) };
}

function record(value: unknown, at: string): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new PackageManifestError(`${at}: must be an object`);
    }
    return value as Record<string, unknown>;
}

function array(value: unknown, at: string): unknown[] {
    if (!Array.isArray(value)) {
        throw new PackageManifestError(`${at}: must be an array`);
    }
    return value;
}

function only(object: Record<string, unknown>, at: string, members: readonly string[]): void {
    const extra = Object.keys(object).find((key) => !members.includes(key));
    if (extra !== undefined) {
        throw new PackageManifestError(`${at}.${extra}: not a member of the manifest format`);
    }
}

function text_(object: Record<string, unknown>, member: string, at: string): string {
    const value = object[member];
    if (typeof value !== 'string' || value === '') {
        throw new PackageManifestError(`${at}.${member}: must be a non-empty string`);
    }
    return value;
}
