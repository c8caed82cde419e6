import { setTimeout as sleep } from 'node:timers/promises';
import { type OrdererNode } from '@lendledger/network/topology.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { gatewayAs } from '../support/gateway-client.ts';
import {
    auditWrites,
    describeAudit,
    putProbe,
    REQUEST_BOUND_MS,
    SteadyWriter,
    type LogicalWrite,
    type WriteAudit,
} from '../support/steady-writer.ts';
import {
    channelHeightAt,
    eventually,
    orderingLeader,
    orgOf,
    testNetwork,
    uniqueName,
} from '../support/test-network.ts';

/**
 * The faults a BFT ordering service of members must survive, each under a steady writer on the real network: one
 * orderer killed, one orderer cut off and brought back, and the leader killed. Four consenters tolerate one faulty
 * node (f = 1): the other three are a quorum and keep ordering, and nothing acknowledged may be lost. Two faulty
 * nodes are one too many: then nothing is ordered, and a write must say so within its bound rather than hang.
 */

/** Writes begun and acknowledged while a fault lasts: ordering went on without the faulty orderer. */
const WRITES_DURING_FAULT = 3;
/** How much longer the fault is held after those writes, so that the healed orderer has blocks to catch up on. */
const HOLD_MS = 1_500;

/** An orderer's block height on the channel; undefined while it does not answer. */
function heightOf(orderer: OrdererNode): Promise<number | undefined> {
    return channelHeightAt(orderer.operationsPort);
}

