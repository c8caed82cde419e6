import { parseArgs } from 'node:util';
import { LocalNetwork } from '@lendledger/network/local-network.ts';
import { gatewayUrl } from '@lendledger/network/gateways.ts';
import { topologyOf } from '@lendledger/network/topology.ts';
import { gatewayAs } from '../../test/support/gateway-client.ts';
import { identityVerification, loanRefOf } from '../../test/support/ledger-data.ts';
import { orgOf } from '../../test/support/test-network.ts';
import { ensureBenchAdmission } from './all/prepare.ts';
import { startWindowGateways } from './coalescing-gateways.ts';
import { printResults, runLoad, type LoadResult } from './load.ts';
import { Recorder } from './report/record.ts';

/**
 * The throughput/latency curve of single `POST /v1/evidence` writes (a new loan each, identity verification) through
 * REST gateways that coalesce them with different windows. It starts nothing: each target is a gateway already
 * running against the instance, e.g. extra gateway processes with the organisation's configuration on other ports
 * and `GATEWAY_COALESCE_WINDOW_MS` set (README "Benchmarks" shows the commands). Per target and concurrency it prints
 * throughput, p50/p95/p99 and how many records each transaction carried on average. It asserts nothing.
 *
 * node bench/src/coalescing-curve.ts --instance test --targets "0=http://127.0.0.1:18100,5=http://127.0.0.1:18101"
 *
 * With `--windows 0,5,20,50` it starts those gateways itself (coalescing-gateways.ts) and stops them afterwards, which
 * is how `scripts/bench.sh` runs it; `--json FILE` appends the figures as records (report/record.ts).
 */
const { values } = parseArgs({
    options: {
        instance: { type: 'string', default: 'dev' },
        org: { type: 'string', default: 'platform' },
        /** `label=url` pairs; by default the organisation's own gateway, labelled `default`. */
        targets: { type: 'string', default: '' },
        /** Coalescing windows (ms) to start a gateway of the organisation for; replaces `targets`. */
        windows: { type: 'string', default: '' },
        json: { type: 'string' },
        concurrency: { type: 'string', default: '64,128,256' },
        seconds: { type: 'string', default: '15' },
    },
});

const network = new LocalNetwork(topologyOf(values.instance), () => undefined);
const org = orgOf(network, values.org as Parameters<typeof orgOf>[1]);
// The bank must admit the platform's loans (the test instance's topology does not declare it).
await ensureBenchAdmission(network.topology);
const client = await gatewayAs(network, org.key, 'User1', ['submitter']);
const recorder = new Recorder('coalescing-curve', values.json);
const started =
    values.windows === ''
        ? undefined
        : await startWindowGateways(network.topology, org, values.windows.split(',').map(Number));
const targets = started
    ? started.targets
    : values.targets === ''
      ? [['default', gatewayUrl(org)] as const]
      : values.targets.split(',').map((pair) => {
            const [label = '', url = ''] = pair.split('=');
            return [label, url] as const;
        });
const run = Date.now().toString(36);
const millis = Number(values.seconds) * 1000;

const results: LoadResult[] = [];
const batching: string[] = [];
try {
    for (const [label, url] of targets) {
        for (const concurrency of values.concurrency.split(',').map(Number)) {
            const transactions = new Set<string>();
            let records = 0;
            const result = await runLoad(`window ${label} ms`, concurrency, millis, async (worker, iteration) => {
                const id = `${run}-${label}-${concurrency}-${worker}-${iteration}`;
                const response = await fetch(`${url}/v1/evidence`, {
                    method: 'POST',
                    headers: { authorization: client.authorization, 'content-type': 'application/json' },
                    body: JSON.stringify({ ...identityVerification(loanRefOf(`curve-loan-${id}`)), previous: null }),
                });
                const text = await response.text();
                if (response.status !== 200) {
                    throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
                }
                transactions.add((JSON.parse(text) as { txId: string }).txId);
                records++;
            });
            results.push(result);
            const perTransaction = (records / Math.max(1, transactions.size)).toFixed(1);
            batching.push(
                `window ${label} ms, c=${concurrency}: ${records} records in ${transactions.size} transactions ` +
                    `(${perTransaction} per transaction)`,
            );
            recorder.load(result, {
                path: 'rest',
                unit: 'request',
                itemUnit: 'records',
                note: `${perTransaction} records a transaction`,
            });
        }
    }
} finally {
    await started?.stop();
}
printResults(results);
console.log('');
batching.forEach((line) => console.log(line));
