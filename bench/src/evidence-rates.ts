import { parseArgs } from 'node:util';
import { topologyOf } from '@lendledger/network/topology.ts';
import { connectAs } from '../../test/support/fabric-client.ts';
import { identityVerification, loanRefOf, saltedFingerprint, submitJson } from '../../test/support/ledger-data.ts';
import { printResults, runLoad } from './load.ts';
import { Recorder } from './report/record.ts';

/**
 * Evidence write rates on a running network through a bare fabric-gateway client: single registrations,
 * batched registrations (records/s), and bulk anchors (fingerprints/s). Each worker writes to its own loans, as
 * independent loans do, so chain heads never conflict.
 *
 *   node bench/src/evidence-rates.ts --instance dev --seconds 10 --concurrency 16 --batch 200 --anchor 10000
 * `--json FILE` appends the figures as records (report/record.ts) for `scripts/bench.sh`.
 */
const { values } = parseArgs({
    options: {
        instance: { type: 'string', default: 'dev' },
        seconds: { type: 'string', default: '10' },
        concurrency: { type: 'string', default: '16' },
        batch: { type: 'string', default: '200' },
        anchor: { type: 'string', default: '10000' },
        json: { type: 'string' },
    },
});
const seconds = Number(values.seconds) * 1000;
const concurrency = Number(values.concurrency);
const batchSize = Number(values.batch);
const anchorSize = Number(values.anchor);

const topology = topologyOf(values.instance);
const platform = connectAs(topology.orgs.find((o) => o.key === 'platform')!);
const bank = connectAs(topology.orgs.find((o) => o.key === 'bank')!);
const run = Date.now().toString(36);
const recorder = new Recorder('evidence-rates', values.json);

try {
    const single = await runLoad('Evidence:Register (1/tx)', concurrency, seconds, async (w, i) => {
        await submitJson(platform.contract, 'Evidence:Register', identityVerification(loanRefOf(`${run}-s-${w}-${i}`)));
    });
    const batched = await runLoad(
        `Evidence:RegisterBatch (${batchSize}/tx)`,
        Math.min(concurrency, 4),
        seconds,
        async (w, i) => {
            const items = Array.from({ length: batchSize }, (_, k) =>
                identityVerification(loanRefOf(`${run}-b-${w}-${i}-${k}`)),
            );
            await submitJson(platform.contract, 'Evidence:RegisterBatch', { items });
        },
    );
    const anchors = await runLoad(`Anchor:Create (${anchorSize}/tx)`, 2, seconds, async (w, i) => {
        const fingerprints = Array.from({ length: anchorSize }, (_, k) => saltedFingerprint(`${run}-${w}-${i}-${k}`));
        await submitJson(bank.contract, 'Anchor:Create', { fingerprints });
    });
    printResults([single, batched, anchors]);
    recorder.load(single, { path: 'fabric-gateway', itemUnit: 'records' });
    recorder.load(batched, { path: 'fabric-gateway', itemsPerOperation: batchSize, itemUnit: 'records' });
    recorder.load(anchors, { path: 'fabric-gateway', itemsPerOperation: anchorSize, itemUnit: 'fingerprints' });
    console.log(`\nrecords/s single:   ${single.throughput.toFixed(1)}`);
    console.log(`records/s batched:  ${(batched.throughput * batchSize).toFixed(0)}`);
    console.log(`fingerprints/s anchored: ${(anchors.throughput * anchorSize).toFixed(0)}`);
} finally {
    platform.close();
    bank.close();
}
