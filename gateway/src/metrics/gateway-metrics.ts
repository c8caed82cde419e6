import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { type CoalesceObserver, type SplitReason } from '../fabric/write-coalescer.js';
import { type LedgerObserver, type RetryReason } from '../fabric/transaction-runner.js';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const WAIT_BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/**
 * The gateway's Prometheus metrics, in a registry of their own (so several apps in one process, as in tests, do
 * not collide). Names follow Prometheus conventions; latencies are in seconds.
 */
export class GatewayMetrics implements LedgerObserver, CoalesceObserver {
    readonly registry = new Registry();
    readonly #httpDuration: Histogram<'method' | 'route' | 'status'>;
    readonly #fabricDuration: Histogram<'operation' | 'outcome'>;
    readonly #retries: Counter<'reason'>;
    readonly #errors: Counter<'code' | 'status'>;
    readonly #jobs: Counter<'outcome'>;
    readonly #idempotentReplays: Counter;
    readonly #batchRecords: Histogram<'transaction'>;
    readonly #coalesceWait: Histogram<'transaction'>;
    readonly #splits: Counter<'transaction' | 'reason'>;

    constructor(options: Readonly<{ defaultMetrics?: boolean; labels?: Record<string, string> }> = {}) {
        if (options.labels) {
            this.registry.setDefaultLabels(options.labels);
        }
        if (options.defaultMetrics ?? true) {
            collectDefaultMetrics({ register: this.registry });
        }
        const registers = [this.registry];
        this.#httpDuration = new Histogram({
            name: 'gateway_http_request_duration_seconds',
            help: 'HTTP request latency by route and status',
            labelNames: ['method', 'route', 'status'],
            buckets: LATENCY_BUCKETS,
            registers,
        });
        this.#fabricDuration = new Histogram({
            name: 'gateway_fabric_call_duration_seconds',
            help: 'Latency of Fabric calls (evaluate, endorse, submit, commit_status) by outcome',
            labelNames: ['operation', 'outcome'],
            buckets: LATENCY_BUCKETS,
            registers,
        });
        this.#retries = new Counter({
            name: 'gateway_fabric_retries_total',
            help: 'Fabric steps repeated, by reason (conflict, disagreement, submit, status, resubmit, unavailable)',
            labelNames: ['reason'],
            registers,
        });
        this.#errors = new Counter({
            name: 'gateway_errors_total',
            help: 'Problem responses by problem code and HTTP status',
            labelNames: ['code', 'status'],
            registers,
        });
        this.#jobs = new Counter({
            name: 'gateway_jobs_total',
            help: 'Jobs finished, by outcome',
            labelNames: ['outcome'],
            registers,
        });
        this.#idempotentReplays = new Counter({
            name: 'gateway_idempotent_replays_total',
            help: 'Responses replayed for a repeated Idempotency-Key',
            registers,
        });
        this.#batchRecords = new Histogram({
            name: 'gateway_coalesced_batch_records',
            help: 'Records per coalesced batch transaction endorsed, by single-write transaction',
            labelNames: ['transaction'],
            buckets: BATCH_BUCKETS,
            registers,
        });
        this.#coalesceWait = new Histogram({
            name: 'gateway_coalesce_wait_seconds',
            help: 'How long a coalesced write waited for its batch to start (window, and earlier records of its loan)',
            labelNames: ['transaction'],
            buckets: WAIT_BUCKETS,
            registers,
        });
        this.#splits = new Counter({
            name: 'gateway_coalesce_splits_total',
            help: 'Coalesced batches the chaincode refused and the gateway took apart: the item it named alone (item), or every item alone (each)',
            labelNames: ['transaction', 'reason'],
            registers,
        });
    }

    batchStarted(transaction: string, records: number, waits: readonly number[]): void {
        this.#batchRecords.observe({ transaction }, records);
        for (const seconds of waits) {
            this.#coalesceWait.observe({ transaction }, seconds);
        }
    }

    batchSplit(transaction: string, reason: SplitReason): void {
        this.#splits.inc({ transaction, reason });
    }

    /** Records an HTTP request's duration. */
    httpRequest(method: string, route: string, status: number, seconds: number): void {
        this.#httpDuration.observe({ method, route, status: String(status) }, seconds);
    }

    /** Counts a problem response. */
    problem(code: string, status: number): void {
        this.#errors.inc({ code, status: String(status) });
    }

    /** Counts a finished job. */
    jobFinished(outcome: 'succeeded' | 'failed'): void {
        this.#jobs.inc({ outcome });
    }

    /** Counts an idempotent replay. */
    idempotentReplay(): void {
        this.#idempotentReplays.inc();
    }

    /** Exposes a gauge whose value is read at scrape time. */
    gauge(name: string, help: string, read: () => number): void {
        new Gauge({
            name,
            help,
            registers: [this.registry],
            collect(this: Gauge) {
                this.set(read());
            },
        });
    }

    call(operation: string, outcome: string, seconds: number): void {
        this.#fabricDuration.observe({ operation, outcome }, seconds);
    }

    retry(reason: RetryReason): void {
        this.#retries.inc({ reason });
    }
}
