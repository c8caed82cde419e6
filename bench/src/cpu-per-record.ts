import { type Topology } from '@lendledger/network/topology.ts';
import { cpuByGroup, type GroupCpu } from './all/cpu.ts';
import { CpuSampler, networkProcesses, ticksPerSecond } from './all/sampler.ts';
import { type LoadResult } from './load.ts';

/** A load with the CPU-seconds each process group of the network (and this client) spent while it ran. */
export interface LoadWithCpu {
    readonly load: LoadResult;
    readonly cpu: GroupCpu;
}

/** Runs a load while sampling the CPU of the network's processes and of this process tree. */
export async function withCpu(topology: Topology, load: () => Promise<LoadResult>): Promise<LoadWithCpu> {
    const sampler = new CpuSampler(networkProcesses(topology).running, process.pid);
    let result: LoadResult;
    try {
        result = await load();
    } catch (error) {
        sampler.stop();
        throw error;
    }
    return { load: result, cpu: cpuByGroup(sampler.stop(), result.startedAt, result.endedAt, ticksPerSecond()) };
}

/** The heading of {@link cpuPerRecordColumns}' columns. */
export const CPU_PER_RECORD_HEADING = 'CPU ms per record: peer orderer chaincode gateway client';

/** CPU milliseconds per record of the groups a write goes through, as aligned columns ('-' when none were written). */
export function cpuPerRecordColumns(cpu: GroupCpu, records: number): string {
    return (['peer', 'orderer', 'chaincode', 'gateway', 'client'] as const)
        .map((group) => (records > 0 ? ((cpu[group] * 1000) / records).toFixed(2) : '-').padStart(7))
        .join(' ');
}
