import { epochMillis } from './load.ts';
import { type Recorder } from './report/record.ts';

/** How long offline work took on the wall clock and on this process's CPU. */
export interface OfflineTiming {
    readonly count: number;
    readonly startedAt: number;
    readonly seconds: number;
    readonly cpuSeconds: number;
}

/** Warms `run` up on a few of `count` operations, then times all of them (wall and CPU). */
export async function timeOffline(count: number, run: (times: number) => Promise<void>): Promise<OfflineTiming> {
    await run(Math.min(200, count));
    const cpuBefore = process.cpuUsage();
    const startedAt = epochMillis();
    const started = performance.now();
    await run(count);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return { count, startedAt, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** Receipts verified per CPU-second. */
export function perCpuSecond(timing: OfflineTiming): number {
    return Math.round(timing.count / timing.cpuSeconds);
}

/** Records offline receipt verifications as one figure of the benchmark. */
export function recordVerifications(recorder: Recorder, label: string, timing: OfflineTiming, note: string): void {
    recorder.record({
        label,
        path: 'offline',
        concurrency: 1,
        operations: timing.count,
        failed: 0,
        seconds: timing.seconds,
        throughput: timing.count / timing.seconds,
        unit: 'receipt',
        itemsPerOperation: 1,
        startedAt: timing.startedAt,
        endedAt: timing.startedAt + timing.seconds * 1000,
        note,
    });
}
