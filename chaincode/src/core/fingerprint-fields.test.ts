import { COMMON_ERRORS, FINGERPRINT_PATTERN } from '@lendledger/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChaincodeError } from './chaincode-error.js';
import { fingerprint, optionalFingerprint, toFingerprint } from './fingerprint-fields.js';

const SHA = `sha256:${'ab'.repeat(32)}`;

function refusalOf(read: () => unknown): ChaincodeError {
    try {
        read();
    } catch (error) {
        expect(error).toBeInstanceOf(ChaincodeError);
        return error as ChaincodeError;
    }
    throw new Error('expected a refusal');
}

/** Strings close to a fingerprint: right and wrong algorithms, lengths, cases and separators. */
const nearFingerprints = fc.oneof(
    fc.string(),
    fc.stringMatching(/^(sha256|sm3):[0-9a-f]{64}$/),
    fc
        .tuple(
            fc.constantFrom('sha256', 'sm3', 'SHA256', 'md5', 'sha256 ', ''),
            fc.constantFrom(':', '', '::', '/'),
            fc.stringMatching(/^[0-9a-fA-F]{60,68}$/),
        )
        .map(([algorithm, separator, digest]) => algorithm + separator + digest),
);

describe('fingerprint fields', () => {
    it('turns the object form into the canonical string and keeps the string form', () => {
        expect(fingerprint({ f: { algorithm: 'sm3', digest: 'cd'.repeat(32) } }, 'f')).toBe(`sm3:${'cd'.repeat(32)}`);
        expect(fingerprint({ f: SHA }, 'f')).toBe(SHA);
    });

    it('names the field path in an INVALID_ARGUMENT refusal', () => {
        const error = refusalOf(() => fingerprint({ f: 'sha256:XYZ' }, 'f', { path: 'items[2]' }));
        expect(error.code).toBe(COMMON_ERRORS.INVALID_ARGUMENT.code);
        expect(error.details).toEqual({ field: 'items[2].f' });
    });

    it('refuses the object form where only the string form is allowed', () => {
        const error = refusalOf(() =>
            toFingerprint({ algorithm: 'sha256', digest: 'ab'.repeat(32) }, 'evidence', { stringOnly: true }),
        );
        expect(error.code).toBe(COMMON_ERRORS.INVALID_ARGUMENT.code);
        expect(error.details).toEqual({ field: 'evidence' });
    });

    it('reads an absent or null optional field as undefined and checks a present one', () => {
        expect(optionalFingerprint({}, 'f')).toBeUndefined();
        expect(optionalFingerprint({ f: null }, 'f')).toBeUndefined();
        expect(refusalOf(() => optionalFingerprint({ f: 7 }, 'f')).code).toBe(COMMON_ERRORS.INVALID_ARGUMENT.code);
    });

    it('accepts exactly the strings the fingerprint pattern accepts, unchanged (ABS requests before the one reader)', () => {
        fc.assert(
            fc.property(nearFingerprints, (value) => {
                let read: string | ChaincodeError;
                try {
                    read = toFingerprint(value, 'f', { stringOnly: true });
                } catch (error) {
                    expect(error).toBeInstanceOf(ChaincodeError);
                    read = error as ChaincodeError;
                }
                if (FINGERPRINT_PATTERN.test(value)) {
                    expect(read).toBe(value);
                } else {
                    expect(read).toBeInstanceOf(ChaincodeError);
                }
            }),
        );
    });
});
