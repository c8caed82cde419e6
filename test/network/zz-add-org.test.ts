import { describe, expect, it } from 'vitest';
import { majorityOf } from '@lendledger/domain';
import { addOrg } from '@lendledger/network/add-org.ts';
import { applicationOrgsOf, configUpdateDir, fetchChannelConfig } from '@lendledger/network/channel-update.ts';
import { LocalNetwork } from '@lendledger/network/local-network.ts';
import { chaincodeServerName, gatewayName } from '@lendledger/network/node-specs.ts';
import { registryMembers } from '@lendledger/network/registry-admission.ts';
import { topologyOf } from '@lendledger/network/topology.ts';
import { gatewayAs, ok } from '../support/gateway-client.ts';
import { orgOf, testNetwork, uniqueName } from '../support/test-network.ts';

/**
 * A member joins the running test network with `add-org` and writes through its own gateway. The file's name puts it
 * after the other suites (test/support/suite-order.ts): from here on the network has one member more than the
 * founding consortium the verifier's policy names, so suites that verify receipts must run before it.
 */
/** A probe write's answer: the record the chaincode wrote, and where. */
interface Written {
    readonly result: { readonly mspId: string; readonly value: string };
    readonly txId: string;
}

describe('adding a member to the running network', () => {
    const before = testNetwork();
    const member = { key: 'platform3', mspId: 'Platform3MSP', roles: ['platform'] as const };

    it('adds Platform3MSP end to end: channel member, endorser, registry member, writing through its gateway', async () => {
        const founding = before.topology.orgs;
        const sequenceBefore = before.state!.chaincode.sequence;

        const report = await addOrg(before, { ...member, roles: [...member.roles] }, () => undefined);
        console.log(
            `add-org ${member.mspId} took ${(report.totalMillis / 1000).toFixed(1)} s:\n` +
                Object.entries(report.steps)
                    .map(([step, millis]) => `  ${(millis / 1000).toFixed(1)} s  ${step}`)
                    .join('\n'),
        );

        // The instance remembers the member: a fresh view of it (what `up`, `down` and `status` use) runs it.
        const joined = testNetwork();
        const platform3 = orgOf(joined, 'platform3');
        expect(joined.topology.orgs.map((org) => org.mspId)).toEqual([...founding.map((o) => o.mspId), 'Platform3MSP']);
        expect(report.signers).toHaveLength(majorityOf(founding.length));

        // The channel configuration names it, and its peer holds the whole chain.
        await joined.withOrdererRetry(async (orderer) => {
            const dir = configUpdateDir(joined.topology, 'check-platform3');
            const fetched = await fetchChannelConfig(joined.topology, joined.fabric, platform3, orderer, dir);
            expect(applicationOrgsOf(fetched)).toContain('Platform3MSP');
        });
        const [height, foundingHeight] = await Promise.all([
            joined.channelHeight(platform3),
            joined.channelHeight(founding[0]!),
        ]);
        expect(height).toBeGreaterThan(1);
        expect(Math.abs(height - foundingHeight)).toBeLessThanOrEqual(2);

        // The chaincode definition's next sequence names it among the endorsers.
        expect(joined.state!.chaincode.sequence).toBe(sequenceBefore + 1);

        // The registry lists it with its role, as its own peer reads it.
        const members = await registryMembers(joined.topology, joined.fabric, platform3);
        expect(members).toContainEqual(expect.objectContaining({ mspId: 'Platform3MSP', roles: ['platform'] }));

        // It writes through its own gateway, and another member reads the committed record from its own peer.
        const name = uniqueName('joined');
        const gateway = await gatewayAs(joined, 'platform3');
        const written = ok(await gateway.request<Written>('PUT', `/v1/probes/${name}`, { value: 'v1' })).result;
        expect(written).toMatchObject({ mspId: 'Platform3MSP', value: 'v1' });
        const bank = await gatewayAs(joined, 'bank');
        expect(ok(await bank.get(`/v1/probes/${name}`))).toEqual(written);
    });

    it('starts the added member again with up after its processes stopped, and it writes again', async () => {
        const network = new LocalNetwork(topologyOf('test'), () => undefined);
        const platform3 = orgOf(network, 'platform3');
        for (const name of [gatewayName(platform3), chaincodeServerName(platform3), platform3.peerName]) {
            await network.processes.stop(name);
        }
        expect((await network.status()).filter((s) => s.name.includes('platform3') && s.running)).toEqual([]);

        expect(await network.up()).toBe(true);

        const running = (await network.status()).filter((s) => s.name.includes('platform3'));
        expect(running.map((s) => [s.kind, s.running])).toEqual(
            expect.arrayContaining([
                ['peer', true],
                ['chaincode', true],
                ['gateway', true],
            ]),
        );
        const gateway = await gatewayAs(network, 'platform3');
        const written = ok(
            await gateway.request<Written>('PUT', `/v1/probes/${uniqueName('rejoined')}`, { value: 'v2' }),
        ).result;
        expect(written).toMatchObject({ mspId: 'Platform3MSP', value: 'v2' });
    });
});
