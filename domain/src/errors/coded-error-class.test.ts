import { describe, expect, it } from 'vitest';
import * as domain from '../index.js';
import { CodedError } from './coded-error-class.js';

class ExampleFailedError extends CodedError {
    readonly transactionId: string;

    constructor(transactionId: string, options?: ErrorOptions) {
        super('EXAMPLE_FAILED', `transaction ${transactionId} failed`, options);
        this.transactionId = transactionId;
    }
}

/** Every class the module exports that builds errors. */
function errorClassesOf(module: Readonly<Record<string, unknown>>): [string, { prototype: unknown }][] {
    return Object.entries(module).filter(
        (entry): entry is [string, { prototype: unknown }] =>
            typeof entry[1] === 'function' && (entry[1] as { prototype: unknown }).prototype instanceof Error,
    );
}

describe('CodedError', () => {
    it('names the error after its class and carries its code, data and cause', () => {
        const cause = new Error('peer closed the stream');
        const error = new ExampleFailedError('tx1', { cause });
        expect(error).toBeInstanceOf(CodedError);
        expect(error).toBeInstanceOf(Error);
        expect(error.name).toBe('ExampleFailedError');
        expect(error.code).toBe('EXAMPLE_FAILED');
        expect(error.transactionId).toBe('tx1');
        expect(error.cause).toBe(cause);
        expect(String(error)).toBe('ExampleFailedError: transaction tx1 failed');
    });

    it('is the base of every error class the domain exports', () => {
        const classes = errorClassesOf(domain);
        expect(classes.map(([name]) => name)).toContain('FingerprintFormatError');
        for (const [name, ErrorClass] of classes.filter(([, value]) => value !== CodedError)) {
            expect([name, ErrorClass.prototype instanceof CodedError]).toEqual([name, true]);
        }
    });

    it('gives the domain format errors their class names and stable codes', () => {
        const fingerprint = new domain.FingerprintFormatError('too short');
        expect([fingerprint.name, fingerprint.code]).toEqual(['FingerprintFormatError', 'FINGERPRINT_INVALID']);
        const canonical = new domain.CanonicalJsonError('a float', '$.amount');
        expect([canonical.name, canonical.code]).toEqual(['CanonicalJsonError', 'CANONICAL_JSON_UNENCODABLE']);
        const amount = new domain.AbsAmountRangeError('principal');
        expect([amount.name, amount.code]).toEqual([
            'AbsAmountRangeError',
            domain.ABS_ERRORS.ABS_AMOUNT_OUT_OF_RANGE.code,
        ]);
    });
});
