/**
 * Integer allocation of cash: in priority order, and in proportion to weights. Both conserve to the unit: what
 * they hand out plus what they return as left over is exactly what they were given.
 */

/**
 * Pays `dues` in order from `funds`: each is paid in full before the next gets anything.
 *
 * @returns what each due was paid, and the funds left over.
 */
export function payInOrder(funds: number, dues: readonly number[]): { paid: number[]; left: number } {
    let left = funds;
    const paid = dues.map((due) => {
        const payment = Math.min(due, left);
        left -= payment;
        return payment;
    });
    return { paid, left };
}

/**
 * Shares `amount` in proportion to `weights`, in whole units: each gets the floor of its exact share, and the
 * units the floors leave go one each to the largest fractional remainders (ties to the earlier weight). When
 * `amount` is at most the sum of the weights no share exceeds its weight. Exact in BigInt, whatever the sizes.
 *
 * @throws RangeError when `amount` is positive and every weight is zero (nothing to share by).
 */
export function shareProRata(amount: number, weights: readonly number[]): number[] {
    const total = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
    if (amount === 0) {
        return weights.map(() => 0);
    }
    if (total === 0n) {
        throw new RangeError('cannot share a positive amount by zero weights');
    }
    const exact = weights.map((weight) => BigInt(amount) * BigInt(weight));
    const shares = exact.map((product) => product / total);
    let leftover = BigInt(amount) - shares.reduce((sum, share) => sum + share, 0n);
    const byRemainder = exact
        .map((product, index) => ({ index, remainder: product % total }))
        .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
    for (const { index } of byRemainder) {
        if (leftover === 0n) {
            break;
        }
        shares[index]! += 1n;
        leftover -= 1n;
    }
    return shares.map(Number);
}

/**
 * Pays groups of dues in order; inside a group (tranches of equal rank) the funds it gets are shared in proportion
 * to its dues when they do not cover them all.
 */
export function payGroupsInOrder(
    funds: number,
    groups: readonly (readonly number[])[],
): { paid: number[][]; left: number } {
    let left = funds;
    const paid = groups.map((dues) => {
        const due = dues.reduce((sum, d) => sum + d, 0);
        if (due <= left) {
            left -= due;
            return [...dues];
        }
        const shares = shareProRata(left, dues);
        left = 0;
        return shares;
    });
    return { paid, left };
}
