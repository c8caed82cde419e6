import { setTimeout as sleep } from 'node:timers/promises';
import { chaincodeServerName, gatewayName } from '@lendledger/network/node-specs.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { networkWhole } from '../support/discovery.ts';
import { gatewayAs } from '../support/gateway-client.ts';
import {
    auditWrites,
    COALESCED_WRITES,
    describeAudit,
    FAULT_MS,
    REQUEST_BOUND_MS,
    SteadyWriter,
    type WriteAudit,
} from '../support/steady-writer.ts';
import { eventually, orgOf, testNetwork } from '../support/test-network.ts';

describe('writes through the gateways while nodes are killed', () => {
    const network = testNetwork();

    afterAll(async () => {
        // Leave the network whole for the suites that follow, discovery included.
        await networkWhole(network);
    });

    it('acknowledges each write once, loses none, ends every request within the bound, and converges on retries', async () => {
        const platform = orgOf(network, 'platform');
        const writing = await gatewayAs(network, 'platform');
        const writer = new SteadyWriter(writing);
        // Beside the probes, single evidence writes the gateway coalesces: each fault strikes shared batches too.
        const coalescing = await gatewayAs(network, 'platform');
        const coalesced = new SteadyWriter(coalescing, COALESCED_WRITES);

        /** Kills a node as a crash would, lets the writer run into it, restarts it and waits for writes again. */
        const fault = async (node: string): Promise<void> => {
            expect(network.processes.kill(node), node).toBe(true);
            await sleep(FAULT_MS);
            await network.up();
            const before = writer.acknowledged;
            await eventually(
                async () => (writer.acknowledged > before ? true : undefined),
                `a write acknowledged after ${node} restarted`,
                60_000,
            );
        };

        writer.start();
        coalesced.start();
        try {
            await eventually(async () => (writer.acknowledged >= 3 ? true : undefined), 'the first writes');
            // Orderer faults (the leader, a follower, one cut off, a quorum lost) have their own suite with this
            // writer, bft-faults.test.ts.
            await fault(platform.peerName);
            await fault(chaincodeServerName(platform));
            await fault(gatewayName(platform));
        } finally {
            await Promise.all([writer.stop(), coalesced.stop()]);
        }

        const audits: [string, WriteAudit][] = [
            ['write faults, probes', await auditWrites(network, writer, writing, platform.mspId, 'bank')],
            [
                'write faults, coalesced evidence',
                await auditWrites(network, coalesced, coalescing, platform.mspId, 'bank'),
            ],
        ];
        for (const [label, audit] of audits) {
            console.log(describeAudit(label, audit));
            expect(audit.acknowledged, label).toBeGreaterThan(10);
            expect(audit.lost, label).toEqual([]);
            expect(audit.refused, label).toEqual([]);
            expect(audit.diverged, label).toEqual([]);
            expect(audit.maxLatencyMs, label).toBeLessThanOrEqual(REQUEST_BOUND_MS);
        }
        // The evidence writes did share transactions: what was audited is coalescing under faults.
        const transactions = new Set(coalesced.writes.flatMap((write) => write.acknowledged?.txId ?? []));
        console.log(`coalesced: ${audits[1]![1].acknowledged} writes in ${transactions.size} transactions`);
        expect(transactions.size).toBeLessThan(audits[1]![1].acknowledged / 2);
    });
});
