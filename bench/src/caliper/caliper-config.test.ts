import { topologyOf, userCredentials } from '@lendledger/network/topology.ts';
import { describe, expect, it } from 'vitest';
import { benchmarkConfig, connectionProfile, mergeWorkerRounds, networkConfig } from './caliper-config.ts';

const topology = topologyOf('dev');
const platform = topology.orgs.find((o) => o.key === 'platform')!;

describe("Caliper's configuration from the topology", () => {
    it("points at the organisation's own peer over TLS with its CA", () => {
        const profile = connectionProfile(platform) as { peers: Record<string, { url: string; tlsCACerts: unknown }> };
        expect(profile.peers[platform.peerName]).toMatchObject({
            url: `grpcs://127.0.0.1:${platform.peerPort}`,
            tlsCACerts: { path: platform.tlsCaCert },
        });
    });

    it("names the user's certificate and key files, never their contents", () => {
        const config = networkConfig(platform, 'User1', '/x/profile.json');
        const credentials = userCredentials(platform, 'User1');
        expect(JSON.stringify(config)).toContain(JSON.stringify(credentials.keyPath));
        expect(JSON.stringify(config)).not.toContain('PRIVATE KEY');
        expect(config).toMatchObject({ version: '2.0.0', organizations: [{ mspid: platform.mspId }] });
    });

    it('has one closed-loop round per concurrency holding that many transactions in flight', () => {
        const config = benchmarkConfig({
            concurrencies: [64, 256],
            seconds: 15,
            workers: 1,
            workloadModule: '/w.mjs',
            rateController: '/closed-loop.mjs',
            workload: {
                run: 'r',
                outDir: '/o',
                ledgerData: '/l.ts',
                contractId: 'cc',
                identity: 'User1',
                mspId: 'PlatformMSP',
            },
        }) as {
            test: {
                rounds: { txDuration: number; rateControl: { type: string; opts: { transactionLoad: number } } }[];
            };
        };
        expect(
            config.test.rounds.map((r) => [r.txDuration, r.rateControl.type, r.rateControl.opts.transactionLoad]),
        ).toEqual([
            [15, '/closed-loop.mjs', 64],
            [15, '/closed-loop.mjs', 256],
        ]);
    });

    it("merges workers' accounts: all latencies sorted, failures summed, first start to last end", () => {
        expect(
            mergeWorkerRounds([
                { latencies: [30, 10], failed: 1, startedAt: 100, endedAt: 900, firstError: 'x' },
                { latencies: [20], failed: 2, startedAt: 50, endedAt: 1000 },
                { latencies: [], failed: 0 },
            ]),
        ).toEqual({ latencies: [10, 20, 30], failed: 3, startedAt: 50, endedAt: 1000, firstError: 'x' });
        expect(mergeWorkerRounds([]).startedAt).toBeNaN();
    });
});
