import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Tranche } from '../deal.js';
import { accrued, periodDays } from './accrual.js';
import { shareProRata } from './allocation.js';
import { DEFAULT_WATERFALL_TERMS } from './terms.js';
import { computeWaterfall, type TrancheFlow, type WaterfallInput } from './waterfall.js';

/** Random deals and periods: up to five tranches over up to four ranks (equal ranks allowed), big balances. */
const inputs: fc.Arbitrary<WaterfallInput> = fc
    .array(
        fc.record({
            rank: fc.integer({ min: 1, max: 4 }),
            couponBps: fc.integer({ min: 0, max: 2_000 }),
            originalBalance: fc.integer({ min: 1, max: 10_000_000_000_000 }),
            paidDownPpm: fc.integer({ min: 0, max: 1_000_000 }),
            interestShortfall: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100_000_000 })),
        }),
        { minLength: 1, maxLength: 5 },
    )
    .chain((specs) =>
        fc.record({
            tranches: fc.constant(
                specs.map((spec, i): Tranche => ({
                    trancheId: `T${i}`,
                    originalBalance: spec.originalBalance,
                    rank: spec.rank,
                    couponBps: spec.couponBps,
                })),
            ),
            opening: fc.constant(
                specs.map((spec, i) => ({
                    trancheId: `T${i}`,
                    balance: Number((BigInt(spec.originalBalance) * BigInt(1_000_000 - spec.paidDownPpm)) / 1_000_000n),
                    interestShortfall: spec.interestShortfall,
                })),
            ),
            terms: fc.record({
                servicerFeeBps: fc.integer({ min: 0, max: 1_000 }),
                fees: fc.array(
                    fc.record({ feeId: fc.constantFrom('TRUSTEE', 'CUSTODIAN', 'RATING'), amount: fc.nat(10_000_000) }),
                    { maxLength: 3 },
                ),
                principalPayment: fc.constantFrom('PRO_RATA' as const, 'SEQUENTIAL' as const),
            }),
            sequential: fc.boolean(),
            days: fc.integer({ min: 1, max: 366 }),
            poolBalance: fc.nat(20_000_000_000_000),
            interestCollections: fc.oneof(fc.nat(1_000), fc.nat(1_000_000_000_000)),
            principalCollections: fc.oneof(fc.nat(1_000), fc.nat(10_000_000_000_000)),
            defaultedPrincipal: fc.nat(100_000_000_000),
        }),
    );

const sum = (values: readonly number[]): bigint => values.reduce((total, value) => total + BigInt(value), 0n);

/** Pairs (senior, junior) of tranches of strictly different ranks. */
function seniorJuniorPairs(tranches: readonly TrancheFlow[]): [TrancheFlow, TrancheFlow][] {
    return tranches.flatMap((senior) =>
        tranches
            .filter((junior) => junior.rank > senior.rank)
            .map((junior): [TrancheFlow, TrancheFlow] => [senior, junior]),
    );
}

