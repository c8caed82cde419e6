import { type Comparator, type TriggerDefinition, type TriggerMetric } from '../deal.js';
import { type TriggerResult } from '../period-report.js';
import { type PeriodMetrics } from './period-metrics.js';

/** The metric value (parts per million) a trigger tests. */
export function triggerValue(metric: TriggerMetric, metrics: PeriodMetrics): number {
    switch (metric) {
        case 'CUMULATIVE_DEFAULT_RATE':
            return metrics.cumulativeDefaultRatePpm;
        case 'CUMULATIVE_NET_LOSS':
            return metrics.cumulativeNetLossPpm;
        case 'DELINQUENCY_60_PLUS':
            return metrics.delinquent60PlusPpm;
        case 'DELINQUENCY_90_PLUS':
            return metrics.delinquent90PlusPpm;
        case 'POOL_FACTOR':
            return metrics.poolFactorPpm;
        case 'CPR':
            return metrics.cprPpm;
        case 'CDR':
            return metrics.cdrPpm;
    }
}

/**
 * The threshold of a trigger in a period: the value of the last schedule step whose `fromPeriod` is at or before
 * the period.
 *
 * @throws RangeError if the schedule has no step for the period (a deal's schedule always starts at period 1).
 */
export function thresholdFor(trigger: TriggerDefinition, periodNo: number): number {
    let threshold: number | undefined;
    for (const step of trigger.thresholds) {
        if (step.fromPeriod <= periodNo) {
            threshold = step.valuePpm;
        }
    }
    if (threshold === undefined) {
        throw new RangeError(`trigger ${trigger.triggerId} has no threshold for period ${periodNo}`);
    }
    return threshold;
}

/** True when `value <comparator> threshold`. */
export function compare(value: number, comparator: Comparator, threshold: number): boolean {
    switch (comparator) {
        case 'GT':
            return value > threshold;
        case 'GTE':
            return value >= threshold;
        case 'LT':
            return value < threshold;
        case 'LTE':
            return value <= threshold;
    }
}

/** Tests every trigger of a deal against a period's metrics, in the deal's trigger order. */
export function evaluateTriggers(
    triggers: readonly TriggerDefinition[],
    metrics: PeriodMetrics,
    periodNo: number,
): TriggerResult[] {
    return triggers.map((trigger) => {
        const valuePpm = triggerValue(trigger.metric, metrics);
        const thresholdPpm = thresholdFor(trigger, periodNo);
        return {
            triggerId: trigger.triggerId,
            metric: trigger.metric,
            comparator: trigger.comparator,
            thresholdPpm,
            valuePpm,
            breached: compare(valuePpm, trigger.comparator, thresholdPpm),
            consequence: trigger.consequence,
        };
    });
}
