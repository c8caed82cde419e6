/** Collection periods of the ABS area, the reports their close computes, and investors' acknowledgements. */
import { type Comparator, type DealStatus, type TriggerConsequence, type TriggerMetric } from './deal.js';
import { type MetricBasis, type PeriodMetrics } from './metrics/period-metrics.js';
import { type CumulativeTotals, type PeriodTotals, type RollForward } from './totals.js';

/** The result of testing one trigger at a period close. */
export interface TriggerResult {
    readonly triggerId: string;
    readonly metric: TriggerMetric;
    readonly comparator: Comparator;
    readonly thresholdPpm: number;
    readonly valuePpm: number;
    readonly breached: boolean;
    readonly consequence: TriggerConsequence;
}

/** A deal transition a period close caused. */
export interface DealTransitionRecord {
    readonly from: DealStatus;
    readonly to: DealStatus;
    readonly triggerId: string;
}

/** The computed content of a closed period. */
export interface PeriodReport {
    readonly reportFingerprint: string;
    readonly rollForward: RollForward;
    readonly totals: PeriodTotals;
    readonly cumulative: CumulativeTotals;
    readonly basis: MetricBasis;
    readonly metrics: PeriodMetrics;
    readonly triggers: readonly TriggerResult[];
    readonly dealTransition: DealTransitionRecord | null;
    /** Loans in the pool at the period's end. */
    readonly activeLoanCount: number;
    readonly batchIds: readonly string[];
}

/** A collection period (public state); `report` is set when the period is closed. */
export interface PeriodRecord {
    readonly dealId: string;
    readonly periodNo: number;
    readonly startDate: string;
    readonly endDate: string;
    readonly status: 'OPEN' | 'CLOSED';
    readonly openedAt: string;
    readonly openedTxId: string;
    readonly closedAt: string | null;
    readonly closedTxId: string | null;
    readonly report: PeriodReport | null;
}

/** An investor's audit acknowledgement of a period report. */
export interface AcknowledgementRecord {
    readonly dealId: string;
    readonly periodNo: number;
    /** `sha256:` digest of the canonical JSON of the acknowledged period record. */
    readonly reportDigest: string;
    readonly investorMspId: string;
    readonly investorSubject: string;
    readonly statementCode: string | null;
    readonly txId: string;
    readonly time: string;
}
