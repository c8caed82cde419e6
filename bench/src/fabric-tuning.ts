import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalNetwork } from '@lendledger/network/local-network.ts';
import { REPO_ROOT, topologyOf } from '@lendledger/network/topology.ts';
import { connectAs } from '../../test/support/fabric-client.ts';
import { gatewayAs } from '../../test/support/gateway-client.ts';
import { identityVerification, loanRefOf, submitJson } from '../../test/support/ledger-data.ts';
import { orgOf } from '../../test/support/test-network.ts';
import { CPU_PER_RECORD_HEADING, cpuPerRecordColumns, withCpu, type LoadWithCpu } from './cpu-per-record.ts';
import { printResults, runLoad, type LoadResult } from './load.ts';

/**
 * What each Fabric setting of network/src/tuning.ts does on this machine, in one run: for each variant (a
 * LENDLEDGER_TUNING object), a fresh network of the dev topology is started from nothing on its own ports and folder,
 * then single `POST /v1/evidence` writes run through the platform's REST gateway and `Evidence:RegisterBatch`
 * transactions through a bare client, and the CPU each process kind spent per record is read from /proc. One network
 * at a time; stop the dev network first so that nothing else shares the machine. It asserts nothing.
 *
 *   node bench/src/fabric-tuning.ts --seconds 15 --variants default,interval50,interval250
 */
const VARIANTS: Readonly<Record<string, string>> = {
    default: '{}',
    interval50: '{"blockIntervalMs":50}',
    interval250: '{"blockIntervalMs":250}',
    blocks100: '{"blockMaxCount":100}',
    blocks2000: '{"blockMaxCount":2000}',
    validators1: '{"validatorPoolSize":1}',
    validators4: '{"validatorPoolSize":4}',
    slowGossip: '{"quickGossip":false}',
};

const { values } = parseArgs({
    options: {
        variants: { type: 'string', default: Object.keys(VARIANTS).join(',') },
        seconds: { type: 'string', default: '15' },
        concurrency: { type: 'string', default: '64' },
        batch: { type: 'string', default: '100' },
        'batch-concurrency': { type: 'string', default: '4' },
        'port-base': { type: 'string', default: '27000' },
    },
});
const millis = Number(values.seconds) * 1000;
const concurrency = Number(values.concurrency);
const batchSize = Number(values.batch);
const run = Date.now().toString(36);

interface Measured extends LoadWithCpu {
    readonly variant: string;
    /** Records the load wrote: one per single write, `batchSize` per batch. */
    readonly records: number;
}

/** Runs a load and reads what each process kind of the network spent on it. */
async function measured(
    network: LocalNetwork,
    variant: string,
    recordsPerOperation: number,
    load: () => Promise<LoadResult>,
): Promise<Measured> {
    const measuredLoad = await withCpu(network.topology, load);
    return { variant, ...measuredLoad, records: measuredLoad.load.completed * recordsPerOperation };
}

const rows: Measured[] = [];
for (const variant of values.variants.split(',')) {
    const tuning = VARIANTS[variant] ?? variant;
    const dataDir = join(REPO_ROOT, '.data', 'bench-tuning');
    rmSync(dataDir, { recursive: true, force: true });
    const env = {
        ...process.env,
        LENDLEDGER_DATA_DIR: dataDir,
        LENDLEDGER_PORT_BASE: values['port-base'],
        LENDLEDGER_TUNING: tuning,
    };
    const network = new LocalNetwork(topologyOf('dev', env), (line) => console.log(`[${variant}] ${line}`));
    try {
        await network.up();
        const client = await gatewayAs(network, orgOf(network, 'platform').key, 'User1', ['submitter']);
        rows.push(
            await measured(network, variant, 1, () =>
                runLoad(`${variant}: REST single`, concurrency, millis, async (w, i) => {
                    const response = await fetch(`${client.baseUrl}/v1/evidence`, {
                        method: 'POST',
                        headers: { authorization: client.authorization, 'content-type': 'application/json' },
                        body: JSON.stringify({
                            ...identityVerification(loanRefOf(`tune-${run}-${variant}-s-${w}-${i}`)),
                            previous: null,
                        }),
                    });
                    if (response.status !== 200) {
                        throw new Error(`HTTP ${response.status}: ${await response.text()}`);
                    }
                    await response.arrayBuffer();
                }),
            ),
        );
        const platform = connectAs(orgOf(network, 'platform'));
        try {
            rows.push(
                await measured(network, variant, batchSize, () =>
                    runLoad(`${variant}: batch ${batchSize}`, Number(values['batch-concurrency']), millis, (w, i) =>
                        submitJson(platform.contract, 'Evidence:RegisterBatch', {
                            items: Array.from({ length: batchSize }, (_, k) =>
                                identityVerification(loanRefOf(`tune-${run}-${variant}-b-${w}-${i}-${k}`)),
                            ),
                        }).then(() => undefined),
                    ),
                ),
            );
        } finally {
            platform.close();
        }
    } finally {
        await network.clean();
    }
}

printResults(rows.map((row) => row.load));
console.log(`\nvariant              load            records/s  ${CPU_PER_RECORD_HEADING}`);
for (const row of rows) {
    console.log(
        `${row.variant.padEnd(20)} ${row.load.label.slice(row.variant.length + 2).padEnd(15)} ` +
            `${(row.records / row.load.seconds).toFixed(0).padStart(9)}  ${cpuPerRecordColumns(row.cpu, row.records)}`,
    );
}
