import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCents, formatTime } from './format.ts';

describe('formatCents', () => {
    it('shows yuan and fen exactly, beyond the range of doubles', () => {
        expect(formatCents('123456789012345678901', 'en')).toBe('¥1,234,567,890,123,456,789.01');
        expect(formatCents(-5, 'zh-CN')).toBe('-¥0.05');
    });

    it('round-trips every integer amount: the digits shown are the cents given', () => {
        fc.assert(
            fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (cents) => {
                const shown = formatCents(cents, 'en').replace(/[¥,.]/g, '');
                expect(BigInt(shown)).toBe(cents);
            }),
        );
    });
});

describe('formatTime', () => {
    it('formats any instant in both languages with its time zone, and gives back text that is no date', () => {
        fc.assert(
            fc.property(fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }), (date) => {
                for (const lang of ['zh-CN', 'en'] as const) {
                    const shown = formatTime(date.toISOString(), lang);
                    expect(shown).toContain(String(date.getFullYear()));
                    expect(shown).not.toBe(date.toISOString());
                }
            }),
        );
        expect(formatTime('not a time', 'en')).toBe('not a time');
    });
});
