import { describe, expect, it } from 'vitest';
import { connectAs, json } from '../support/fabric-client.ts';
import { orgOf, testNetwork, uniqueName } from '../support/test-network.ts';

describe('upgrading the chaincode', () => {
    const network = testNetwork();

    it('commits the next sequence with one call and keeps the data written before it', async () => {
        const court = connectAs(orgOf(network, 'court'));
        try {
            const name = uniqueName('before-upgrade');
            const record = json(await court.contract.submitTransaction('Probe:Put', name, 'v1'));
            const before = network.state!.chaincode;

            const after = (await network.upgradeChaincode()).chaincode;

            expect(after.sequence).toBe(before.sequence + 1);
            expect(after.packageId).not.toBe(before.packageId);
            expect(after.label).toBe(`lendledger_${after.sequence}`);
            expect(json(await court.contract.evaluateTransaction('Probe:Get', name))).toEqual(record);
            const written = json<{ value: string }>(
                await court.contract.submitTransaction('Probe:Put', uniqueName('after-upgrade'), 'v2'),
            );
            expect(written.value).toBe('v2');
        } finally {
            court.close();
        }
    });
});
