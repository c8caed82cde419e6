import { describe, expect, it } from 'vitest';
import { annualise, FIXED_POINT_SCALE, fixedPointToPpm, ratioPpm, roundHalfEven, scaledRatio } from './rounding.js';

describe('roundHalfEven', () => {
    it.each([
        [5n, 2n, 2n],
        [7n, 2n, 4n],
        [1n, 3n, 0n],
        [2n, 3n, 1n],
        [25n, 10n, 2n],
        [35n, 10n, 4n],
        [26n, 10n, 3n],
        [0n, 7n, 0n],
        [-5n, 2n, -2n],
        [-7n, 2n, -4n],
        [-26n, 10n, -3n],
    ])('rounds %i / %i to %i', (numerator, denominator, expected) => {
        expect(roundHalfEven(numerator, denominator)).toBe(expected);
    });

    it('refuses a denominator that is not positive', () => {
        expect(() => roundHalfEven(1n, 0n)).toThrow(RangeError);
        expect(() => roundHalfEven(1n, -2n)).toThrow(RangeError);
    });
});

describe('ratios', () => {
    it('expresses a ratio in parts per million, half to even', () => {
        // 1/8 = 0.125 → 125 000 exactly; 1/3 = 0.333333… → 333 333; 2/3 → 666 667.
        expect(ratioPpm(1, 8)).toBe(125_000);
        expect(ratioPpm(1, 3)).toBe(333_333);
        expect(ratioPpm(2, 3)).toBe(666_667);
        // 1/2 000 000 = 0.5 ppm → ties to even 0; 3/2 000 000 = 1.5 ppm → 2.
        expect(ratioPpm(1, 2_000_000)).toBe(0);
        expect(ratioPpm(3, 2_000_000)).toBe(2);
    });

    it('answers 0 for an empty denominator', () => {
        expect(ratioPpm(0, 0)).toBe(0);
        expect(scaledRatio(5n, 0n, FIXED_POINT_SCALE)).toBe(0n);
    });

    it('stays exact beyond 2^53', () => {
        // 9 007 199 254 740 991 / 9 007 199 254 740 993 in ppm: 999 999.99999999999978 → 1 000 000.
        expect(ratioPpm(Number.MAX_SAFE_INTEGER, 9_007_199_254_740_993n)).toBe(1_000_000);
    });
});

describe('annualise', () => {
    it('is 0 for a monthly rate of 0 and 100% for 100%', () => {
        expect(annualise(0n)).toBe(0n);
        expect(annualise(FIXED_POINT_SCALE)).toBe(FIXED_POINT_SCALE);
    });

    it('is exact when the survival is a power of ten fraction: 1 − 0.9^12', () => {
        // 0.9^12 = 0.282429536481 exactly, so every step is exact: CPR = 0.717570463519.
        expect(annualise(100_000_000_000n)).toBe(717_570_463_519n);
        expect(fixedPointToPpm(717_570_463_519n)).toBe(717_570);
    });

    it('rounds each of the eleven multiplications half to even', () => {
        // SMM 1% : q = 0.99; 0.99^12 = 0.886384871716129… ; successive rounding at 10^12 gives 886 384 871 716.
        expect(annualise(10_000_000_000n)).toBe(113_615_128_284n);
        expect(fixedPointToPpm(113_615_128_284n)).toBe(113_615);
    });

    it('rescales fixed point to ppm half to even', () => {
        expect(fixedPointToPpm(1_500_000n)).toBe(2);
        expect(fixedPointToPpm(2_500_000n)).toBe(2);
        expect(fixedPointToPpm(2_500_001n)).toBe(3);
    });
});
