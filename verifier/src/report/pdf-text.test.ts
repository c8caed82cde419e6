import { describe, expect, it } from 'vitest';
import { toPrintable, wrapText, type TextMeasure } from './pdf-text.js';

/** Every character one unit wide, so widths are character counts. */
const MONO: TextMeasure = { widthOfTextAtSize: (text, size) => text.length * size };

describe('toPrintable', () => {
    it('replaces typographic characters with ASCII and marks the rest with ?', () => {
        expect(toPrintable('the transaction’s “result” — nonce ‖ creator…')).toBe(
            'the transaction\'s "result" - nonce || creator...',
        );
        expect(toPrintable('案件 42 é')).toBe('?? 42 ?');
        expect(toPrintable('probe\u0000name')).toBe('probe/name');
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
});
