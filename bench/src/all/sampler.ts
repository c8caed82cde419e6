import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { NODE_KINDS, nodesOf, type NodeKind } from '@lendledger/network/node-specs.ts';
import { ProcessTable } from '@lendledger/network/processes.ts';
import { type Topology } from '@lendledger/network/topology.ts';
import { parentOfStat, ticksOfStat, type CpuSample, type Group, type ProcessTicks } from './cpu.ts';

/** The kernel's clock ticks per second (USER_HZ), the unit of /proc/<pid>/stat's times. */
export function ticksPerSecond(): number {
    try {
        return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
        return 100;
    }
}

const GROUP_OF_KIND: Readonly<Record<NodeKind, Group>> = {
    orderer: 'orderer',
    peer: 'peer',
    chaincode: 'chaincode',
    tsa: 'tsa',
    gateway: 'gateway',
};

/** A running network process: its name, PID and group. */
export interface NetworkProcess {
    readonly name: string;
    readonly pid: number;
    readonly group: Group;
}

/**
 * Every process of the instance with the PID its PID file names (trusted only while /proc shows the command it was
 * started with, as network/src/processes.ts does), and the names of those that do not run.
 */
export function networkProcesses(topology: Topology): { running: NetworkProcess[]; missing: string[] } {
    const table = new ProcessTable({ runDir: topology.runDir, logsDir: topology.logsDir });
    const running: NetworkProcess[] = [];
    const missing: string[] = [];
    for (const node of nodesOf(topology)) {
        const pid = table.pidOf(node.name);
        if (pid === undefined) {
            missing.push(node.name);
        } else {
            running.push({ name: node.name, pid, group: GROUP_OF_KIND[node.kind] });
        }
    }
    return { running, missing };
}

/** Asserts at load time that every kind of node has a group, so a new kind cannot go uncounted. */
for (const kind of NODE_KINDS) {
    if (!(kind in GROUP_OF_KIND)) {
        throw new Error(`no CPU group for node kind ${kind}`);
    }
}

function statOf(pid: number): string | undefined {
    try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
        return undefined;
    }
}

/** A REST gateway a benchmark started itself (coalescing-curve's windows) counts as a gateway, not as the client. */
function isGatewayProcess(pid: number): boolean {
    try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
            .split('\0')
            .some((arg) => arg.endsWith('gateway/dist/main.js'));
    } catch {
        return false;
    }
}

/** `root` and every process descending from it now (a load client and, for Caliper, its workers). */
export function processTree(root: number): number[] {
    const children = new Map<number, number[]>();
    for (const entry of readdirSync('/proc')) {
        const pid = Number(entry);
        if (!Number.isInteger(pid)) {
            continue;
        }
        const stat = statOf(pid);
        const parent = stat === undefined ? undefined : parentOfStat(stat);
        if (parent !== undefined) {
            children.set(parent, [...(children.get(parent) ?? []), pid]);
        }
    }
    const tree: number[] = [];
    const queue = [root];
    while (queue.length > 0) {
        const pid = queue.shift()!;
        tree.push(pid);
        queue.push(...(children.get(pid) ?? []));
    }
    return tree;
}

/**
 * Samples the CPU ticks of the network's processes and of a client's process tree every `intervalMillis` until
 * stopped. The tree is walked again at each sample, since a client may start workers (Caliper does).
 */
export class CpuSampler {
    readonly samples: CpuSample[] = [];
    readonly #network: readonly NetworkProcess[];
    readonly #clientRoot: number;
    readonly #timer: NodeJS.Timeout;

    constructor(network: readonly NetworkProcess[], clientRoot: number, intervalMillis = 500) {
        this.#network = network;
        this.#clientRoot = clientRoot;
        this.sample();
        this.#timer = setInterval(() => this.sample(), intervalMillis);
    }

    sample(): void {
        const at = performance.timeOrigin + performance.now();
        const processes: ProcessTicks[] = [];
        const add = (pid: number, group: Group): void => {
            const stat = statOf(pid);
            if (stat !== undefined) {
                processes.push({ pid, group, ticks: ticksOfStat(stat) });
            }
        };
        for (const p of this.#network) {
            add(p.pid, p.group);
        }
        for (const pid of processTree(this.#clientRoot)) {
            add(pid, isGatewayProcess(pid) ? 'gateway' : 'client');
        }
        this.samples.push({ at, processes });
    }

    /** Takes a last sample and stops. */
    stop(): CpuSample[] {
        clearInterval(this.#timer);
        this.sample();
        return this.samples;
    }
}
