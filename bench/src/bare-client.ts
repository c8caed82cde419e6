import { parseArgs } from 'node:util';
import { topologyOf } from '@lendledger/network/topology.ts';
import { connectAs } from '../../test/support/fabric-client.ts';
import { uniqueName } from '../../test/support/test-network.ts';
import { printResults, runLoad, type LoadResult } from './load.ts';

/**
 * Baseline: a bare @hyperledger/fabric-gateway client submitting probe writes straight to one organisation's peer,
 * at several concurrencies. Run against a running network: `node bench/src/bare-client.ts --instance dev`.
 */
const { values } = parseArgs({
    options: {
        instance: { type: 'string', default: 'dev' },
        org: { type: 'string', default: 'bank' },
        concurrency: { type: 'string', default: '1,8,32' },
        seconds: { type: 'string', default: '10' },
    },
});

const topology = topologyOf(values.instance);
const org = topology.orgs.find((o) => o.key === values.org);
if (!org) {
    throw new Error(`unknown organisation ${values.org}`);
}
const connection = connectAs(org);
const results: LoadResult[] = [];
try {
    for (const concurrency of values.concurrency.split(',').map(Number)) {
        results.push(
            await runLoad('fabric-gateway Probe:Put', concurrency, Number(values.seconds) * 1000, async () => {
                // Probe names follow the ledger's identifier rule (no five digits in a row), so each gets a unique name.
                await connection.contract.submitTransaction('Probe:Put', uniqueName('bench'), 'x');
            }),
        );
    }
} finally {
    connection.close();
}
printResults(results);
