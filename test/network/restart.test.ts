import { describe, expect, it } from 'vitest';
import { networkWhole } from '../support/discovery.ts';
import { connectAs, json } from '../support/fabric-client.ts';
import { orgOf, testNetwork, uniqueName } from '../support/test-network.ts';

describe('stopping and starting the whole network', () => {
    const network = testNetwork();

    it('a second start while everything runs changes nothing', async () => {
        expect(await network.up()).toBe(false);
    });

    it('keeps every committed record and the block height', async () => {
        const bank = orgOf(network, 'bank');
        const name = uniqueName('before-restart');
        const before = connectAs(bank);
        const record = json(await before.contract.submitTransaction('Probe:Put', name, 'survives'));
        before.close();
        const heightBefore = await network.channelHeight(bank);

        await network.down();
        const statuses = await network.status();
        expect(statuses.filter((s) => s.running)).toEqual([]);

        expect(await network.up()).toBe(true);
        expect((await network.status()).every((s) => s.running)).toBe(true);
        expect(await network.channelHeight(bank)).toBeGreaterThanOrEqual(heightBefore);

        const after = connectAs(orgOf(network, 'investor'));
        try {
            expect(json(await after.contract.evaluateTransaction('Probe:Get', name))).toEqual(record);
            // And the restarted network still takes new writes.
            const next = json<{ value: string }>(
                await after.contract.submitTransaction('Probe:Put', uniqueName('after-restart'), 'new'),
            );
            expect(next.value).toBe('new');
        } finally {
            after.close();
        }
        // Every member's peer finds every other's again, as the suites after this one need.
        await networkWhole(network);
    });
});
