/** Interest and fee accrual: actual days over a 365-day year, floored to the minor unit. */

/** Basis points in one: 10 000 bps = 100%. */
const BPS = 10_000n;

/** The day count's year. */
export const DAYS_PER_YEAR = 365n;

/**
 * `balance × rateBps × days / (10 000 × 365)`, floored to the minor unit: the fraction of a cent the floor drops
 * is never owed, so it stays with the funds that flow further down. Exact in BigInt (the product passes 2^53 for
 * balances of a few billion yuan in cents).
 */
export function accrued(balance: number, rateBps: number, days: number): number {
    return Number((BigInt(balance) * BigInt(rateBps) * BigInt(days)) / (BPS * DAYS_PER_YEAR));
}

/** Calendar days from `startDate` to `endDate`, both counted (`YYYY-MM-DD`): a collection period's accrual days. */
export function periodDays(startDate: string, endDate: string): number {
    const day = (date: string): number => Date.parse(`${date}T00:00:00.000Z`) / 86_400_000;
    return day(endDate) - day(startDate) + 1;
}
