import { recordOf } from '../amounts.js';
import { PERFORMING_STATUSES, type PerformingStatus } from '../loan.js';
import { type CumulativeTotals, type PeriodTotals } from '../totals.js';
import { annualise, FIXED_POINT_SCALE, fixedPointToPpm, ratioPpm, scaledRatio } from './rounding.js';

/** The bases of the ratio metrics. */
export interface MetricBasis {
    /** Pool balance at cut-off. */
    readonly initialBalance: number;
    readonly cumulativeBasis: 'INITIAL_BALANCE' | 'INITIAL_PLUS_REVOLVING';
    /** Denominator of the cumulative default rate and cumulative net loss. */
    readonly basisBalance: number;
}

/** Delinquency of one bucket: count, balance and balance as a share of the closing pool balance. */
export interface BucketMetrics {
    readonly count: number;
    readonly balance: number;
    readonly balancePpm: number;
}

/**
 * The metrics of a closed period, all integers. Ratios are parts per million (`…Ppm`, 1 000 000 = 100%) or, for
 * the monthly and annual rates, also fixed point at 10^12 (`…E12`); WAC is in basis points, WARM in hundredths
 * of a month. docs: chaincode/docs/abs-metrics.md.
 */
export interface PeriodMetrics {
    readonly poolFactorPpm: number;
    readonly delinquency: Readonly<Record<PerformingStatus, BucketMetrics>>;
    readonly delinquent60PlusPpm: number;
    readonly delinquent90PlusPpm: number;
    readonly smmE12: number;
    readonly smmPpm: number;
    readonly cprE12: number;
    readonly cprPpm: number;
    readonly mdrE12: number;
    readonly mdrPpm: number;
    readonly cdrE12: number;
    readonly cdrPpm: number;
    readonly cumulativeDefaultRatePpm: number;
    readonly cumulativeNetLossPpm: number;
    readonly wacBps: number;
    readonly warmMonthsX100: number;
}

/**
 * Principal exposed to prepayment and default in the period: opening balance plus additions minus scheduled
 * principal. Without additions this is the standard `BegBal − SchedPrin`; it is never negative because every
 * loan's own share is its closing balance plus its exits.
 */
export function exposedPrincipal(totals: PeriodTotals): bigint {
    return (
        BigInt(totals.openingBalance) +
        BigInt(totals.revolvingPurchasedPrincipal) +
        BigInt(totals.substitutionInPrincipal) -
        BigInt(totals.scheduledPrincipal)
    );
}

/** Balance-weighted average: `round_half_even(weightedSum × scale / balance)`, 0 for an empty pool. */
export function weightedAverage(weightedSum: string, balance: number, scale: bigint): number {
    return Number(scaledRatio(BigInt(weightedSum), BigInt(balance), scale));
}

/**
 * Computes a period's metrics from its pool-level totals, the running totals since cut-off (this period
 * included) and the ratio bases. Pure and deterministic: an investor recomputes a report's `metrics` from its
 * `totals`, `cumulative` and `basis` with this function and must get the same object.
 */
export function computePeriodMetrics(
    totals: PeriodTotals,
    cumulative: CumulativeTotals,
    basis: MetricBasis,
): PeriodMetrics {
    const closing = totals.closingBalance;
    const exposed = exposedPrincipal(totals);
    const smm = scaledRatio(BigInt(totals.prepaidPrincipal), exposed, FIXED_POINT_SCALE);
    const mdr = scaledRatio(BigInt(totals.defaultedPrincipal), exposed, FIXED_POINT_SCALE);
    const cpr = annualise(smm);
    const cdr = annualise(mdr);
    const { delinquency } = totals;
    return {
        poolFactorPpm: ratioPpm(closing, basis.initialBalance),
        delinquency: bucketMetrics(totals),
        delinquent60PlusPpm: ratioPpm(delinquency.DPD_61_90.balance + delinquency.DPD_90_PLUS.balance, closing),
        delinquent90PlusPpm: ratioPpm(delinquency.DPD_90_PLUS.balance, closing),
        smmE12: Number(smm),
        smmPpm: ratioPpm(BigInt(totals.prepaidPrincipal), exposed),
        cprE12: Number(cpr),
        cprPpm: fixedPointToPpm(cpr),
        mdrE12: Number(mdr),
        mdrPpm: ratioPpm(BigInt(totals.defaultedPrincipal), exposed),
        cdrE12: Number(cdr),
        cdrPpm: fixedPointToPpm(cdr),
        cumulativeDefaultRatePpm: ratioPpm(cumulative.defaultedPrincipal, basis.basisBalance),
        cumulativeNetLossPpm: ratioPpm(
            BigInt(cumulative.defaultedPrincipal) - BigInt(cumulative.recoveredAmount),
            basis.basisBalance,
        ),
        wacBps: weightedAverage(totals.weightedRateSum, closing, 1n),
        warmMonthsX100: weightedAverage(totals.weightedTermSum, closing, 100n),
    };
}

function bucketMetrics(totals: PeriodTotals): Record<PerformingStatus, BucketMetrics> {
    return recordOf(PERFORMING_STATUSES, (status) => {
        const bucket = totals.delinquency[status];
        return { ...bucket, balancePpm: ratioPpm(bucket.balance, totals.closingBalance) };
    });
}
