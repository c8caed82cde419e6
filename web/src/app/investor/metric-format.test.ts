import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBps, formatHundredths, formatPpm } from './metric-format.ts';

describe('formatPpm', () => {
    it('writes parts per million as a percentage with four decimals', () => {
        expect(formatPpm(251_377)).toBe('25.1377%');
        expect(formatPpm(1_000_000)).toBe('100.0000%');
        expect(formatPpm(0)).toBe('0.0000%');
        expect(formatPpm(7)).toBe('0.0007%');
        expect(formatPpm(-50_000)).toBe('-5.0000%');
    });

    it('loses no digit: the text read back as an exact decimal is the integer again', () => {
        fc.assert(
            fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (ppm) => {
                const digits = formatPpm(ppm).replace('%', '').replace('.', '');
                expect(BigInt(digits)).toBe(BigInt(ppm));
            }),
        );
    });
});

describe('formatBps and formatHundredths', () => {
    it('write basis points as a percentage and hundredths of a month as months', () => {
        expect(formatBps(1200)).toBe('12.00%');
        expect(formatBps(5)).toBe('0.05%');
        expect(formatHundredths(2345)).toBe('23.45');
        expect(formatHundredths(100)).toBe('1.00');
    });
});
