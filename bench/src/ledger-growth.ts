import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { LocalNetwork } from '@lendledger/network/local-network.ts';
import { topologyOf } from '@lendledger/network/topology.ts';
import { connectAs } from '../../test/support/fabric-client.ts';
import { gatewayAs, type GatewayClient } from '../../test/support/gateway-client.ts';
import { identityVerification, loanRefOf, saltedFingerprint, submitJson } from '../../test/support/ledger-data.ts';
import { orgOf } from '../../test/support/test-network.ts';
import { printResults, runLoad, type LoadResult } from './load.ts';

/**
 * Whether writes and reads stay as fast as the ledger grows (issue 15 #3). On a running network it measures single
 * `POST /v1/evidence` writes and three reads of records written earlier — a loan's chain, a record's receipt, a
 * fingerprint look-up — then fills the ledger through the real network (evidence records in `Evidence:RegisterBatch`
 * transactions of new loans, fingerprints in sealed batches) to the next step and measures again, and prints each
 * step's figures as a ratio of the first's with the peers' disk use per million records. It asserts nothing.
 *
 *   node bench/src/ledger-growth.ts --instance dev --records 1000000 --fingerprints 10000000 --steps 4
 */
const { values } = parseArgs({
    options: {
        instance: { type: 'string', default: 'dev' },
        records: { type: 'string', default: '1000000' },
        fingerprints: { type: 'string', default: '10000000' },
        steps: { type: 'string', default: '4' },
        seconds: { type: 'string', default: '15' },
        concurrency: { type: 'string', default: '64' },
        batch: { type: 'string', default: '500' },
        'fill-concurrency': { type: 'string', default: '4' },
        seal: { type: 'string', default: '100000' },
    },
});
const millis = Number(values.seconds) * 1000;
const steps = Number(values.steps);
const batchSize = Number(values.batch);
const sealSize = Number(values.seal);
const run = Date.now().toString(36);

const network = new LocalNetwork(topologyOf(values.instance));
const platformOrg = orgOf(network, 'platform');
const writer = await gatewayAs(network, platformOrg.key, 'User1', ['submitter']);
// The loans' bank reads them, as it would when servicing; a court reads only loans of its cases.
const reader = await gatewayAs(network, 'bank', 'User1', ['auditor']);
const bare = connectAs(platformOrg);

/** Loans and fingerprints written so far, a sample of which the reads ask for. */
const written: { loanRef: string; fingerprint: string }[] = [];
let records = 0;
let fingerprints = 0;

async function expectOk(response: Response): Promise<void> {
    if (!response.ok) {
        throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    }
    await response.arrayBuffer();
}

function get(client: GatewayClient, path: string): Promise<void> {
    return fetch(`${client.baseUrl}${path}`, { headers: { authorization: client.authorization } }).then(expectOk);
}

async function measure(step: number): Promise<LoadResult[]> {
    const label = (what: string): string => `${step}: ${what}`;
    const writes = await runLoad(label('write'), Number(values.concurrency), millis, async (w, i) => {
        const request = identityVerification(loanRefOf(`grow-${run}-${step}-${w}-${i}`));
        const response = await fetch(`${writer.baseUrl}/v1/evidence`, {
            method: 'POST',
            headers: { authorization: writer.authorization, 'content-type': 'application/json' },
            body: JSON.stringify({ ...request, previous: null }),
        });
        await expectOk(response);
        written.push({ loanRef: request.loanRef as string, fingerprint: request.fingerprint as string });
        records++;
    });
    const sample = (): { loanRef: string; fingerprint: string } => written[Math.floor(Math.random() * written.length)]!;
    const reads = [
        await runLoad(label('chain read'), 8, millis / 3, () =>
            get(reader, `/v1/loans/${encodeURIComponent(sample().loanRef)}/chain`),
        ),
        await runLoad(label('receipt'), 8, millis / 3, () =>
            get(reader, `/v1/evidence/${encodeURIComponent(sample().fingerprint)}/receipt`),
        ),
        await runLoad(label('verify look-up'), 8, millis / 3, () =>
            get(reader, `/v1/verify/${encodeURIComponent(sample().fingerprint)}`),
        ),
    ];
    return [writes, ...reads];
}

