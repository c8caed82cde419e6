import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { CHAINCODE, REPO_ROOT, topologyOf } from '@lendledger/network/topology.ts';
import { percentile } from '../load.ts';
import { Recorder } from '../report/record.ts';
import { ensureCaliper } from './caliper-install.ts';
import {
    benchmarkConfig,
    connectionProfile,
    mergeWorkerRounds,
    networkConfig,
    type WorkerRound,
} from './caliper-config.ts';

/**
 * Hyperledger Caliper 0.6 (`@hyperledger/caliper-cli`, bound with `fabric:fabric-gateway`) driving
 * `Evidence:Register` (a new loan per transaction) as the platform's User1 straight at the platform's peer, one
 * closed-loop round per concurrency (bench/caliper/closed-loop.mjs): the standard Fabric benchmark tool next to the
 * REST path. Caliper is installed on first use into the user's cache (caliper-install.ts); its configuration is
 * generated into `--work` (default: a `caliper` folder beside the `--json` file) from the topology. Prints figures;
 * asserts nothing.
 *   node bench/src/caliper/run-caliper.ts --instance dev --concurrency 64,128 --seconds 15
 */
const { values } = parseArgs({
    options: {
        instance: { type: 'string', default: 'dev' },
        org: { type: 'string', default: 'platform' },
        user: { type: 'string', default: 'User1' },
        concurrency: { type: 'string', default: '64' },
        seconds: { type: 'string', default: '15' },
        workers: { type: 'string', default: '1' },
        work: { type: 'string' },
        json: { type: 'string' },
    },
});
const cli = ensureCaliper();
const topology = topologyOf(values.instance);
const org = topology.orgs.find((o) => o.key === values.org);
if (!org) {
    throw new Error(`unknown organisation ${values.org}`);
}
const concurrencies = values.concurrency.split(',').map(Number);
const seconds = Number(values.seconds);
const work = values.work ?? join(values.json ? dirname(values.json) : join(topology.dataDir, 'bench'), 'caliper');
const rounds = join(work, 'rounds');
mkdirSync(rounds, { recursive: true });

const profilePath = join(work, 'connection-profile.json');
writeFileSync(profilePath, JSON.stringify(connectionProfile(org), null, 2));
writeFileSync(join(work, 'network.json'), JSON.stringify(networkConfig(org, values.user, profilePath), null, 2));
writeFileSync(
    join(work, 'benchmark.json'),
    JSON.stringify(
        benchmarkConfig({
            concurrencies,
            seconds,
            workers: Number(values.workers),
            workloadModule: join(REPO_ROOT, 'bench', 'caliper', 'register-evidence.mjs'),
            rateController: join(REPO_ROOT, 'bench', 'caliper', 'closed-loop.mjs'),
            workload: {
                run: Date.now().toString(36),
                outDir: rounds,
                ledgerData: join(REPO_ROOT, 'test', 'support', 'ledger-data.ts'),
                contractId: CHAINCODE,
                identity: values.user,
                mspId: org.mspId,
            },
        }),
        null,
        2,
    ),
);

const args = [
    cli,
    'launch',
    'manager',
    '--caliper-workspace',
    work,
    '--caliper-networkconfig',
    'network.json',
    '--caliper-benchconfig',
    'benchmark.json',
    '--caliper-flow-only-test',
    '--caliper-report-path',
    join(work, 'report.html'),
];
console.log(`Caliper: ${concurrencies.length} round(s) of ${seconds} s at ${org.key}'s peer; configuration in ${work}`);
const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: work, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
});

const recorder = new Recorder('caliper', values.json);
let measuredRounds = 0;
for (const [round, concurrency] of concurrencies.entries()) {
    const files = readdirSync(rounds).filter((file) => file.startsWith(`round-${round}-worker-`));
    if (files.length === 0) {
        console.log(`round ${round} (c=${concurrency}): no worker account written`);
        continue;
    }
    const merged = mergeWorkerRounds(
        files.map((file) => JSON.parse(readFileSync(join(rounds, file), 'utf8')) as WorkerRound),
    );
    const span = (merged.endedAt - merged.startedAt) / 1000;
    const throughput = merged.latencies.length / span;
    const mean = merged.latencies.reduce((sum, l) => sum + l, 0) / Math.max(1, merged.latencies.length);
    measuredRounds++;
    console.log(
        `Caliper c=${concurrency}: ${merged.latencies.length} tx (${merged.failed} failed) in ${span.toFixed(1)} s = ` +
            `${throughput.toFixed(1)} tx/s, p50 ${percentile(merged.latencies, 50).toFixed(0)} ms, ` +
            `p99 ${percentile(merged.latencies, 99).toFixed(0)} ms`,
    );
    recorder.record({
        label: 'Caliper fabric-gateway Evidence:Register',
        path: 'caliper',
        concurrency,
        operations: merged.latencies.length,
        failed: merged.failed,
        seconds: span,
        throughput,
        unit: 'tx',
        itemsPerOperation: 1,
        p50: percentile(merged.latencies, 50),
        p99: percentile(merged.latencies, 99),
        startedAt: merged.startedAt,
        endedAt: merged.endedAt,
        // Little's law: what the rate controller actually kept in flight, against the intended concurrency.
        note: `closed loop of ${concurrency}, ${values.workers} worker(s): ${(throughput * (mean / 1000)).toFixed(0)} in flight on average`,
        ...(merged.firstError === undefined ? {} : { firstError: merged.firstError }),
    });
}
if (exitCode !== 0 || measuredRounds < concurrencies.length) {
    console.error(`Caliper exited with ${exitCode}; ${measuredRounds} of ${concurrencies.length} rounds measured`);
    process.exitCode = 1;
}
