import { describe, expect, it } from 'vitest';
import { EncodingError, fromBase64, toBase64 } from './base64.js';

describe('base64', () => {
    it('round-trips every length and agrees with Node’s encoder', () => {
        for (let length = 0; length < 70; length++) {
            const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length) & 0xff);
            const text = toBase64(bytes);

            expect(text).toBe(Buffer.from(bytes).toString('base64'));
            expect(fromBase64(text)).toEqual(bytes);
        }
    });

    it('refuses characters outside the alphabet, misplaced padding and unpadded text', () => {
        for (const bad of ['AA-A', 'A=AA', 'AAA', 'AA A', 'A===', 'QQ==QQ==']) {
            expect(() => fromBase64(bad), bad).toThrow(EncodingError);
        }
    });
});
