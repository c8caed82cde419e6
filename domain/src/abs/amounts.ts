import { ABS_ERRORS } from '../errors/abs.js';
import { CodedError } from '../errors/coded-error-class.js';

/**
 * Integer amounts of the ABS area and records built from field lists. Each money type is a record over a field
 * list (`AmountRecord<typeof LIST>`), and every sum, zero and copy walks that list: a field added to the list is in
 * the type and in every sum at once, and a field cannot be in the type without being in the list.
 */

/** A record of one integer per field of a list: the list is the only place its fields are named. */
export type AmountRecord<F extends readonly string[]> = { readonly [K in F[number]]: number };

/** A record of one value per field of a list, in list order (the order a parser reports its first error in). */
export function recordOf<const F extends readonly string[], V>(
    fields: F,
    valueOf: (field: F[number]) => V,
): { readonly [K in F[number]]: V } {
    // The one assertion of the money types: fromEntries types its keys as string, the map gives every field.
    return Object.fromEntries(fields.map((field) => [field, valueOf(field)])) as { readonly [K in F[number]]: V };
}

/** Thrown when a sum leaves the safe-integer range; names the total that overflowed. */
export class AbsAmountRangeError extends CodedError {
    readonly field: string;

    constructor(field: string) {
        // The chaincode refuses the request with the catalogue's code of the same meaning.
        super(ABS_ERRORS.ABS_AMOUNT_OUT_OF_RANGE.code, `${field} exceeds the largest safe integer`);
        this.field = field;
    }
}

/** Adds two non-negative safe integers. @throws {@link AbsAmountRangeError} when the sum is not a safe integer. */
export function addAmounts(a: number, b: number, field: string): number {
    const sum = a + b;
    if (!Number.isSafeInteger(sum)) {
        throw new AbsAmountRangeError(field);
    }
    return sum;
}

/**
 * Field-wise sum over a list; `prefix` goes before a field's name in the overflow error.
 * @throws {@link AbsAmountRangeError} on overflow.
 */
export function addAmountRecords<const F extends readonly string[]>(
    fields: F,
    a: AmountRecord<F>,
    b: AmountRecord<F>,
    prefix = '',
): AmountRecord<F> {
    return recordOf(fields, (field) => addAmounts(a[field], b[field], `${prefix}${field}`));
}

/** A record of zeros over a list. */
export function zeroAmounts<const F extends readonly string[]>(fields: F): AmountRecord<F> {
    return recordOf(fields, () => 0);
}

/** Weighted sums (Σ weight × balance) may pass 2^53, so they are decimal strings added exactly. */
export const WEIGHTED_SUM_FIELDS = ['weightedRateSum', 'weightedTermSum'] as const;

/** The weighted sums of performing loans: rate and remaining term, each times the principal balance. */
export type WeightedSums = { readonly [K in (typeof WEIGHTED_SUM_FIELDS)[number]]: string };

/** Weighted sums of nothing. */
export function zeroWeightedSums(): WeightedSums {
    return recordOf(WEIGHTED_SUM_FIELDS, () => '0');
}

/** Exact field-wise sum of weighted sums. */
export function addWeightedSums(a: WeightedSums, b: WeightedSums): WeightedSums {
    return recordOf(WEIGHTED_SUM_FIELDS, (field) => (BigInt(a[field]) + BigInt(b[field])).toString());
}
