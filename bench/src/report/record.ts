import { appendFileSync } from 'node:fs';
import { type LoadResult } from '../load.ts';

/**
 * One measured figure of a benchmark, machine-readable: what `scripts/bench.sh` collects from every benchmark
 * (each script appends these, one JSON object a line, to the file named by its `--json` option) and renders.
 */
export interface BenchRecord {
    /** The benchmark (script) that measured it, e.g. `evidence-rates`. */
    readonly benchmark: string;
    /** What was measured, e.g. `Evidence:Register (1/tx)`. */
    readonly label: string;
    /** The client path: `rest` (a gateway), `fabric-gateway` (a bare client), `caliper`, `offline` (no network). */
    readonly path: string;
    /** Operations in flight at once (closed loop), when the benchmark has such a setting. */
    readonly concurrency?: number;
    /** Completed operations: transactions, requests or verifications. */
    readonly operations: number;
    readonly failed: number;
    readonly seconds: number;
    /** Completed operations per second. */
    readonly throughput: number;
    /** What one operation is: `tx`, `request`, `receipt`, `package`. */
    readonly unit: string;
    /** Records, fingerprints or receipts one operation carries (100 for a batch of 100); 1 for a single. */
    readonly itemsPerOperation: number;
    /** What an item is when an operation carries several, e.g. `records` or `fingerprints`. */
    readonly itemUnit?: string;
    /** Latency percentiles of one operation in milliseconds, when measured per operation. */
    readonly p50?: number;
    readonly p99?: number;
    /** Wall-clock bounds of the measurement (epoch milliseconds): the window the runner charges CPU to. */
    readonly startedAt: number;
    readonly endedAt: number;
    readonly firstError?: string;
    /** Anything else worth keeping (e.g. the ratio to another path), shown as a note. */
    readonly note?: string;
}

/** The fields of a record a benchmark gives; the recorder adds the benchmark's name. */
export type RecordFields = Omit<BenchRecord, 'benchmark'>;

/** Collects a benchmark's records into its `--json` file (JSON lines); without a file it does nothing. */
export class Recorder {
    readonly #benchmark: string;
    readonly #file: string | undefined;

    constructor(benchmark: string, file: string | undefined) {
        this.#benchmark = benchmark;
        this.#file = file;
    }

    /** Appends one record at once, so the figures of a benchmark that fails later are kept. */
    record(fields: RecordFields): void {
        if (this.#file !== undefined) {
            appendFileSync(this.#file, `${JSON.stringify({ benchmark: this.#benchmark, ...fields })}\n`);
        }
    }

    /** Records a closed-loop run of {@link runLoad}. */
    load(
        result: LoadResult,
        how: Readonly<{ path: string; unit?: string; itemsPerOperation?: number; itemUnit?: string; note?: string }>,
    ): void {
        this.record({
            label: result.label,
            path: how.path,
            concurrency: result.concurrency,
            operations: result.completed,
            failed: result.failed,
            seconds: result.seconds,
            throughput: result.throughput,
            unit: how.unit ?? 'tx',
            itemsPerOperation: how.itemsPerOperation ?? 1,
            ...(how.itemUnit === undefined ? {} : { itemUnit: how.itemUnit }),
            ...(Number.isFinite(result.p50) ? { p50: result.p50, p99: result.p99 } : {}),
            startedAt: result.startedAt,
            endedAt: result.endedAt,
            ...(result.firstError === undefined ? {} : { firstError: result.firstError }),
            ...(how.note === undefined ? {} : { note: how.note }),
        });
    }
}

/** Parses a `--json` file: one record a line; blank lines are skipped. */
export function parseRecords(text: string): BenchRecord[] {
    return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as BenchRecord);
}