describe('computeWaterfall', () => {
    it('conserves the funds to the fen: fees, interest, principal and residual add up to what was available', () => {
        fc.assert(
            fc.property(inputs, (input) => {
                const result = computeWaterfall(input);
                const paid =
                    sum(result.fees.map((fee) => fee.paid)) +
                    sum(result.tranches.map((tranche) => tranche.interestPaid)) +
                    sum(result.tranches.map((tranche) => tranche.principalPaid)) +
                    BigInt(result.residual);
                expect(paid).toBe(BigInt(input.interestCollections) + BigInt(input.principalCollections));
                expect(result.residual).toBeGreaterThanOrEqual(0);
            }),
        );
    });

    it('never repays a tranche beyond its balance, nor pays anything negative', () => {
        fc.assert(
            fc.property(inputs, (input) => {
                for (const tranche of computeWaterfall(input).tranches) {
                    expect(tranche.principalPaid).toBeGreaterThanOrEqual(0);
                    expect(tranche.principalPaid).toBeLessThanOrEqual(tranche.openingBalance);
                    expect(tranche.closingBalance).toBe(tranche.openingBalance - tranche.principalPaid);
                    expect(tranche.interestPaid).toBeGreaterThanOrEqual(0);
                    expect(tranche.interestShortfall).toBe(tranche.interestDue - tranche.interestPaid);
                    expect(tranche.interestShortfall).toBeGreaterThanOrEqual(0);
                }
            }),
        );
    });

    it('under sequential pay never repays a junior tranche while a senior one keeps a balance', () => {
        fc.assert(
            fc.property(inputs, (drawn) => {
                const result = computeWaterfall({ ...drawn, sequential: true });
                expect(result.principalPayment).toBe('SEQUENTIAL');
                for (const [senior, junior] of seniorJuniorPairs(result.tranches)) {
                    if (junior.principalPaid > 0) {
                        expect(senior.closingBalance).toBe(0);
                    }
                }
            }),
        );
    });

    it('pays the subordinated class principal only once every rated tranche is repaid, in either mode', () => {
        fc.assert(
            fc.property(inputs, (input) => {
                const { tranches } = computeWaterfall(input);
                if (tranches.some((tranche) => tranche.subordinated && tranche.principalPaid > 0)) {
                    expect(tranches.filter((t) => !t.subordinated).every((t) => t.closingBalance === 0)).toBe(true);
                }
            }),
        );
    });

    it('never pays a junior tranche interest while a senior tranche’s interest due is unpaid', () => {
        fc.assert(
            fc.property(inputs, (input) => {
                for (const [senior, junior] of seniorJuniorPairs(computeWaterfall(input).tranches)) {
                    if (junior.interestPaid > 0) {
                        expect(senior.interestShortfall).toBe(0);
                    }
                }
            }),
        );
    });

    it('under pro rata pay shares rated principal by balance, each share within one fen of the exact one', () => {
        fc.assert(
            fc.property(inputs, (drawn) => {
                const input = { ...drawn, sequential: false };
                const rated = computeWaterfall(input).tranches.filter((tranche) => !tranche.subordinated);
                const paid = sum(rated.map((tranche) => tranche.principalPaid));
                const balances = sum(rated.map((tranche) => tranche.openingBalance));
                for (const tranche of rated) {
                    // |share − P × b / B| < 1  ⇔  |share × B − P × b| < B
                    const gap = BigInt(tranche.principalPaid) * balances - paid * BigInt(tranche.openingBalance);
                    expect(gap < 0n ? -gap : gap).toBeLessThan(balances === 0n ? 1n : balances);
                }
            }),
        );
    });

    it('pays no interest, principal or residual while a fee stays unpaid', () => {
        fc.assert(
            fc.property(inputs, (input) => {
                const result = computeWaterfall(input);
                const unpaidFees = result.fees.some((fee) => fee.paid < fee.due);
                if (unpaidFees) {
                    expect(result.tranches.every((tranche) => tranche.interestPaid === 0)).toBe(true);
                    expect(result.tranches.every((tranche) => tranche.principalPaid === 0)).toBe(true);
                    expect(result.residual).toBe(0);
                }
            }),
        );
    });

    it('carries a shortfall when interest collections and principal cannot pay the senior coupon', () => {
        const tranches: Tranche[] = [
            { trancheId: 'A', originalBalance: 100_000_000, rank: 1, couponBps: 365 },
            { trancheId: 'SUB', originalBalance: 10_000_000, rank: 2, couponBps: 0 },
        ];
        const result = computeWaterfall({
            tranches,
            opening: [
                { trancheId: 'A', balance: 100_000_000, interestShortfall: 5_000 },
                { trancheId: 'SUB', balance: 10_000_000, interestShortfall: 0 },
            ],
            terms: DEFAULT_WATERFALL_TERMS,
            sequential: false,
            days: 10,
            poolBalance: 110_000_000,
            interestCollections: 60_000,
            principalCollections: 30_000,
            defaultedPrincipal: 0,
        });
        // A's interest: 100 000 000 × 365 × 10 / 3 650 000 = 100 000, plus 5 000 carried in; 90 000 available.
        expect(result.tranches[0]).toMatchObject({
            interestDue: 105_000,
            interestPaid: 90_000,
            interestShortfall: 15_000,
        });
        expect(result.tranches[0]!.principalPaid).toBe(0);
        expect(result.residual).toBe(0);
    });
});

describe('shareProRata', () => {
    it('hands out exactly the amount, never more than a weight when the amount is within the weights', () => {
        fc.assert(
            fc.property(
                fc.array(fc.nat(1_000_000_000_000), { minLength: 1, maxLength: 6 }).filter((w) => w.some((x) => x > 0)),
                fc.double({ min: 0, max: 1, noNaN: true }),
                (weights, fraction) => {
                    const total = weights.reduce((a, b) => a + b, 0);
                    const amount = Math.floor(total * fraction);
                    const shares = shareProRata(amount, weights);
                    expect(sum(shares)).toBe(BigInt(amount));
                    shares.forEach((share, i) => expect(share).toBeLessThanOrEqual(weights[i]!));
                },
            ),
        );
    });

    it('refuses to share a positive amount by zero weights', () => {
        expect(() => shareProRata(1, [0, 0])).toThrow(RangeError);
        expect(shareProRata(0, [0, 0])).toEqual([0, 0]);
    });
});

describe('accrual', () => {
    it('floors balance × bps × days / (10 000 × 365) exactly, past 2^53', () => {
        expect(accrued(80_000_000_000, 260, 28)).toBe(159_561_643); // 159 561 643.83…
        expect(accrued(9_000_000_000_000_000, 10_000, 365)).toBe(9_000_000_000_000_000);
        expect(accrued(1, 1, 1)).toBe(0);
    });

    it('counts both ends of a period and the leap day', () => {
        expect(periodDays('2026-02-01', '2026-02-28')).toBe(28);
        expect(periodDays('2028-02-01', '2028-02-29')).toBe(29);
        expect(periodDays('2026-03-01', '2026-03-01')).toBe(1);
    });
});
