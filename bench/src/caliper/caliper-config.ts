import { CHAINCODE, CHANNEL, userCredentials, type PeerOrg } from '@lendledger/network/topology.ts';

/**
 * Hyperledger Caliper's configuration for one organisation's user driving the local network through its own peer's
 * Fabric Gateway (Caliper's peer-gateway connector, the `fabric:fabric-gateway` binding): the connection profile,
 * the network configuration (version 2.0.0) and the benchmark with one closed-loop round per concurrency. Built at
 * run time from the topology, so no generated file is ever committed. JSON is valid YAML, which Caliper reads.
 */

/** The connection profile: the organisation's peer over TLS, its TLS CA and the host name its certificate names. */
export function connectionProfile(org: PeerOrg): Record<string, unknown> {
    return {
        name: `lendledger-${org.key}`,
        version: '1.0.0',
        client: { organization: org.mspId },
        organizations: { [org.mspId]: { mspid: org.mspId, peers: [org.peerName] } },
        peers: {
            [org.peerName]: {
                url: `grpcs://127.0.0.1:${org.peerPort}`,
                tlsCACerts: { path: org.tlsCaCert },
                // The peer's certificate names localhost too; TLS server names must be host names.
                grpcOptions: { 'ssl-target-name-override': 'localhost' },
            },
        },
    };
}

/** The network configuration: the channel and chaincode, and `user` of the organisation by its certificate and key. */
export function networkConfig(org: PeerOrg, user: string, connectionProfilePath: string): Record<string, unknown> {
    const credentials = userCredentials(org, user);
    return {
        name: 'lendledger',
        version: '2.0.0',
        caliper: { blockchain: 'fabric', sutOptions: { mutualTls: false } },
        channels: [{ channelName: CHANNEL, contracts: [{ id: CHAINCODE }] }],
        organizations: [
            {
                mspid: org.mspId,
                identities: {
                    certificates: [
                        {
                            name: user,
                            clientPrivateKey: { path: credentials.keyPath },
                            clientSignedCert: { path: credentials.certPath },
                        },
                    ],
                },
                connectionProfile: { path: connectionProfilePath, discover: true },
            },
        ],
    };
}

/** What every round's workload module is given (bench/caliper/register-evidence.mjs). */
export interface WorkloadArguments {
    readonly run: string;
    readonly outDir: string;
    readonly ledgerData: string;
    readonly contractId: string;
    readonly identity: string;
    readonly mspId: string;
}

/**
 * The benchmark: one round per concurrency, each `seconds` long with `concurrency` transactions in flight from
 * `workers` worker processes (the closed loop the REST benchmark runs), held by `rateController`
 * (bench/caliper/closed-loop.mjs: Caliper's fixed-load stalls for minutes at latencies of seconds).
 */
export function benchmarkConfig(
    options: Readonly<{
        concurrencies: readonly number[];
        seconds: number;
        workers: number;
        workloadModule: string;
        rateController: string;
        workload: WorkloadArguments;
    }>,
): Record<string, unknown> {
    return {
        test: {
            name: 'lendledger-evidence-register',
            description: 'Evidence:Register, one new loan per transaction',
            workers: { number: options.workers },
            rounds: options.concurrencies.map((concurrency) => ({
                label: `Evidence:Register c=${concurrency}`,
                txDuration: options.seconds,
                rateControl: { type: options.rateController, opts: { transactionLoad: concurrency } },
                workload: { module: options.workloadModule, arguments: options.workload },
            })),
        },
    };
}

/** One worker's account of a round, as the workload module writes it. */
export interface WorkerRound {
    readonly latencies: readonly number[];
    readonly failed: number;
    readonly startedAt?: number;
    readonly endedAt?: number;
    readonly firstError?: string;
}

/** A round's workers' accounts merged: every latency (sorted), failures, and the span from first start to last end. */
export function mergeWorkerRounds(workers: readonly WorkerRound[]): {
    latencies: number[];
    failed: number;
    startedAt: number;
    endedAt: number;
    firstError?: string;
} {
    const starts = workers.flatMap((w) => (w.startedAt === undefined ? [] : [w.startedAt]));
    const ends = workers.flatMap((w) => (w.endedAt === undefined ? [] : [w.endedAt]));
    const firstError = workers.find((w) => w.firstError !== undefined)?.firstError;
    return {
        latencies: workers.flatMap((w) => w.latencies).sort((a, b) => a - b),
        failed: workers.reduce((sum, w) => sum + w.failed, 0),
        startedAt: starts.length > 0 ? Math.min(...starts) : Number.NaN,
        endedAt: ends.length > 0 ? Math.max(...ends) : Number.NaN,
        ...(firstError === undefined ? {} : { firstError }),
    };
}
