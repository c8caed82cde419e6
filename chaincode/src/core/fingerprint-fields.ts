import { COMMON_ERRORS, FingerprintFormatError, normaliseFingerprint, type Fingerprint } from '@lendledger/domain';
import { ChaincodeError } from './chaincode-error.js';
import { type Fields } from './request-fields.js';

/**
 * The one reader of fingerprint fields, for every area. The rule itself (algorithms, digest lengths, lower-case hex,
 * the canonical `<algorithm>:<hex>` string) is domain's `normaliseFingerprint`; this module only names the field in
 * the error. Evidence, cases, anchors and consents accept both wire forms; ABS requests take the string form only,
 * as their API has always documented, so they ask for `stringOnly`.
 */

/** Where the field sits in the request, and whether the object form `{ algorithm, digest }` is refused. */
export type FingerprintOptions = Readonly<{ path?: string; stringOnly?: boolean }>;

function invalid(path: string, message: string): ChaincodeError {
    return new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, `${path}: ${message}`, { field: path });
}

/**
 * Converts a wire fingerprint (string or `{ algorithm, digest }`) to its canonical string.
 *
 * @throws {@link ChaincodeError} INVALID_ARGUMENT naming the field and what is wrong.
 */
export function toFingerprint(value: unknown, path: string, options: FingerprintOptions = {}): Fingerprint {
    if (options.stringOnly === true && typeof value !== 'string') {
        throw invalid(path, 'must be a string <algorithm>:<hex digest>');
    }
    try {
        return normaliseFingerprint(value);
    } catch (error) {
        if (error instanceof FingerprintFormatError) {
            throw invalid(path, error.reason);
        }
        throw error;
    }
}

/** A required fingerprint field. */
export function fingerprint(fields: Fields, name: string, options: FingerprintOptions = {}): Fingerprint {
    return toFingerprint(fields[name], options.path ? `${options.path}.${name}` : name, options);
}

/** An optional fingerprint field: `undefined` when absent or null. */
export function optionalFingerprint(
    fields: Fields,
    name: string,
    options: FingerprintOptions = {},
): Fingerprint | undefined {
    return fields[name] === undefined || fields[name] === null ? undefined : fingerprint(fields, name, options);
}
