import { parseArgs } from 'node:util';
import { LocalNetwork } from '@lendledger/network/local-network.ts';
import { topologyOf } from '@lendledger/network/topology.ts';
import { connectAs } from '../../test/support/fabric-client.ts';
import { identityVerification, loanRefOf, submitJson, TEST_PRODUCT } from '../../test/support/ledger-data.ts';
import { orgOf } from '../../test/support/test-network.ts';
import { CPU_PER_RECORD_HEADING, cpuPerRecordColumns, withCpu, type LoadWithCpu } from './cpu-per-record.ts';
import { printResults, runLoad, type LoadResult } from './load.ts';

/**
 * What Fabric 3.1's batched chaincode messages (chaincode/src/core/peer-batching.ts) save, in one run on one
 * network: the chaincode servers run first with LENDLEDGER_PEER_BATCHING=off (one message per key read or written),
 * then, after the network is stopped and started again, with batching; in each phase `Evidence:RegisterBatch`
 * transactions of new loans' first records (each batch size in turn) and single `Evidence:Register` writes go through
 * a bare client, and the CPU each process kind spent per record is read from /proc. The network must be up (it is
 * restarted, not created or cleaned). It asserts nothing.
 *
 *   node bench/src/chaincode-batching.ts --instance test --seconds 15 --batches 100,500
 */
const { values } = parseArgs({
    options: {
        instance: { type: 'string', default: 'dev' },
        seconds: { type: 'string', default: '15' },
        batches: { type: 'string', default: '100,500' },
        'batch-concurrency': { type: 'string', default: '4' },
        concurrency: { type: 'string', default: '16' },
        phases: { type: 'string', default: 'off,on' },
    },
});
const millis = Number(values.seconds) * 1000;
const run = Date.now().toString(36);

/** An error with the endorsers' messages the Fabric Gateway attaches to it. */
function described(error: unknown): Error {
    const details = (error as { details?: readonly { mspId?: string; message?: string }[] }).details ?? [];
    const said = details.map((detail) => `${detail.mspId}: ${detail.message}`).join('; ');
    return new Error(`${(error as Error).message}${said ? ` (${said})` : ''}`);
}

/** Waits until a write is endorsed and committed: a restarted network's peers reach their chaincode servers anew. */
async function writable(write: () => Promise<unknown>): Promise<void> {
    const deadline = Date.now() + 120_000;
    for (;;) {
        try {
            await write();
            return;
        } catch (error) {
            if (Date.now() > deadline) {
                throw described(error);
            }
            console.log(`not writable yet: ${described(error).message}`);
            await new Promise((resolve) => setTimeout(resolve, 2000));
        }
    }
}

interface Measured extends LoadWithCpu {
    readonly phase: string;
    readonly records: number;
}

const network = new LocalNetwork(topologyOf(values.instance), (line) => console.log(line));
const rows: Measured[] = [];
for (const [index, phase] of values.phases.split(',').entries()) {
    process.env.LENDLEDGER_PEER_BATCHING = phase;
    await network.down();
    await network.up();
    const platform = connectAs(orgOf(network, 'platform'));
    try {
        if (index === 0) {
            // The loans are the development platform's, funded by the development bank: it admits that platform.
            const bank = connectAs(orgOf(network, 'bank'));
            try {
                await writable(() =>
                    submitJson(bank.contract, 'Admission:Admit', {
                        platform: 'PlatformMSP',
                        products: [TEST_PRODUCT],
                        validUntil: '2099-12-31T00:00:00.000Z',
                    }),
                );
            } finally {
                bank.close();
            }
        }
        await writable(() =>
            submitJson(
                platform.contract,
                'Evidence:Register',
                identityVerification(loanRefOf(`cc-${run}-${phase}-ready`)),
            ),
        );
        const measure = async (records: number, load: () => Promise<LoadResult>): Promise<void> => {
            const measured = await withCpu(network.topology, load);
            rows.push({ phase, ...measured, records: measured.load.completed * records });
        };
        for (const size of values.batches.split(',').map(Number)) {
            await measure(size, () =>
                runLoad(`batching ${phase}: batch ${size}`, Number(values['batch-concurrency']), millis, (w, i) =>
                    submitJson(platform.contract, 'Evidence:RegisterBatch', {
                        items: Array.from({ length: size }, (_, k) =>
                            identityVerification(loanRefOf(`cc-${run}-${phase}-${size}-${w}-${i}-${k}`)),
                        ),
                    }).then(
                        () => undefined,
                        (error: unknown) => Promise.reject(described(error)),
                    ),
                ),
            );
        }
        await measure(1, () =>
            runLoad(`batching ${phase}: single`, Number(values.concurrency), millis, (w, i) =>
                submitJson(
                    platform.contract,
                    'Evidence:Register',
                    identityVerification(loanRefOf(`cc-${run}-${phase}-s-${w}-${i}`)),
                ).then(() => undefined),
            ),
        );
    } finally {
        platform.close();
    }
}

printResults(rows.map((row) => row.load));
console.log(`\nload                      records/s  ${CPU_PER_RECORD_HEADING}`);
for (const row of rows) {
    console.log(
        `${row.load.label.padEnd(25)} ${(row.records / row.load.seconds).toFixed(0).padStart(9)}  ` +
            cpuPerRecordColumns(row.cpu, row.records),
    );
}
