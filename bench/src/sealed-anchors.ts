import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MerkleLevels } from '@lendledger/gateway';
import { parseRootsBundle, trustStoreFor, verifyReceipt } from '@lendledger/verifier';
import { rootsBundlePath } from '@lendledger/network/gateways.ts';
import { LocalNetwork } from '@lendledger/network/local-network.ts';
import { topologyOf } from '@lendledger/network/topology.ts';
import { gatewayAs } from '../../test/support/gateway-client.ts';
import { epochMillis, percentile } from './load.ts';
import { Recorder } from './report/record.ts';

/**
 * Bulk anchoring through the REST gateway (`POST /v1/anchors/sealed`): `requests` batches of `batch` fresh
 * fingerprints, `concurrency` at a time, timed from the first request to the last commit. Then a random sample of
 * fingerprints gets its receipt from the gateway and is verified offline against the consortium roots, and the
 * cost of computing every proof of one batch is measured. Prints figures; asserts nothing.
 *   node bench/src/sealed-anchors.ts --instance dev [--batch 100000] [--requests 20] [--concurrency 2] [--sample 200]
 * `--json FILE` appends the figures as records (report/record.ts) for `scripts/bench.sh`.
 */
const { values } = parseArgs({
    options: {
        instance: { type: 'string', default: 'dev' },
        org: { type: 'string', default: 'bank' },
        batch: { type: 'string', default: '100000' },
        requests: { type: 'string', default: '20' },
        concurrency: { type: 'string', default: '2' },
        sample: { type: 'string', default: '200' },
        json: { type: 'string' },
    },
});

const network = new LocalNetwork(topologyOf(values.instance), () => undefined);
const client = await gatewayAs(network, values.org as Parameters<typeof gatewayAs>[1], 'User1', ['submitter']);
const batchSize = Number(values.batch);
const requests = Number(values.requests);
const recorder = new Recorder('sealed-anchors', values.json);

function freshBatch(): string[] {
    const bytes = randomBytes(32 * batchSize);
    return Array.from({ length: batchSize }, (_, i) => `sha256:${bytes.subarray(i * 32, i * 32 + 32).toString('hex')}`);
}

const batches = Array.from({ length: requests }, freshBatch);
const bodies = batches.map((fingerprints) => JSON.stringify({ fingerprints }));
const latencies: number[] = [];
let next = 0;
const startedAt = epochMillis();
const started = performance.now();
await Promise.all(
    Array.from({ length: Number(values.concurrency) }, async () => {
        while (next < batches.length) {
            const body = bodies[next++]!;
            const began = performance.now();
            const response = await fetch(`${client.baseUrl}/v1/anchors/sealed`, {
                method: 'POST',
                headers: { authorization: client.authorization, 'content-type': 'application/json' },
                body,
            });
            if (response.status !== 200) {
                throw new Error(`HTTP ${response.status}: ${await response.text()}`);
            }
            await response.arrayBuffer();
            latencies.push(performance.now() - began);
        }
    }),
);
const seconds = (performance.now() - started) / 1000;
const total = batchSize * requests;
latencies.sort((a, b) => a - b);
console.log(`sealed batches: ${requests} × ${batchSize} fingerprints, concurrency ${values.concurrency}`);
console.log(`  ${total} fingerprints in ${seconds.toFixed(1)} s = ${(total / seconds).toFixed(0)} fingerprints/s`);
console.log(`  per request p50 ${percentile(latencies, 50).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`);
recorder.record({
    label: `POST /v1/anchors/sealed (${batchSize}/request)`,
    path: 'rest',
    concurrency: Number(values.concurrency),
    operations: requests,
    failed: 0,
    seconds,
    throughput: requests / seconds,
    unit: 'request',
    itemsPerOperation: batchSize,
    itemUnit: 'fingerprints',
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    startedAt,
    endedAt: startedAt + seconds * 1000,
});

const trust = trustStoreFor(parseRootsBundle(readFileSync(rootsBundlePath(network.topology), 'utf8')));
const sample = Number(values.sample);
let valid = 0;
const failures = new Map<string, number>();
const receiptLatencies: number[] = [];
const receiptStartedAt = epochMillis();
const receiptStarted = performance.now();
for (let i = 0; i < sample; i++) {
    const batch = batches[Math.floor(Math.random() * batches.length)]!;
    const fingerprint = batch[Math.floor(Math.random() * batch.length)]!;
    const began = performance.now();
    const response = await fetch(`${client.baseUrl}/v1/fingerprints/${fingerprint}/receipt`, {
        headers: { authorization: client.authorization },
    });
    const verdict = response.status === 200 ? await verifyReceipt(await response.json(), { roots: trust }) : undefined;
    receiptLatencies.push(performance.now() - began);
    if (verdict?.ok) {
        valid++;
    } else {
        const reason = verdict
            ? 'receipt did not verify'
            : `HTTP ${response.status}: ${(await response.text()).slice(0, 120)}`;
        failures.set(reason, (failures.get(reason) ?? 0) + 1);
    }
}
const receiptSeconds = (performance.now() - receiptStarted) / 1000;
console.log(
    `receipts: ${valid} of ${sample} sampled fingerprints have a receipt that verifies offline ` +
        `(${(sample / receiptSeconds).toFixed(0)} fetched and verified per second, one at a time)`,
);

failures.forEach((count, reason) => console.log(`  ${count} × ${reason}`));
receiptLatencies.sort((a, b) => a - b);
recorder.record({
    label: 'GET sealed fingerprint receipt + verify offline',
    path: 'rest',
    concurrency: 1,
    operations: valid,
    failed: sample - valid,
    seconds: receiptSeconds,
    throughput: valid / receiptSeconds,
    unit: 'receipt',
    itemsPerOperation: 1,
    p50: percentile(receiptLatencies, 50),
    p99: percentile(receiptLatencies, 99),
    startedAt: receiptStartedAt,
    endedAt: receiptStartedAt + receiptSeconds * 1000,
    ...(failures.size > 0 ? { firstError: [...failures.keys()][0]! } : {}),
});

const proofStarted = performance.now();
const tree = MerkleLevels.ofLeaves(batches[0]!);
for (let index = 0; index < tree.size; index++) {
    tree.auditPath(index);
}
const proofSeconds = (performance.now() - proofStarted) / 1000;
console.log(
    `every proof of one batch: tree of ${tree.size} built and all ${tree.size} audit paths computed in ` +
        `${proofSeconds.toFixed(2)} s (${(tree.size / proofSeconds).toFixed(0)} proofs/s on one core)`,
);
