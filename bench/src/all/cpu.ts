/**
 * CPU accounting by process group: the runner samples the clock ticks (utime + stime of /proc/<pid>/stat) of the
 * network's processes and of the load client now and then, and a benchmark's figure is charged the CPU each group
 * used between its start and end, interpolated between samples. Pure: the sampling itself is in sampler.ts.
 */

/** The process groups CPU is reported for. `tsa` is the notary's time-stamping authority. */
export const GROUPS = ['peer', 'orderer', 'chaincode', 'gateway', 'tsa', 'client'] as const;

export type Group = (typeof GROUPS)[number];

/** One process's CPU clock ticks (user + system) at a sample. */
export interface ProcessTicks {
    readonly pid: number;
    readonly group: Group;
    readonly ticks: number;
}

/** The ticks of every watched process at one moment (epoch milliseconds). */
export interface CpuSample {
    readonly at: number;
    readonly processes: readonly ProcessTicks[];
}

/** CPU-seconds per group. */
export type GroupCpu = Readonly<Record<Group, number>>;

/** A record of zero CPU-seconds for every group. */
export function noCpu(): Record<Group, number> {
    return Object.fromEntries(GROUPS.map((group) => [group, 0])) as Record<Group, number>;
}

/**
 * utime + stime (fields 14 and 15) of a `/proc/<pid>/stat` line. The command name (field 2) is in parentheses and
 * may hold spaces and parentheses itself, so fields are counted after its last `)`.
 *
 * @throws Error for a line that is not a stat line.
 */
export function ticksOfStat(stat: string): number {
    const close = stat.lastIndexOf(')');
    const fields =
        close < 0
            ? []
            : stat
                  .slice(close + 1)
                  .trim()
                  .split(/\s+/);
    // After the name: state (3), ppid (4), … utime (14) and stime (15) are at indices 11 and 12.
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    if (!Number.isSafeInteger(utime) || !Number.isSafeInteger(stime)) {
        throw new Error(`not a /proc/<pid>/stat line: ${stat.slice(0, 80)}`);
    }
    return utime + stime;
}

/** The parent PID (field 4) of a `/proc/<pid>/stat` line, or undefined if it cannot be read. */
export function parentOfStat(stat: string): number | undefined {
    const close = stat.lastIndexOf(')');
    const ppid = Number(
        stat
            .slice(close + 1)
            .trim()
            .split(/\s+/)[1],
    );
    return close < 0 || !Number.isSafeInteger(ppid) ? undefined : ppid;
}

interface Point {
    readonly at: number;
    readonly ticks: number;
}

/** The process's last sample at or before `at` and its first at or after it. */
function bracket(samples: readonly CpuSample[], pid: number, at: number): { before?: Point; after?: Point } {
    let before: Point | undefined;
    let after: Point | undefined;
    for (const sample of samples) {
        const entry = sample.processes.find((p) => p.pid === pid);
        if (entry === undefined) {
            continue;
        }
        if (sample.at <= at && (before === undefined || sample.at >= before.at)) {
            before = { at: sample.at, ticks: entry.ticks };
        }
        if (sample.at >= at && (after === undefined || sample.at < after.at)) {
            after = { at: sample.at, ticks: entry.ticks };
        }
    }
    return { ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

/**
 * A process's ticks at `at`, interpolated linearly between the samples around it. Before its first sample it counts
 * as that sample's value and after its last as the last one's: a process seen only part of the time is charged only
 * what was seen of it. Undefined when no sample holds the process.
 */
export function ticksAt(samples: readonly CpuSample[], pid: number, at: number): number | undefined {
    const { before, after } = bracket(samples, pid, at);
    if (before === undefined || after === undefined) {
        return (before ?? after)?.ticks;
    }
    if (after.at === before.at) {
        return before.ticks;
    }
    return before.ticks + ((after.ticks - before.ticks) * (at - before.at)) / (after.at - before.at);
}

/**
 * CPU-seconds each group used between `from` and `to` (epoch milliseconds): per process, its interpolated ticks at
 * `to` less those at `from` (never negative), summed by group, at `ticksPerSecond` (the kernel's USER_HZ).
 */
export function cpuByGroup(samples: readonly CpuSample[], from: number, to: number, ticksPerSecond: number): GroupCpu {
    const cpu = noCpu();
    const groups = new Map<number, Group>();
    for (const sample of samples) {
        for (const p of sample.processes) {
            groups.set(p.pid, p.group);
        }
    }
    for (const [pid, group] of groups) {
        const start = ticksAt(samples, pid, from);
        const end = ticksAt(samples, pid, to);
        if (start !== undefined && end !== undefined) {
            cpu[group] += Math.max(0, end - start) / ticksPerSecond;
        }
    }
    return cpu;
}

/** Milliseconds of CPU per operation for each group; NaN when nothing completed. */
export function cpuMillisPerOperation(cpu: GroupCpu, operations: number): GroupCpu {
    return Object.fromEntries(
        GROUPS.map((group) => [group, operations > 0 ? (cpu[group] * 1000) / operations : Number.NaN]),
    ) as GroupCpu;
}

/** The sum over groups. */
export function totalCpu(cpu: GroupCpu): number {
    return GROUPS.reduce((sum, group) => sum + cpu[group], 0);
}
