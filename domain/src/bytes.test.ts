import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual, fromHex, toHex } from './bytes.js';

describe('toHex', () => {
    it('writes what Buffer writes for any bytes', () => {
        fc.assert(
            fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
                expect(toHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
            }),
        );
    });
});

describe('fromHex', () => {
    it('reads any string as Buffer reads hex, stopping at the first pair that is not hex', () => {
        const hexish = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFxz :é'), maxLength: 40 });
        fc.assert(
            fc.property(fc.oneof(hexish, fc.string({ maxLength: 20 })), (text) => {
                expect(toHex(fromHex(text))).toBe(Buffer.from(text, 'hex').toString('hex'));
            }),
        );
    });

    it('reverses toHex', () => {
        fc.assert(
            fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
                expect(fromHex(toHex(bytes))).toEqual(bytes);
            }),
        );
    });
});

describe('bytesEqual', () => {
    it('tells equal byte strings from different ones', () => {
        fc.assert(
            fc.property(fc.uint8Array({ maxLength: 8 }), fc.uint8Array({ maxLength: 8 }), (a, b) => {
                expect(bytesEqual(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)));
                expect(bytesEqual(a, Uint8Array.from(a))).toBe(true);
            }),
        );
    });
});
