/**
 * Integer arithmetic of the ABS metrics. Every ratio is an exact rational number rounded once, half to even
 * (banker's rounding), to an integer scale. BigInt keeps products of amounts and scales exact; nothing here ever
 * touches a floating-point number, so every endorser and every investor gets the same digits.
 */

/** Parts per million: ratios are reported as integers with this scale (1 000 000 = 100%). */
export const PPM = 1_000_000n;

/** Scale of the fixed-point monthly and annual rates used for CPR and CDR: 10^12 = 100%. */
export const FIXED_POINT_SCALE = 1_000_000_000_000n;

/** Months in a year, the exponent of the annualisation. */
export const MONTHS_PER_YEAR = 12;

/**
 * Rounds `numerator / denominator` to the nearest integer, ties to the even neighbour.
 *
 * @throws RangeError if the denominator is not positive.
 * @example roundHalfEven(5n, 2n) === 2n; roundHalfEven(7n, 2n) === 4n; roundHalfEven(-5n, 2n) === -2n
 */
export function roundHalfEven(numerator: bigint, denominator: bigint): bigint {
    if (denominator <= 0n) {
        throw new RangeError('denominator must be positive');
    }
    const negative = numerator < 0n;
    const magnitude = negative ? -numerator : numerator;
    let quotient = magnitude / denominator;
    const twiceRemainder = (magnitude % denominator) * 2n;
    if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) {
        quotient += 1n;
    }
    return negative ? -quotient : quotient;
}

/**
 * `numerator / denominator` at an integer scale, rounded half to even; 0 when the denominator is 0 (an empty
 * pool has no delinquency, no prepayment speed...).
 */
export function scaledRatio(numerator: bigint, denominator: bigint, scale: bigint): bigint {
    return denominator === 0n ? 0n : roundHalfEven(numerator * scale, denominator);
}

/** `numerator / denominator` in parts per million, as a safe integer. */
export function ratioPpm(numerator: bigint | number, denominator: bigint | number): number {
    return Number(scaledRatio(BigInt(numerator), BigInt(denominator), PPM));
}

/**
 * Annualises a monthly rate given at {@link FIXED_POINT_SCALE}: `1 − (1 − m)^12`, the CPR-from-SMM and
 * CDR-from-MDR formula. The survival `q = S − m` is raised to the 12th power by eleven successive multiplications
 * `p ← roundHalfEven(p × q / S)`, starting from `p = q`; the result is `S − p`.
 */
export function annualise(monthlyRate: bigint): bigint {
    const survival = FIXED_POINT_SCALE - monthlyRate;
    let power = survival;
    for (let month = 1; month < MONTHS_PER_YEAR; month++) {
        power = roundHalfEven(power * survival, FIXED_POINT_SCALE);
    }
    return FIXED_POINT_SCALE - power;
}

/** Rescales a fixed-point rate (scale 10^12) to parts per million, rounded half to even. */
export function fixedPointToPpm(rate: bigint): number {
    return Number(roundHalfEven(rate, FIXED_POINT_SCALE / PPM));
}