/** Evidence records through RegisterBatch transactions of new loans, a few at once, until `target` are written. */
async function fillRecords(target: number): Promise<void> {
    let next = records;
    await Promise.all(
        Array.from({ length: Number(values['fill-concurrency']) }, async (_, w) => {
            while (next < target) {
                const count = Math.min(batchSize, target - next);
                next += count;
                const items = Array.from({ length: count }, (_, k) =>
                    identityVerification(loanRefOf(`fill-${run}-${w}-${next}-${k}`)),
                );
                await submitJson(bare.contract, 'Evidence:RegisterBatch', { items });
                records += count;
                const first = items[0]!;
                written.push({ loanRef: first.loanRef as string, fingerprint: first.fingerprint as string });
            }
        }),
    );
}

/** Fingerprints in sealed batches of `sealSize` through the platform's gateway, until `target` are anchored. */
async function fillFingerprints(target: number): Promise<void> {
    while (fingerprints < target) {
        const count = Math.min(sealSize, target - fingerprints);
        const leaves = Array.from({ length: count }, (_, k) => saltedFingerprint(`grow-${run}-${fingerprints + k}`));
        const response = await fetch(`${writer.baseUrl}/v1/anchors/sealed`, {
            method: 'POST',
            headers: { authorization: writer.authorization, 'content-type': 'application/json' },
            body: JSON.stringify({ fingerprints: leaves }),
        });
        await expectOk(response);
        fingerprints += count;
    }
}

/** Bytes the peers keep on disk (ledgers, state and history databases). */
function peerDiskBytes(): number {
    const dirs = network.topology.orgs.map((org) => org.peerDataDir);
    const out = execFileSync('du', ['-sb', '--total', ...dirs], { encoding: 'utf8' });
    return Number(/^(\d+)\s+total$/m.exec(out)?.[1] ?? Number.NaN);
}

const results: LoadResult[][] = [];
const sizes: { records: number; fingerprints: number; disk: number }[] = [];
try {
    for (let step = 0; step <= steps; step++) {
        const fillStarted = performance.now();
        await fillRecords((Number(values.records) * step) / steps);
        await fillFingerprints((Number(values.fingerprints) * step) / steps);
        const fillSeconds = (performance.now() - fillStarted) / 1000;
        if (step > 0) {
            console.log(
                `step ${step}: filled to ${records} records, ${fingerprints} fingerprints in ${fillSeconds.toFixed(0)} s`,
            );
        }
        results.push(await measure(step));
        sizes.push({ records, fingerprints, disk: peerDiskBytes() });
        printResults(results.at(-1)!);
    }
} finally {
    bare.close();
}

console.log(
    '\nstep  records   fingerprints  write/s (ratio)  chain p50 (ratio)  receipt p50 (ratio)  look-up p50 (ratio)  disk',
);
const [base] = results;
results.forEach((step, i) => {
    const ratio = (now: number, then: number): string => `${((now / then) * 100).toFixed(0)}%`;
    const cell = (k: number, field: 'throughput' | 'p50'): string =>
        `${step[k]![field].toFixed(field === 'throughput' ? 1 : 0)} (${ratio(step[k]![field], base![k]![field])})`;
    console.log(
        `${String(i).padEnd(5)} ${String(sizes[i]!.records).padEnd(9)} ${String(sizes[i]!.fingerprints).padEnd(13)} ` +
            `${cell(0, 'throughput').padEnd(16)} ${cell(1, 'p50').padEnd(18)} ${cell(2, 'p50').padEnd(20)} ` +
            `${cell(3, 'p50').padEnd(20)} ${(sizes[i]!.disk / 2 ** 20).toFixed(0)} MiB`,
    );
});
const last = sizes.at(-1)!;
const first = sizes[0]!;
if (last.records > first.records) {
    console.log(
        `peer disk per million records (all ${network.topology.orgs.length} peers, fingerprints included): ` +
            `${(((last.disk - first.disk) / 2 ** 20) * (1e6 / (last.records - first.records))).toFixed(0)} MiB`,
    );
}
