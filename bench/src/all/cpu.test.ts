import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
    cpuByGroup,
    cpuMillisPerOperation,
    noCpu,
    parentOfStat,
    ticksAt,
    ticksOfStat,
    totalCpu,
    type CpuSample,
    type Group,
} from './cpu.ts';

/** A /proc/<pid>/stat line with the given name, parent, utime and stime (other fields as the kernel writes them). */
function stat(pid: number, name: string, ppid: number, utime: number, stime: number): string {
    return `${pid} (${name}) S ${ppid} ${pid} ${pid} 0 -1 4194560 1234 0 0 0 ${utime} ${stime} 0 0 20 0 11 0 5000 123456 789 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n`;
}

describe('reading /proc/<pid>/stat', () => {
    it('adds utime and stime, counting fields after the last parenthesis of the command name', () => {
        expect(ticksOfStat(stat(42, 'peer', 1, 1500, 250))).toBe(1750);
        // A name may hold spaces and parentheses; fields must not shift.
        expect(ticksOfStat(stat(42, 'node (worker) 2', 1, 7, 3))).toBe(10);
        expect(parentOfStat(stat(42, 'a) b', 4242, 7, 3))).toBe(4242);
    });

    it('refuses a line that is not a stat line', () => {
        expect(() => ticksOfStat('not a stat line')).toThrow(/stat line/);
        expect(() => ticksOfStat('12 (x) S 1 2')).toThrow(/stat line/);
    });
});

/** Samples every `step` ms of processes each using `rate[pid]` ticks per ms, from `ticks0`. */
function steadySamples(
    processes: readonly { pid: number; group: Group; rate: number }[],
    times: readonly number[],
): CpuSample[] {
    return times.map((at) => ({
        at,
        processes: processes.map((p) => ({ pid: p.pid, group: p.group, ticks: Math.round(p.rate * at) })),
    }));
}

describe('CPU charged to a window by process group', () => {
    it('sums the processes of a group and keeps groups apart', () => {
        const samples = steadySamples(
            [
                { pid: 1, group: 'peer', rate: 1 },
                { pid: 2, group: 'peer', rate: 2 },
                { pid: 3, group: 'gateway', rate: 0.5 },
                { pid: 4, group: 'client', rate: 0 },
            ],
            [0, 1000, 2000, 3000],
        );
        const cpu = cpuByGroup(samples, 1000, 3000, 100);
        expect(cpu.peer).toBeCloseTo((2000 + 4000) / 100);
        expect(cpu.gateway).toBeCloseTo(1000 / 100);
        expect(cpu.client).toBe(0);
        expect(cpu.orderer).toBe(0);
    });

    it('interpolates between samples for a window that does not fall on them', () => {
        const samples: CpuSample[] = [
            { at: 0, processes: [{ pid: 7, group: 'chaincode', ticks: 0 }] },
            { at: 1000, processes: [{ pid: 7, group: 'chaincode', ticks: 100 }] },
        ];
        expect(ticksAt(samples, 7, 250)).toBeCloseTo(25);
        expect(cpuByGroup(samples, 250, 750, 100).chaincode).toBeCloseTo(0.5);
    });

    it('charges a process only for the time it was seen, and never a negative amount', () => {
        const samples: CpuSample[] = [
            { at: 0, processes: [{ pid: 1, group: 'orderer', ticks: 500 }] },
            // pid 2 appears (a Caliper worker starting); pid 1's ticks drop, as a recycled PID's would.
            {
                at: 1000,
                processes: [
                    { pid: 1, group: 'orderer', ticks: 10 },
                    { pid: 2, group: 'client', ticks: 40 },
                ],
            },
            { at: 2000, processes: [{ pid: 2, group: 'client', ticks: 140 }] },
        ];
        const cpu = cpuByGroup(samples, 0, 2000, 100);
        expect(cpu.orderer).toBe(0);
        expect(cpu.client).toBeCloseTo(1);
        expect(ticksAt(samples, 3, 500)).toBeUndefined();
    });

    it('is additive: the CPU of [a, c] is that of [a, b] plus that of [b, c]', () => {
        const increments = fc.array(fc.nat(1000), { minLength: 2, maxLength: 20 });
        fc.assert(
            fc.property(increments, increments, fc.nat(1000), fc.nat(1000), fc.nat(1000), (inc1, inc2, x, y, z) => {
                const length = Math.min(inc1.length, inc2.length);
                const end = (length - 1) * 100;
                const [a, b, c] = [x, y, z].map((v) => (v / 1000) * end).sort((p, q) => p - q) as [
                    number,
                    number,
                    number,
                ];
                let t1 = 0;
                let t2 = 0;
                const samples: CpuSample[] = Array.from({ length }, (_, i) => {
                    t1 += inc1[i]!;
                    t2 += inc2[i]!;
                    return {
                        at: i * 100,
                        processes: [
                            { pid: 1, group: 'peer', ticks: t1 },
                            { pid: 2, group: 'gateway', ticks: t2 },
                        ],
                    };
                });
                const whole = cpuByGroup(samples, a, c, 100);
                const first = cpuByGroup(samples, a, b, 100);
                const second = cpuByGroup(samples, b, c, 100);
                expect(whole.peer).toBeCloseTo(first.peer + second.peer, 6);
                expect(whole.gateway).toBeCloseTo(first.gateway + second.gateway, 6);
                expect(whole.peer).toBeGreaterThanOrEqual(0);
            }),
        );
    });

    it('gives CPU per operation in milliseconds, and none for a run that completed nothing', () => {
        const cpu = { ...noCpu(), peer: 2, client: 0.5 };
        const perOp = cpuMillisPerOperation(cpu, 500);
        expect(perOp.peer).toBeCloseTo(4);
        expect(perOp.client).toBeCloseTo(1);
        expect(totalCpu(cpu)).toBeCloseTo(2.5);
        expect(cpuMillisPerOperation(cpu, 0).peer).toBeNaN();
    });
});
