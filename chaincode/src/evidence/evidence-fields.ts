import { CASE_ID_PATTERN, LOAN_REF_PATTERN, SHORT_CODE_PATTERN, WITHDRAWAL_ID_PREFIX } from '@lendledger/domain';
import { toFingerprint } from '../core/fingerprint-fields.js';
import { hexDigest, text, type Fields } from '../core/request-fields.js';

/** Readers for the field types of the evidence area, in the style of core/request-fields.ts (fingerprints: core/fingerprint-fields.ts). */

type PathOption = Readonly<{ path?: string }>;

function pathOf(name: string, options: PathOption): string {
    return options.path ? `${options.path}.${name}` : name;
}

function present(fields: Fields, name: string): boolean {
    return fields[name] !== undefined && fields[name] !== null;
}

/** A required pseudonymous loan reference, `loan:<64 hex>`. */
export function loanRef(fields: Fields, name = 'loanRef', options: PathOption = {}): string {
    return text(fields, name, { ...options, min: 69, max: 69, pattern: LOAN_REF_PATTERN });
}

/** A required short code (evidence type, reason, statement, claim). */
export function shortCode(fields: Fields, name: string, options: PathOption = {}): string {
    return text(fields, name, { ...options, max: 32, pattern: SHORT_CODE_PATTERN });
}

/** An optional short code. */
export function optionalShortCode(fields: Fields, name: string, options: PathOption = {}): string | undefined {
    return present(fields, name) ? shortCode(fields, name, options) : undefined;
}

/**
 * A required evidence record identifier: a fingerprint (either wire form) or `withdrawal:<fingerprint>`.
 */
export function recordId(fields: Fields, name: string, options: PathOption = {}): string {
    const value = fields[name];
    const path = pathOf(name, options);
    if (typeof value === 'string' && value.startsWith(WITHDRAWAL_ID_PREFIX)) {
        return WITHDRAWAL_ID_PREFIX + toFingerprint(value.slice(WITHDRAWAL_ID_PREFIX.length), path);
    }
    return toFingerprint(value, path);
}

/** An optional record identifier; `null` when absent or null. */
export function optionalRecordId(fields: Fields, name: string, options: PathOption = {}): string | null {
    return present(fields, name) ? recordId(fields, name, options) : null;
}

/** A required case identifier chosen by the filer. */
export function caseId(fields: Fields, name = 'caseId', options: PathOption = {}): string {
    return text(fields, name, { ...options, max: 48, pattern: CASE_ID_PATTERN });
}

/** A required Merkle root or link hash: 64 lower-case hex characters. */
export function hexRoot(fields: Fields, name: string, options: PathOption = {}): string {
    return hexDigest(fields, name, 32, options);
}
