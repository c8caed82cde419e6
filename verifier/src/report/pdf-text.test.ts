import { describe, expect, it } from 'vitest';
import { toDrawable, wrapText, type TextMeasure } from './pdf-text.js';

/** Every character one unit wide, so widths are character counts. */
const MONO: TextMeasure = { widthOfTextAtSize: (text, size) => [...text].length * size };
const ASCII_AND_HAN = (codePoint: number): boolean => codePoint < 0x7f || (codePoint >= 0x4e00 && codePoint <= 0x9fff);

describe('toDrawable', () => {
    it('keeps what the font draws and names each character it cannot by code point', () => {
        expect(toDrawable('案件 42 é 😀', ASCII_AND_HAN)).toBe('案件 42 [U+00E9] [U+1F600]');
    });

    it('shows composite-key separators as / and other control characters by code point', () => {
        expect(toDrawable('probe\u0000name\u0007', ASCII_AND_HAN)).toBe('probe/name[U+0007]');
    });

    it('straightens an apostrophe inside an English word', () => {
        expect(toDrawable('the signer’s key', () => true)).toBe("the signer's key");
    });
});

describe('wrapText', () => {
    it('breaks at spaces so that no line is wider than the width', () => {
        const lines = wrapText('one two three four five six', MONO, 1, 10);

        expect(lines).toEqual(['one two', 'three four', 'five six']);
    });

    it('breaks a word wider than the line inside the word', () => {
        const lines = wrapText(`hash ${'a'.repeat(25)} end`, MONO, 1, 10);

        expect(lines).toEqual(['hash', 'aaaaaaaaaa', 'aaaaaaaaaa', 'aaaaa end']);
    });

    it('starts a new line at each newline', () => {
        expect(wrapText('a\nb c', MONO, 1, 10)).toEqual(['a', 'b c']);
    });

    it('breaks Chinese between characters, without spaces', () => {
        expect(wrapText('区块链存证哈希值数字签名', MONO, 1, 5)).toEqual(['区块链存证', '哈希值数字', '签名']);
    });

    it('never starts a line with closing punctuation nor ends one with an opening bracket', () => {
        const lines = wrapText('区块链存证，哈希（值）', MONO, 1, 5);

        expect(lines).toEqual(['区块链存', '证，哈希', '（值）']);
        for (const line of lines) {
            expect(line).not.toMatch(/^[，）]/u);
            expect(line).not.toMatch(/（$/u);
        }
    });

    it('keeps a Latin word whole beside Chinese', () => {
        expect(wrapText('区块 140 的 SHA-256 值', MONO, 1, 8)).toEqual(['区块 140 的', 'SHA-256', '值']);
    });
});
