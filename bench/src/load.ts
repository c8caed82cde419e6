/**
 * A closed-loop load generator: `concurrency` workers each run `operation` back to back until `durationMillis`
 * has passed, then the latencies of the completed operations are summarised.
 */

export interface LoadResult {
    readonly label: string;
    readonly concurrency: number;
    readonly completed: number;
    readonly failed: number;
    readonly seconds: number;
    readonly throughput: number;
    readonly p50: number;
    readonly p95: number;
    readonly p99: number;
    /** Wall-clock bounds of the run (epoch milliseconds), so CPU used by other processes can be matched to it. */
    readonly startedAt: number;
    readonly endedAt: number;
    readonly firstError?: string;
}

/** Wall-clock time in epoch milliseconds with sub-millisecond resolution, comparable across processes. */
export function epochMillis(): number {
    return performance.timeOrigin + performance.now();
}

/** The p-th percentile (nearest rank) of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
    if (sorted.length === 0) {
        return Number.NaN;
    }
    const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
    return sorted[Math.max(0, index)]!;
}

export async function runLoad(
    label: string,
    concurrency: number,
    durationMillis: number,
    operation: (worker: number, iteration: number) => Promise<void>,
): Promise<LoadResult> {
    const latencies: number[] = [];
    let failed = 0;
    let firstError: string | undefined;
    const startedAt = epochMillis();
    const start = performance.now();
    const deadline = start + durationMillis;
    await Promise.all(
        Array.from({ length: concurrency }, async (_, worker) => {
            for (let iteration = 0; performance.now() < deadline; iteration++) {
                const began = performance.now();
                try {
                    await operation(worker, iteration);
                    latencies.push(performance.now() - began);
                } catch (error) {
                    failed++;
                    firstError ??= (error as Error).message;
                }
            }
        }),
    );
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    return {
        label,
        concurrency,
        completed: latencies.length,
        failed,
        seconds,
        throughput: latencies.length / seconds,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        startedAt,
        endedAt: epochMillis(),
        ...(firstError ? { firstError } : {}),
    };
}

/** Prints results as an aligned table. */
export function printResults(results: readonly LoadResult[]): void {
    console.log('label                          conc   done  fail   tx/s    p50 ms   p95 ms   p99 ms');
    for (const r of results) {
        console.log(
            `${r.label.padEnd(30)} ${String(r.concurrency).padStart(4)} ${String(r.completed).padStart(6)} ` +
                `${String(r.failed).padStart(5)} ${r.throughput.toFixed(1).padStart(7)} ${r.p50.toFixed(0).padStart(8)} ` +
                `${r.p95.toFixed(0).padStart(8)} ${r.p99.toFixed(0).padStart(8)}`,
        );
        if (r.firstError) {
            console.log(`    first error: ${r.firstError}`);
        }
    }
}
