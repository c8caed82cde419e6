/**
 * How the dashboard writes the chaincode's integer metrics: exactly, from the integers, with their unit. Ratios are
 * parts per million (1 000 000 = 100 %), rates of loans basis points, WARM hundredths of a month
 * (chaincode/docs/abs-metrics.md §1). No floating point on the way to the text, so what the page shows is the
 * ledger's figure to the last digit.
 */

/** A ratio in parts per million as a percentage with four decimals, e.g. `251377` → `25.1377%`. */
export function formatPpm(ppm: number): string {
    return `${scaled(ppm, 10_000n, 4)}%`;
}

/** Basis points as a percentage with two decimals, e.g. `1200` → `12.00%`. */
export function formatBps(bps: number): string {
    return `${scaled(bps, 100n, 2)}%`;
}

/** Hundredths of a month as months with two decimals, e.g. `2345` → `23.45`. */
export function formatHundredths(value: number): string {
    return scaled(value, 100n, 2);
}

/** A ratio in parts per million as a percentage number, for plotting only (never for the figures shown). */
export function ppmToPercent(ppm: number): number {
    return ppm / 10_000;
}

function scaled(value: number, divisor: bigint, decimals: number): string {
    const integer = BigInt(value);
    const negative = integer < 0n;
    const abs = negative ? -integer : integer;
    const fraction = (abs % divisor).toString().padStart(decimals, '0');
    return `${negative ? '-' : ''}${abs / divisor}.${fraction}`;
}
