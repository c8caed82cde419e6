import { LocalNetwork } from '@lendledger/network/local-network.ts';
import { topologyOf } from '@lendledger/network/topology.ts';
import { admitPartner } from './admissions.js';
import { networkWhole } from './discovery.ts';

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
    // Ready means every member's peer finds every other's through discovery too: a suite that runs first and writes
    // what the investor's peer must endorse was refused "failed to find any endorsing peers for InvestorMSP".
    const discovering = Date.now();
    await networkWhole(network);
    console.log(`every peer discovers every member in ${((Date.now() - discovering) / 1000).toFixed(1)} s more`);
    // The suites' loans are the development platform's, funded by the development bank: it admits that platform.
    await admitPartner(network, 'bank', 'PlatformMSP');
}

export async function teardown(): Promise<void> {
    if (process.env.LENDLEDGER_KEEP_TEST_NETWORK === '1') {
        return;
    }
    await new LocalNetwork(topologyOf('test')).down();
}
