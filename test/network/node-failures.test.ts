import { afterAll, describe, expect, it } from 'vitest';
import { networkWhole } from '../support/discovery.ts';
import { connectAs, json, submitThroughOrdererOutage } from '../support/fabric-client.ts';
import { eventually, orgOf, testNetwork, uniqueName } from '../support/test-network.ts';

describe('node failures', () => {
    const network = testNetwork();

    afterAll(async () => {
        // Leave the network whole for the suites that follow, discovery included.
        await networkWhole(network);
    });

    // Orderer faults (the leader, a follower, one cut off, a quorum lost) are bft-faults.test.ts's, under a steady
    // writer through the REST gateway.

    it('reports a clear error on the organisation whose chaincode server is down while the others keep endorsing', async () => {
        const notary = orgOf(network, 'notary');
        expect(network.processes.kill(`chaincode.${notary.domain}`)).toBe(true);

        const notaryUser = connectAs(notary);
        const bankUser = connectAs(orgOf(network, 'bank'));
        try {
            const failure = await notaryUser.contract
                .evaluateTransaction('Probe:Get', 'anything')
                .catch((e: Error) => e);
            expect(failure).toBeInstanceOf(Error);
            const details = JSON.stringify((failure as Error & { details?: unknown }).details ?? '');
            expect(`${(failure as Error).message} ${details}`).toMatch(/chaincode|connection|refused|unavailable/i);

            // The 2-of-5 policy is met without the notary: a bank user's write still commits.
            const name = uniqueName('notary-down');
            const record = json<{ name: string; mspId: string }>(
                await bankUser.contract.submitTransaction('Probe:Put', name, 'endorsed-by-others'),
            );
            expect(record).toMatchObject({ name, mspId: 'BankMSP' });

            await network.up();
            const recovered = await eventually(
                async () => json<{ name: string }>(await notaryUser.contract.evaluateTransaction('Probe:Get', name)),
                'the notary peer to serve reads again',
            );
            expect(recovered.name).toBe(name);
        } finally {
            notaryUser.close();
            bankUser.close();
        }
    });
    it('resumes a crashed peer on its own ledger, which catches up with what was committed meanwhile', async () => {
        const investor = orgOf(network, 'investor');
        expect(network.processes.kill(investor.peerName)).toBe(true);
        await eventually(
            async () => (network.processes.isRunning(investor.peerName) ? undefined : true),
            'the investor peer to die',
        );

        const bank = connectAs(orgOf(network, 'bank'));
        const name = uniqueName('peer-down');
        try {
            await submitThroughOrdererOutage(bank.contract, 'Probe:Put', [
                name,
                'written-while-the-investor-peer-was-down',
            ]);
        } finally {
            bank.close();
        }

        await network.up();
        const reader = connectAs(investor);
        try {
            const record = await eventually(
                async () => json<{ name: string }>(await reader.contract.evaluateTransaction('Probe:Get', name)),
                'the restarted investor peer to serve the write it missed',
            );
            expect(record.name).toBe(name);
            const heights = await eventually(async () => {
                const all = await Promise.all(network.topology.orgs.map((org) => network.channelHeight(org)));
                return all.every((h) => h === all[0]) ? all : undefined;
            }, 'equal heights again');
            expect(new Set(heights).size).toBe(1);
        } finally {
            reader.close();
        }
    });
});