describe('BFT ordering among members under faults', () => {
    const network = testNetwork();
    const { orderers } = network.topology;
    const platform = orgOf(network, 'platform');
    const audits: string[] = [];

    it('runs on the BFT ordering service of four members the topology file declares', () => {
        // Not skipped under LENDLEDGER_CONSENSUS=etcdraft: the suite then fails here, saying why.
        expect(network.topology.consensus).toBe('BFT');
        expect(new Set(orderers.map((o) => o.mspId)).size).toBe(orderers.length);
        expect(orderers).toHaveLength(4);
    });

    afterAll(async () => {
        console.log(audits.join('\n'));
        // Leave the network whole for the suites that follow.
        await network.up();
    });

    /**
     * Runs a steady writer through `fault`: waits for its first writes, applies the fault, requires writes to be
     * acknowledged while it lasts, heals it, requires writes after, then audits every write.
     */
    async function underFault(
        label: string,
        fault: () => Promise<{ live: readonly OrdererNode[]; heal: () => Promise<void> }>,
    ): Promise<WriteAudit> {
        const writing = await gatewayAs(network, 'platform');
        const writer = new SteadyWriter(writing);
        writer.start();
        try {
            await eventually(async () => (writer.acknowledged >= 3 ? true : undefined), 'the first writes');
            const { live, heal } = await fault();
            const faultAt = Date.now();
            const heights = await Promise.all(live.map(heightOf));
            // Only writes begun after the fault count: the ones in flight when it struck may have been ordered before.
            await eventually(
                async () => (writer.acknowledgedStartedSince(faultAt) >= WRITES_DURING_FAULT ? true : undefined),
                `${WRITES_DURING_FAULT} writes begun and acknowledged during "${label}"`,
                60_000,
            );
            await sleep(HOLD_MS);
            // The orderers still running ordered new blocks while the fault lasted.
            const grown = await Promise.all(live.map(heightOf));
            expect(grown.every((height, i) => (height ?? 0) > (heights[i] ?? Infinity))).toBe(true);
            await heal();
            const after = writer.acknowledged;
            await eventually(
                async () => (writer.acknowledged > after ? true : undefined),
                `a write acknowledged after "${label}" healed`,
                60_000,
            );
        } finally {
            await writer.stop();
        }
        const audit = await auditWrites(network, writer, writing, platform.mspId, 'bank');
        audits.push(describeAudit(`BFT, ${label}`, audit));
        expect(audit.acknowledged).toBeGreaterThan(WRITES_DURING_FAULT);
        expect(audit.lost).toEqual([]);
        expect(audit.refused).toEqual([]);
        expect(audit.diverged).toEqual([]);
        expect(audit.maxLatencyMs).toBeLessThanOrEqual(REQUEST_BOUND_MS);
        return audit;
    }

    /**
     * Waits until the orderer's ledger is as high as the highest of the others': it has caught up. A SmartBFT node
     * that missed the last blocks fetches them when it next sees consensus it cannot follow, so the network is kept
     * in use meanwhile, as a real one is: one probe write every second.
     */
    async function caughtUp(orderer: OrdererNode): Promise<void> {
        const writing = await gatewayAs(network, 'platform');
        await eventually(
            async () => {
                const heights = await Promise.all(orderers.map(heightOf));
                const own = heights[orderers.indexOf(orderer)];
                const highest = Math.max(...heights.map((h) => h ?? 0));
                if (own !== undefined && own >= highest) {
                    return true;
                }
                const probe = { name: uniqueName('catch-up'), key: uniqueName('catch-up-key'), answers: [] };
                await putProbe(writing, probe, AbortSignal.timeout(REQUEST_BOUND_MS));
                return undefined;
            },
            `${orderer.name} to catch up with the others`,
            60_000,
        );
    }

    /** An orderer that does not lead the current view. */
    async function follower(): Promise<OrdererNode> {
        const leader = await orderingLeader(network);
        return orderers.find((o) => o.name !== leader)!;
    }

    it('keeps ordering when one orderer is killed, and the restarted orderer catches up', async () => {
        const victim = await follower();
        await underFault(`${victim.name} killed`, async () => {
            expect(network.processes.kill(victim.name)).toBe(true);
            return { live: orderers.filter((o) => o !== victim), heal: () => network.up().then(() => undefined) };
        });
        await caughtUp(victim);
    });

    it('keeps ordering while one orderer is cut off, which catches up when it is back', async () => {
        const victim = await follower();
        const pid = network.processes.pidOf(victim.name)!;
        const before = (await heightOf(victim))!;
        await underFault(`${victim.name} cut off`, async () => {
            // SIGSTOP cuts it off in both directions: it sends nothing and takes nothing in, its connections stay
            // open, as across a partition, and it keeps its state. The others go on without it.
            process.kill(pid, 'SIGSTOP');
            return {
                live: orderers.filter((o) => o !== victim),
                heal: async () => {
                    const others = orderers.filter((o) => o !== victim);
                    const heights = await Promise.all(others.map(heightOf));
                    // Blocks were ordered while it was away: there is something to catch up on.
                    expect(Math.max(...heights.map((h) => h ?? 0))).toBeGreaterThan(before);
                    process.kill(pid, 'SIGCONT');
                },
            };
        }).finally(() => {
            try {
                process.kill(pid, 'SIGCONT');
            } catch {
                // It already runs, or died.
            }
        });
        await caughtUp(victim);
    });

    it('orders nothing without a quorum: with two of four orderers down a write is answered 503 within the bound, and commits once one is back', async () => {
        const leader = await orderingLeader(network);
        // Two followers, so that the two left include the leader: even a live leader cannot order without a quorum.
        const down = orderers.filter((o) => o.name !== leader).slice(0, 2);
        const up = orderers.filter((o) => !down.includes(o));
        const writing = await gatewayAs(network, 'platform');
        const write: LogicalWrite = { name: uniqueName('no-quorum'), key: uniqueName('no-quorum-key'), answers: [] };
        try {
            for (const orderer of down) {
                expect(network.processes.kill(orderer.name)).toBe(true);
            }
            const heightsBefore = await Promise.all(up.map(heightOf));
            const started = Date.now();
            const response = await putProbe(writing, write, AbortSignal.timeout(REQUEST_BOUND_MS * 3));
            const waited = Date.now() - started;
            const problem = (await response.json()) as { code?: string; transactionId?: string };
            expect(response.status).toBe(503);
            expect(response.headers.get('retry-after')).not.toBeNull();
            expect(waited).toBeLessThanOrEqual(REQUEST_BOUND_MS);
            // The two orderers left ordered no block meanwhile: one short of the quorum of three.
            expect(await Promise.all(up.map(heightOf))).toEqual(heightsBefore);
            audits.push(
                `BFT, ${down.map((o) => o.name).join(' and ')} down: ${response.status} ${problem.code} after ` +
                    `${(waited / 1000).toFixed(1)} s, no block ordered`,
            );
            await network.up();
            // The same key, repeated once a quorum is back, finds the write committed (or commits it) exactly once.
            const committed = await eventually(
                async () => {
                    const again = await putProbe(writing, write);
                    return again.status === 200 ? ((await again.json()) as { txId: string }) : undefined;
                },
                'the write to commit once a quorum is back',
                60_000,
            );
            // The transaction the 503 named is the one that committed, once: no second transaction for the same key.
            expect(problem.transactionId).toBeDefined();
            expect(committed.txId).toBe(problem.transactionId);
        } finally {
            await network.up();
        }
    });

    it('changes view when the leader is killed, then keeps ordering under a new leader', async () => {
        const leader = await orderingLeader(network);
        let successor: string | undefined;
        await underFault(`leader ${leader} killed`, async () => {
            expect(network.processes.kill(leader)).toBe(true);
            return {
                live: orderers.filter((o) => o.name !== leader),
                heal: async () => {
                    successor = await orderingLeader(network);
                    await network.up();
                },
            };
        });
        expect(successor).toBeDefined();
        expect(successor).not.toBe(leader);
        await caughtUp(orderers.find((o) => o.name === leader)!);
    });
});
