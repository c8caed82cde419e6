import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs, json, type OrgConnection } from '../support/fabric-client.ts';
import { gatewayAs, ok } from '../support/gateway-client.ts';
import { eventually, testNetwork, uniqueName } from '../support/test-network.ts';

interface ProbeRecord {
    name: string;
    value: string;
    mspId: string;
    subject: string;
    txId: string;
}

/**
 * Repeats a submission the orderers turned away as unavailable (SmartBFT refuses requests while it changes view,
 * which a suite that loaded and broke the network just before can leave it doing), as the REST gateway does; any
 * other failure, and one still unavailable after 30 s, fails the test.
 */
async function whileOrderingUnavailable<T>(submit: () => Promise<T>): Promise<T> {
    const giveUpAt = Date.now() + 30_000;
    for (;;) {
        try {
            return await submit();
        } catch (error) {
            if ((error as { code?: number }).code !== 14 || Date.now() > giveUpAt) {
                throw error;
            }
            await sleep(1_000);
        }
    }
}

describe('a transaction from each member organisation', () => {
    const network = testNetwork();
    const connections = new Map<string, OrgConnection>();

    beforeAll(() => {
        for (const org of network.topology.orgs) {
            connections.set(org.key, connectAs(org));
        }
    });

    afterAll(() => {
        connections.forEach((connection) => connection.close());
    });

    it('commits on every peer and is readable from each of them, the members beyond the founding five included', async () => {
        expect(network.topology.orgs.map((org) => org.mspId)).toEqual(
            expect.arrayContaining(['Bank2MSP', 'Platform2MSP', 'ArbitrationMSP']),
        );
        const written: ProbeRecord[] = [];
        for (const org of network.topology.orgs) {
            const name = uniqueName(`from-${org.key}`);
            const contract = connections.get(org.key)!.contract;
            const record = json<ProbeRecord>(
                await whileOrderingUnavailable(() =>
                    contract.submitTransaction('Probe:Put', name, `value-of-${org.key}`),
                ),
            );
            expect(record).toMatchObject({ name, mspId: org.mspId, value: `value-of-${org.key}` });
            expect(record.subject).toContain(`CN=User1@${org.domain}`);
            written.push(record);
        }

        const heights = await eventually(async () => {
            const all = await Promise.all(network.topology.orgs.map((org) => network.channelHeight(org)));
            return all.every((h) => h === all[0]) ? all : undefined;
        }, 'equal block heights on all peers');
        expect(new Set(heights).size).toBe(1);
        expect(heights[0]).toBeGreaterThanOrEqual(3 + written.length);

        for (const reader of network.topology.orgs) {
            for (const record of written) {
                const read = json<ProbeRecord>(
                    await connections.get(reader.key)!.contract.evaluateTransaction('Probe:Get', record.name),
                );
                expect(read).toEqual(record);
            }
        }
    });

    it("serves each member's REST gateway to a token of that member, so tests reach every organisation", async () => {
        const name = uniqueName('via-gateways');
        const writers = network.topology.orgs.map((org) => org.key);
        for (const key of writers) {
            const client = await gatewayAs(network, key);
            ok(await client.request('PUT', `/v1/probes/${name}-${key}`, { value: `by-${key}` }));
        }
        const arbitration = await gatewayAs(network, 'arbitration', 'User2', ['auditor']);
        for (const key of writers) {
            const read = ok(await arbitration.get<ProbeRecord>(`/v1/probes/${name}-${key}`));
            expect(read).toMatchObject({
                value: `by-${key}`,
                mspId: network.topology.orgs.find((o) => o.key === key)!.mspId,
            });
        }
    });
});
