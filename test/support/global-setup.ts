import { LocalNetwork } from '@lendledger/network/local-network.ts';
import { topologyOf } from '@lendledger/network/topology.ts';
import { admitPartner } from './admissions.js';

/**
 * The integration suites run against their own network instance ("test": its own ports and data folder), so they
 * pass whether or not a developer's network is running. It starts clean, and is stopped (its logs kept in
 * .data/test/logs) when the suites end.
 */
export async function setup(): Promise<void> {
    await new LocalNetwork(topologyOf('test')).clean();
    // The topology read again after the clean: members an earlier run added with add-org are gone with its data.
    const network = new LocalNetwork(topologyOf('test'));
    const started = Date.now();
    await network.up();
    console.log(`test network up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // The suites' loans are the development platform's, funded by the development bank: it admits that platform.
    await admitPartner(network, 'bank', 'PlatformMSP');
}

export async function teardown(): Promise<void> {
    if (process.env.LENDLEDGER_KEEP_TEST_NETWORK === '1') {
        return;
    }
    await new LocalNetwork(topologyOf('test')).down();
}
