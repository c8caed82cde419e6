import { readFileSync } from 'node:fs';
import { type LocalNetwork } from '@lendledger/network/local-network.ts';
import { nodesOf, type NodeKind } from '@lendledger/network/node-specs.ts';

/** CPU seconds used so far by each kind of the network's processes, and by this (the load client's) process. */
export type CpuByGroup = Readonly<Partial<Record<NodeKind | 'client', number>>>;

/** Linux reports utime and stime in clock ticks; every kernel this runs on counts 100 a second. */
const TICKS_PER_SECOND = 100;

/** utime + stime of a live process from /proc/<pid>/stat, in seconds; 0 once it is gone. */
export function processCpuSeconds(pid: number): number {
    let stat: string;
    try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
        return 0;
    }
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The network's CPU time by process kind, now. */
export function cpuSnapshot(network: LocalNetwork): CpuByGroup {
    const groups: Partial<Record<NodeKind | 'client', number>> = {};
    for (const node of nodesOf(network.topology)) {
        const pid = network.processes.pidOf(node.name);
        if (pid !== undefined) {
            groups[node.kind] = (groups[node.kind] ?? 0) + processCpuSeconds(pid);
        }
    }
    const own = process.cpuUsage();
    groups.client = (own.user + own.system) / 1e6;
    return groups;
}

/** CPU seconds each group used between two snapshots. */
export function cpuBetween(before: CpuByGroup, after: CpuByGroup): CpuByGroup {
    const used: Partial<Record<NodeKind | 'client', number>> = {};
    for (const [group, seconds] of Object.entries(after) as [NodeKind | 'client', number][]) {
        used[group] = seconds - (before[group] ?? 0);
    }
    return used;
}
