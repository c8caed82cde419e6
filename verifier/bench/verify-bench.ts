/**
 * Receipt verification throughput on one core: verifies a recorded receipt N times in sequence (JSON parsing
 * included) and prints receipts per second of wall time and per CPU-second. Certificate chains are verified once
 * and then served from the trust store's cache, as in any long-running verifier; every transaction, endorsement
 * and block signature is verified afresh each time.
 *
 *   npm run build && node verifier/bench/verify-bench.ts [--count 20000] [--crypto node|webcrypto|noble]
 *                                                         [--fixture direct|anchored]
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
    newNobleVerifier,
    newWebCryptoVerifier,
    parseRootsBundle,
    TrustStore,
    verifyReceipt,
    type SignatureVerifier,
} from '../dist/index.js';
import { newNodeVerifier } from '../dist/node/index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'fixtures');
const VERIFIERS: Readonly<Record<string, () => SignatureVerifier>> = {
    node: newNodeVerifier,
    webcrypto: () => newWebCryptoVerifier(),
    noble: newNobleVerifier,
};

const { values } = parseArgs({
    options: {
        count: { type: 'string', default: '20000' },
        crypto: { type: 'string', default: 'node' },
        fixture: { type: 'string', default: 'direct' },
    },
});
const count = Number(values.count);
const makeVerifier = VERIFIERS[values.crypto];
if (!Number.isInteger(count) || count < 1 || makeVerifier === undefined) {
    throw new Error('--count must be a positive integer and --crypto node, webcrypto or noble');
}
const text = readFileSync(join(FIXTURES, `receipt-${values.fixture}.json`), 'utf8');
const roots = new TrustStore(parseRootsBundle(readFileSync(join(FIXTURES, 'roots.json'), 'utf8')), makeVerifier());

async function run(times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
        const result = await verifyReceipt(JSON.parse(text) as unknown, { roots });
        if (!result.ok) {
            throw new Error(`verification failed: ${JSON.stringify(result.checks.filter((c) => c.status === 'fail'))}`);
        }
    }
}

await run(Math.min(200, count));
const cpuBefore = process.cpuUsage();
const started = performance.now();
await run(count);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
    `${values.crypto}, ${values.fixture} receipt (${text.length} bytes): ${count} receipts in ${seconds.toFixed(2)} s = ` +
        `${Math.round(count / seconds)} receipts/s wall, ${Math.round(count / cpuSeconds)} receipts per CPU-second ` +
        `(${((cpuSeconds / count) * 1e6).toFixed(0)} µs CPU each)`,
);
