import { CodedError } from '@lendledger/domain';
import { describe, expect, it } from 'vitest';
import * as verifier from './index.js';
import * as nodeVerifier from './node/index.js';

/**
 * Every error class the verifier exports follows the one pattern of domain's CodedError (as fabric-gateway's
 * errors do): `name` is the class's name, `code` is stable, the data to act on are fields.
 */

const EXPORTS: Readonly<Record<string, unknown>> = { ...verifier, ...nodeVerifier };

const ERROR_CLASSES = Object.entries(EXPORTS).filter(
    ([, value]) => typeof value === 'function' && (value as { prototype: unknown }).prototype instanceof Error,
);

describe('verifier error classes', () => {
    it('exports the error classes callers branch on', () => {
        expect(ERROR_CLASSES.map(([name]) => name)).toEqual(
            expect.arrayContaining(['ReceiptFormatError', 'ReceiptBuildError', 'TransactionNotInBlockError']),
        );
    });

    it.each(ERROR_CLASSES)('%s extends CodedError', (_name, ErrorClass) => {
        expect((ErrorClass as { prototype: unknown }).prototype).toBeInstanceOf(CodedError);
    });

    it('names an error after its class and carries its code and data', () => {
        const error = new verifier.TransactionNotInBlockError('tx9', 12);
        expect(error.name).toBe('TransactionNotInBlockError');
        expect(error.code).toBe('RECEIPT_TRANSACTION_NOT_IN_BLOCK');
        expect([error.transactionId, error.blockNumber]).toEqual(['tx9', 12]);
        const format = new verifier.ReceiptFormatError('$.block', 'must be base64');
        expect([format.name, format.code, format.field]).toEqual([
            'ReceiptFormatError',
            'RECEIPT_FORMAT_INVALID',
            '$.block',
        ]);
    });
});
