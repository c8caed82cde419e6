import {
    BATCH_ID_PATTERN,
    CODE_PATTERN,
    COMMON_ERRORS,
    DEAL_ID_PATTERN,
    LOAN_ID_PATTERN,
    MAX_PERIOD_NO,
    SALT_PATTERN,
} from '@lendledger/domain';
import { ChaincodeError } from '../core/chaincode-error.js';
import { fingerprint, optionalFingerprint } from '../core/fingerprint-fields.js';
import { type Fields, integer, optionalText, text } from '../core/request-fields.js';

/** Readers for the identifiers and amounts of ABS requests, on top of core/request-fields. */

type PathOption = Readonly<{ path?: string }>;

/** The request's `dealId`. */
export function dealIdOf(fields: Fields): string {
    return text(fields, 'dealId', { pattern: DEAL_ID_PATTERN, max: 64 });
}

/** A loan ID field (`ln_` + 64 hex). */
export function loanIdOf(fields: Fields, name = 'loanId', options: PathOption = {}): string {
    return text(fields, name, { ...options, pattern: LOAN_ID_PATTERN, max: 67 });
}

/** A batch ID field. */
export function batchIdOf(fields: Fields): string {
    return text(fields, 'batchId', { pattern: BATCH_ID_PATTERN, max: 64 });
}

/** A period number field (1 to {@link MAX_PERIOD_NO}). */
export function periodNoOf(fields: Fields, name = 'periodNo', options: PathOption = {}): number {
    return integer(fields, name, { ...options, min: 1, max: MAX_PERIOD_NO });
}

/** A fingerprint field in its string form (`sha256:` or `sm3:` and 64 lower-case hex digits), read by core's one reader. */
export function fingerprintOf(fields: Fields, name: string, options: PathOption = {}): string {
    return fingerprint(fields, name, { ...options, stringOnly: true });
}

/** An optional fingerprint field in its string form. */
export function optionalFingerprintOf(fields: Fields, name: string, options: PathOption = {}): string | undefined {
    return optionalFingerprint(fields, name, { ...options, stringOnly: true });
}

/** An optional upper-case code field. */
export function optionalCodeOf(fields: Fields, name: string, options: PathOption = {}): string | undefined {
    return optionalText(fields, name, { ...options, pattern: CODE_PATTERN, max: 32 });
}

/** A money amount in minor units: a non-negative safe integer. */
export function amountOf(fields: Fields, name: string, options: PathOption = {}): number {
    return integer(fields, name, { ...options, min: 0 });
}

/** An optional money amount; 0 when absent. */
export function optionalAmountOf(fields: Fields, name: string, options: PathOption = {}): number {
    return fields[name] === undefined ? 0 : amountOf(fields, name, options);
}

/** The salt of a private record. */
export function saltOf(fields: Fields, options: PathOption = {}): string {
    return text(fields, 'salt', { ...options, pattern: SALT_PATTERN, max: 128, min: 32 });
}

/** An INVALID_ARGUMENT error for a field whose value breaks a rule the simple readers cannot express. */
export function invalidField(
    path: string,
    message: string,
    details: Record<string, string | number> = {},
): ChaincodeError {
    return new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, `${path} ${message}`, { field: path, ...details });
}

/** Refuses a list whose items repeat a key (tranche IDs, trigger IDs, loan IDs...). */
export function requireUnique(values: readonly string[], path: string): void {
    const seen = new Set<string>();
    values.forEach((value, index) => {
        if (seen.has(value)) {
            throw invalidField(`${path}[${index}]`, `repeats ${value}`, { value });
        }
        seen.add(value);
    });
}
