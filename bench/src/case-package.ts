import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fingerprintTreeRoot } from '@lendledger/domain/node';
import { rootsBundlePath } from '@lendledger/network/gateways.ts';
import { LocalNetwork } from '@lendledger/network/local-network.ts';
import { topologyOf } from '@lendledger/network/topology.ts';
import {
    parseRootsBundle,
    rememberingVerifier,
    TrustStore,
    verifyPackage,
    verifyReceipt,
    type Receipt,
} from '@lendledger/verifier';
import { newNodeVerifier } from '@lendledger/verifier/node';
import { unzipSync } from 'fflate';
import { consistencyToken, gatewayAs, ok, type GatewayClient } from '../../test/support/gateway-client.ts';
import { loanRefOf, saltedFingerprint } from '../../test/support/ledger-data.ts';
import { uniqueCode, uniqueName } from '../../test/support/test-network.ts';
import { epochMillis, percentile } from './load.ts';
import { writeLoanChain } from './loan-chain.ts';
import { perCpuSecond, recordVerifications, timeOffline } from './offline-timing.ts';
import { Recorder } from './report/record.ts';

/**
 * Case packages on a running network: files a case of `items` fingerprints (`direct` evidence records, each its own
 * transaction, and the rest leaves of one anchor), then times `GET /v1/cases/{id}/package` at the Notary's gateway
 * (which issues a report into it) and at the bank's, and `verifyPackage` on the result with a fresh trust store each
 * run, as a court opening one package. Last, receipts per CPU-second: the anchor's receipts (one batch, signatures
 * remembered) and the evidence records' receipts (distinct transactions, every signature checked). Prints figures;
 * asserts nothing.
 *   node bench/src/case-package.ts --instance dev [--items 50] [--direct 10] [--runs 3] [--verifications 4000]
 * `--json FILE` appends the figures as records (report/record.ts) for `scripts/bench.sh`.
 */
const { values } = parseArgs({
    options: {
        instance: { type: 'string', default: 'dev' },
        items: { type: 'string', default: '50' },
        direct: { type: 'string', default: '10' },
        runs: { type: 'string', default: '3' },
        verifications: { type: 'string', default: '4000' },
        json: { type: 'string' },
    },
});
const itemCount = Number(values.items);
const directCount = Number(values.direct);
const runs = Number(values.runs);
const recorder = new Recorder('case-package', values.json);

/** Records `times` (milliseconds, one operation at a time) measured from `startedAt`. */
function recordTimes(label: string, path: string, times: readonly number[], startedAt: number, note: string): void {
    const sorted = [...times].sort((a, b) => a - b);
    const endedAt = epochMillis();
    const seconds = (endedAt - startedAt) / 1000;
    recorder.record({
        label,
        path,
        concurrency: 1,
        operations: times.length,
        failed: 0,
        seconds,
        throughput: times.length / seconds,
        unit: 'package',
        itemsPerOperation: 1,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        startedAt,
        endedAt,
        note,
    });
}

const network = new LocalNetwork(topologyOf(values.instance), () => undefined);
const platform = await gatewayAs(network, 'platform');
const bank = await gatewayAs(network, 'bank', 'User1', ['submitter', 'auditor']);
const notary = await gatewayAs(network, 'notary', 'User1', ['submitter', 'auditor']);
const roots = parseRootsBundle(readFileSync(rootsBundlePath(network.topology), 'utf8'));
const loanRef = loanRefOf(uniqueName('bench-package-loan'));
// Case IDs may hold at most four digits in a row (the ledger's personal-data rule): no raw timestamps.
const caseId = uniqueCode('BENCH-PKG');

const direct = await writeLoanChain(platform, bank, loanRef, directCount);
const anchored = Array.from({ length: itemCount - direct.length }, (_, i) => saltedFingerprint(`${caseId} leaf ${i}`));
ok(await bank.post('/v1/anchors', { fingerprints: anchored }));
const items = [...direct, ...anchored];
ok(
    await bank.post('/v1/cases', {
        caseId,
        loanRef,
        court: 'CourtMSP',
        documentFingerprint: saltedFingerprint(`${caseId} claim`),
        package: { fingerprints: items, root: fingerprintTreeRoot(items) },
    }),
);
console.log(
    `case ${caseId}: ${items.length} items (${direct.length} evidence records, ${anchored.length} leaves of one anchor)`,
);

let saturated = 0;

/**
 * GET of the package and the milliseconds of the attempt that answered it. A 503 GATEWAY_SATURATED (the event-loop
 * guard, still high after the previous package's report) is waited out and counted, not timed.
 */
