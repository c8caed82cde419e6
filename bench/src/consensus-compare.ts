import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalNetwork } from '@lendledger/network/local-network.ts';
import { REPO_ROOT, topologyOf } from '@lendledger/network/topology.ts';
import { type ConsensusType } from '@lendledger/network/topology-file.ts';
import { gatewayAs } from '../../test/support/gateway-client.ts';
import { identityVerification, loanRefOf } from '../../test/support/ledger-data.ts';
import { orgOf } from '../../test/support/test-network.ts';
import { printResults, runLoad, type LoadResult } from './load.ts';
import { Recorder } from './report/record.ts';

/**
 * BFT (SmartBFT, four orderers run by members) against Raft (three orderers of one ordering organisation) on this
 * machine in one run: for each, a fresh network of the dev topology on its own ports and folder is started from
 * nothing (start-up time measured), then single `POST /v1/evidence` writes run through the platform's REST gateway
 * at each concurrency (throughput, p50/p95/p99), and the network is stopped and deleted. One network at a time, so
 * the two never share the machine. It asserts nothing.
 *
 *   node bench/src/consensus-compare.ts --concurrency 1,32 --seconds 15
 * `--json FILE` appends the figures as records (report/record.ts); the networks it starts are its own child
 * processes, so `scripts/bench.sh --with consensus-compare` counts their CPU as the client's.
 */
const { values } = parseArgs({
    options: {
        consensus: { type: 'string', default: 'etcdraft,BFT' },
        concurrency: { type: 'string', default: '1,32' },
        seconds: { type: 'string', default: '15' },
        'port-base': { type: 'string', default: '27000' },
        keep: { type: 'boolean', default: false },
        json: { type: 'string' },
    },
});

const millis = Number(values.seconds) * 1000;
const run = Date.now().toString(36);
const results: LoadResult[] = [];
const startUps: string[] = [];
const recorder = new Recorder('consensus-compare', values.json);

for (const consensus of values.consensus.split(',') as ConsensusType[]) {
    const dataDir = join(REPO_ROOT, '.data', `bench-${consensus.toLowerCase()}`);
    rmSync(dataDir, { recursive: true, force: true });
    const env = {
        ...process.env,
        LENDLEDGER_CONSENSUS: consensus,
        LENDLEDGER_DATA_DIR: dataDir,
        LENDLEDGER_PORT_BASE: values['port-base'],
    };
    const network = new LocalNetwork(topologyOf('dev', env), (line) => console.log(`[${consensus}] ${line}`));
    const started = Date.now();
    try {
        await network.up();
        const seconds = (Date.now() - started) / 1000;
        startUps.push(
            `${consensus}: ${network.topology.orderers.length} orderers (${[
                ...new Set(network.topology.orderers.map((o) => o.mspId)),
            ].join(', ')}), network up from nothing in ${seconds.toFixed(1)} s`,
        );
        const org = orgOf(network, 'platform');
        const client = await gatewayAs(network, org.key, 'User1', ['submitter']);
        for (const concurrency of values.concurrency.split(',').map(Number)) {
            const result = await runLoad(`${consensus} POST /v1/evidence`, concurrency, millis, async (w, i) => {
                const id = `${run}-${consensus}-${concurrency}-${w}-${i}`;
                const response = await fetch(`${client.baseUrl}/v1/evidence`, {
                    method: 'POST',
                    headers: { authorization: client.authorization, 'content-type': 'application/json' },
                    body: JSON.stringify({
                        ...identityVerification(loanRefOf(`bench-loan-${id}`)),
                        previous: null,
                    }),
                });
                if (response.status !== 200) {
                    throw new Error(`HTTP ${response.status}: ${await response.text()}`);
                }
                await response.arrayBuffer();
            });
            results.push(result);
            recorder.load(result, { path: 'rest', itemUnit: 'records' });
        }
    } finally {
        if (values.keep) {
            await network.down();
        } else {
            await network.clean();
        }
    }
}

printResults(results);
console.log('');
startUps.forEach((line) => console.log(line));
const pairs = values.concurrency.split(',').map(Number);
for (const concurrency of pairs) {
    const [raft, bft] = ['etcdraft', 'BFT'].map((c) =>
        results.find((r) => r.label.startsWith(`${c} `) && r.concurrency === concurrency),
    );
    if (raft && bft) {
        console.log(
            `c=${concurrency}: BFT/Raft throughput ${((bft.throughput / raft.throughput) * 100).toFixed(0)}%, ` +
                `p50 ${bft.p50.toFixed(0)} ms vs ${raft.p50.toFixed(0)} ms`,
        );
    }
}
