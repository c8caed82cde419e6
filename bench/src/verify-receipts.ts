/**
 * Receipt verification throughput on one core, printed per second of wall time and per CPU-second. Certificate
 * chains are verified once and then served from the trust store's cache, as in any long-running verifier.
 *
 * Two workloads:
 * - `--workload distinct` (default): the recorded receipt verified again and again with every transaction,
 *   endorsement and block signature checked afresh each time — the cost of receipts from distinct transactions.
 * - `--workload batch`: the receipts of every fingerprint of the recorded anchored batch (they share one
 *   transaction and block), verified in turn by a verifier that remembers signatures it already found valid —
 *   how a court checks the receipts of a sealed or anchored batch.
 *
 *   npm run build && node bench/src/verify-receipts.ts [--count 20000] [--crypto node|webcrypto|noble]
 *                                                         [--workload distinct|batch] [--fixture direct|anchored]
 *                                                         [--json FILE]
 * `--json FILE` appends the figure as a record (report/record.ts) for `scripts/bench.sh`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { toHex } from '@lendledger/domain';
import { fingerprintLeafHash, inclusionProof } from '@lendledger/domain/node';
import {
    buildReceipt,
    newNobleVerifier,
    newWebCryptoVerifier,
    parseRootsBundle,
    rememberingVerifier,
    TrustStore,
    verifyReceipt,
    type Receipt,
    type SignatureVerifier,
} from '@lendledger/verifier';
import { newNodeVerifier } from '@lendledger/verifier/node';
import { fixtureBatch } from '../../verifier/src/testing/fixture-batch.ts';
import { perCpuSecond, recordVerifications, timeOffline } from './offline-timing.ts';
import { Recorder } from './report/record.ts';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'verifier', 'src', 'fixtures');
const VERIFIERS: Readonly<Record<string, () => SignatureVerifier>> = {
    node: newNodeVerifier,
    webcrypto: () => newWebCryptoVerifier(),
    noble: newNobleVerifier,
};

const { values } = parseArgs({
    options: {
        count: { type: 'string', default: '20000' },
        crypto: { type: 'string', default: 'node' },
        workload: { type: 'string', default: 'distinct' },
        fixture: { type: 'string', default: 'direct' },
        json: { type: 'string' },
    },
});
const count = Number(values.count);
const makeVerifier = VERIFIERS[values.crypto];
if (!Number.isInteger(count) || count < 1 || makeVerifier === undefined) {
    throw new Error('--count must be a positive integer and --crypto node, webcrypto or noble');
}
const read = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const batch = values.workload === 'batch';
const texts = batch
    ? batchReceipts().map((receipt) => JSON.stringify(receipt))
    : [read(`receipt-${values.fixture}.json`)];
const verifier = batch ? rememberingVerifier(makeVerifier()) : makeVerifier();
const roots = new TrustStore(parseRootsBundle(read('roots.json')), verifier);

/**
 * One receipt per leaf of the recorded anchored batch, rebuilt by the convention the fixture script recorded it with
 * (verifier/src/testing/fixture-batch.ts); buildReceipt refuses them if the batch no longer leads to the root.
 */
function batchReceipts(): Receipt[] {
    const anchored = JSON.parse(read('receipt-anchored.json')) as Receipt;
    const { fingerprint } = JSON.parse(read('document.json')) as { fingerprint: string };
    const leaves = fixtureBatch(fingerprint);
    const hashes = leaves.map(fingerprintLeafHash);
    const block = Buffer.from(anchored.block.bytes, 'base64');
    return leaves.map((leaf, index) =>
        buildReceipt({
            block,
            txId: anchored.transaction.id,
            fingerprint: leaf,
            anchor: {
                anchorId: anchored.anchor!.anchorId,
                index,
                treeSize: leaves.length,
                auditPath: inclusionProof(hashes, index).map(toHex),
                root: anchored.anchor!.root,
            },
            // Every leaf's receipt names the anchor's key, so the anchor's witness is theirs too.
            witness: Buffer.from(anchored.witness!.envelope, 'base64'),
        }),
    );
}

async function run(times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
        const result = await verifyReceipt(JSON.parse(texts[i % texts.length]!) as unknown, { roots });
        if (!result.ok) {
            throw new Error(`verification failed: ${JSON.stringify(result.checks.filter((c) => c.status === 'fail'))}`);
        }
    }
}

const timing = await timeOffline(count, run);
const { seconds, cpuSeconds } = timing;
const what = batch ? `batch receipts (${texts.length} distinct, one transaction)` : `${values.fixture} receipt`;
console.log(
    `${verifier.name}, ${what}: ${count} receipts in ${seconds.toFixed(2)} s = ` +
        `${Math.round(count / seconds)} receipts/s wall, ${Math.round(count / cpuSeconds)} receipts per CPU-second ` +
        `(${((cpuSeconds / count) * 1e6).toFixed(0)} µs CPU each)`,
);
recordVerifications(
    new Recorder('verify-receipts', values.json),
    `verify ${what} (${verifier.name})`,
    timing,
    `${perCpuSecond(timing)} receipts per CPU-second`,
);