async function fetchPackage(client: GatewayClient): Promise<{ bytes: Uint8Array; ms: number }> {
    for (let attempt = 0; ; attempt++) {
        const started = performance.now();
        const response = await fetch(`${client.baseUrl}/v1/cases/${caseId}/package`, {
            headers: { authorization: client.authorization, 'ledger-min-block': String(consistencyToken() ?? 0) },
        });
        if (response.status === 200) {
            const bytes = new Uint8Array(await response.arrayBuffer());
            return { bytes, ms: performance.now() - started };
        }
        const text = await response.text();
        if (response.status !== 503 || !text.includes('GATEWAY_SATURATED') || attempt === 10) {
            throw new Error(`HTTP ${response.status}: ${text}`);
        }
        saturated++;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
}

function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
}

let last: Uint8Array = new Uint8Array();
for (const [name, client] of [
    ['Notary gateway (report issued into the package)', notary],
    ['Bank gateway (no report)', bank],
] as const) {
    await fetchPackage(client); // warm-up: connections, caches, the peer catching up
    saturated = 0;
    const times: number[] = [];
    const buildStartedAt = epochMillis();
    for (let i = 0; i < runs; i++) {
        const fetched = await fetchPackage(client);
        last = fetched.bytes;
        times.push(fetched.ms);
    }
    console.log(
        `package build, ${name}: median ${median(times).toFixed(0)} ms of ${runs} (${times.map((t) => t.toFixed(0)).join(', ')}), ${(last.length / 1024).toFixed(0)} KiB; ${saturated} answers 503 GATEWAY_SATURATED waited out`,
    );
    recordTimes(
        `GET /v1/cases/{id}/package, ${name}`,
        'rest',
        times,
        buildStartedAt,
        `${(last.length / 1024).toFixed(0)} KiB; ${saturated} × 503 waited out`,
    );
    const verifyTimes: number[] = [];
    const verifyStartedAt = epochMillis();
    for (let i = 0; i < runs; i++) {
        const trust = new TrustStore(roots, rememberingVerifier(newNodeVerifier()));
        const started = performance.now();
        const result = await verifyPackage(last, { roots: trust });
        verifyTimes.push(performance.now() - started);
        if (!result.ok) {
            throw new Error(
                `package did not verify: ${JSON.stringify(result.checks.filter((c) => c.status === 'fail'))}`,
            );
        }
    }
    recordTimes(`verifyPackage, ${name}`, 'offline', verifyTimes, verifyStartedAt, 'fresh trust store each run');
    console.log(
        `package verification, ${name}: median ${median(verifyTimes).toFixed(0)} ms of ${runs}, fresh trust store each run`,
    );
}

const receipts = Object.entries(unzipSync(last))
    .filter(([path]) => path.startsWith('receipts/'))
    .map(([, bytes]) => JSON.parse(Buffer.from(bytes).toString('utf8')) as Receipt);
const batchTexts = receipts.filter((r) => r.anchor !== undefined).map((r) => JSON.stringify(r));
const distinctTexts = receipts.filter((r) => r.anchor === undefined).map((r) => JSON.stringify(r));

async function verifiedPerCpuSecond(texts: readonly string[], trust: TrustStore, label: string): Promise<void> {
    const count = Number(values.verifications);
    const run = async (times: number): Promise<void> => {
        for (let i = 0; i < times; i++) {
            const result = await verifyReceipt(JSON.parse(texts[i % texts.length]!) as unknown, { roots: trust });
            if (!result.ok) {
                throw new Error(`receipt did not verify: ${result.fingerprint}`);
            }
        }
    };
    const timing = await timeOffline(count, run);
    recordVerifications(
        recorder,
        `verify ${label}`,
        timing,
        `${texts.length} distinct receipts; ${perCpuSecond(timing)} per CPU-second`,
    );
    console.log(
        `${label} (${texts.length} distinct receipts): ${count} verifications, ${perCpuSecond(timing)} receipts per CPU-second, ${Math.round(count / timing.seconds)}/s wall`,
    );
}

// One batch: the leaves share a transaction and block, so their signatures are checked once and remembered.
await verifiedPerCpuSecond(
    batchTexts,
    new TrustStore(roots, rememberingVerifier(newNodeVerifier())),
    'receipts of one batch',
);
// Distinct transactions: nothing is shared; every endorsement, creator and orderer signature is checked each time.
await verifiedPerCpuSecond(
    distinctTexts,
    new TrustStore(roots, newNodeVerifier()),
    'receipts of distinct transactions',
);
