import { parseArgs } from 'node:util';
import { LocalNetwork } from '@lendledger/network/local-network.ts';
import { topologyOf } from '@lendledger/network/topology.ts';
import { connectAs } from '../../test/support/fabric-client.ts';
import { gatewayAs } from '../../test/support/gateway-client.ts';
import { identityVerification, loanRefOf } from '../../test/support/ledger-data.ts';
import { orgOf } from '../../test/support/test-network.ts';
import { printResults, runLoad, type LoadResult } from './load.ts';
import { Recorder } from './report/record.ts';

/**
 * Single-evidence registration through the organisation's REST gateway next to a bare @hyperledger/fabric-gateway
 * client doing the same (`Evidence:Register`, a new loan each time, so no two writes touch the same keys), at
 * each concurrency in turn on the same network. Prints throughput, p50/p95/p99 and the gateway/bare ratio.
 * It asserts nothing. Run against a running network: `node bench/src/gateway-vs-bare.ts --instance dev`.
 * `--paths rest` measures the REST gateway alone; `--json FILE` appends the figures as records (report/record.ts).
 */
const { values } = parseArgs({
    options: {
        instance: { type: 'string', default: 'dev' },
        org: { type: 'string', default: 'platform' },
        concurrency: { type: 'string', default: '1,8,32' },
        seconds: { type: 'string', default: '15' },
        paths: { type: 'string', default: 'bare,rest' },
        json: { type: 'string' },
    },
});

const network = new LocalNetwork(topologyOf(values.instance), () => undefined);
const org = orgOf(network, values.org as Parameters<typeof orgOf>[1]);
const run = Date.now().toString(36);
const millis = Number(values.seconds) * 1000;
const paths = new Set(values.paths.split(','));
const recorder = new Recorder('gateway-vs-bare', values.json);

function request(label: string, concurrency: number, worker: number, iteration: number): string {
    const id = `${run}-${label}-${concurrency}-${worker}-${iteration}`;
    return JSON.stringify({ ...identityVerification(loanRefOf(`bench-loan-${id}`)), previous: null });
}

const connection = connectAs(org);
const client = await gatewayAs(network, org.key, 'User1', ['submitter']);
const results: LoadResult[] = [];
const ratios: string[] = [];
try {
    for (const concurrency of values.concurrency.split(',').map(Number)) {
        const bare = paths.has('bare')
            ? await runLoad('bare fabric-gateway', concurrency, millis, async (w, i) => {
                  await connection.contract.submitTransaction('Evidence:Register', request('bare', concurrency, w, i));
              })
            : undefined;
        const rest = paths.has('rest')
            ? await runLoad('REST gateway POST /v1/evidence', concurrency, millis, async (w, i) => {
                  const response = await fetch(`${client.baseUrl}/v1/evidence`, {
                      method: 'POST',
                      headers: { authorization: client.authorization, 'content-type': 'application/json' },
                      body: request('rest', concurrency, w, i),
                  });
                  if (response.status !== 200) {
                      throw new Error(`HTTP ${response.status}: ${await response.text()}`);
                  }
                  await response.arrayBuffer();
              })
            : undefined;
        const ratio =
            bare && rest && bare.throughput > 0
                ? `gateway/bare throughput ${((rest.throughput / bare.throughput) * 100).toFixed(0)}%, ` +
                  `p50 ${rest.p50.toFixed(0)} ms vs ${bare.p50.toFixed(0)} ms`
                : undefined;
        if (bare) {
            results.push(bare);
            recorder.load(bare, { path: 'fabric-gateway', itemUnit: 'records' });
        }
        if (rest) {
            results.push(rest);
            recorder.load(rest, { path: 'rest', itemUnit: 'records', ...(ratio ? { note: ratio } : {}) });
        }
        if (ratio) {
            ratios.push(`c=${concurrency}: ${ratio}`);
        }
    }
} finally {
    connection.close();
}
printResults(results);
console.log('');
ratios.forEach((line) => console.log(line));
