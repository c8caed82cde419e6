/**
 * Caliper rate controller that keeps `transactionLoad` transactions in flight (split evenly across workers): a new
 * one is submitted as soon as one completes, the closed loop bench/src/load.ts's runLoad runs for the REST path.
 *
 * Caliper's own `fixed-load` is not used: before the first transaction completes it submits at `startTps`, and once
 * more are in flight than the target it sleeps (excess × mean latency), so with latencies of seconds on this
 * machine one overshoot put a worker to sleep for minutes (measured: a 15 s round stuck at 125 transactions).
 * Caliper loads this module with require(), which loads an ES module on Node 24.
 */
import { setTimeout as sleep } from 'node:timers/promises';

class ClosedLoop {
    constructor(testMessage, stats) {
        const opts = testMessage.getRateControlSpec().opts ?? {};
        this.stats = stats;
        this.target = Math.max(1, Math.round(Number(opts.transactionLoad ?? 10) / testMessage.getWorkersNumber()));
    }

    /** Returns once fewer than the target are in flight; polls every millisecond (Caliper offers no completion event). */
    async applyRateControl() {
        while (this.stats.getTotalSubmittedTx() - this.stats.getTotalFinishedTx() >= this.target) {
            await sleep(1);
        }
    }

    async end() {}
}

/** Caliper's factory of a worker's rate controller. */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- plain JavaScript, loaded by Caliper
export function createRateController(testMessage, stats) {
    return new ClosedLoop(testMessage, stats);
}
