import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexOf, randomSaltHex } from './hex.ts';

describe('hexOf', () => {
    it('writes every byte as two lower-case hex digits, from a Uint8Array or an ArrayBuffer', () => {
        fc.assert(
            fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
                const expected = Buffer.from(bytes).toString('hex');
                expect(hexOf(bytes)).toBe(expected);
                expect(hexOf(bytes.slice().buffer)).toBe(expected);
            }),
        );
    });
});

describe('randomSaltHex', () => {
    it('draws 16 random bytes as 32 lower-case hex characters', () => {
        expect(randomSaltHex()).toMatch(/^[0-9a-f]{32}$/);
        expect(randomSaltHex()).not.toBe(randomSaltHex());
    });

    it('encodes every byte the random source gives, zero-padded', () => {
        fc.assert(
            fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
                const hex = randomSaltHex((target) => {
                    target.set(bytes);
                    return target;
                });
                expect(hex).toBe(Buffer.from(bytes).toString('hex'));
            }),
        );
    });
});
