import { type Contract } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import {
    majorityOf,
    REGISTRY_EVENTS,
    type MembershipRegistry,
    type RegistryChange,
    type RegistryProposal,
} from '@lendledger/domain';
import { CHAINCODE, CHANNEL, type PeerOrg } from '@lendledger/network/topology.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs, json, type OrgConnection } from '../support/fabric-client.ts';
import { testNetwork, uniqueName } from '../support/test-network.ts';

/**
 * A registry change needs a majority of the members, on real peers: the approvals are counted by the chaincode, and
 * the registry key's state-based endorsement policy makes Fabric itself refuse a registry write that fewer than a
 * majority of the members' peers endorsed, whatever the chaincode says.
 */
describe('registry changes by a majority of members', () => {
    const network = testNetwork();
    const admins = new Map<string, OrgConnection>();
    /** The members in the order they act: the first proposes, the next approve. */
    let orgs: PeerOrg[];
    const OBSERVER = 'ObserverMSP';

    beforeAll(() => {
        orgs = [...network.topology.orgs];
        for (const org of orgs) {
            admins.set(org.mspId, connectAs(org, 'Admin'));
        }
    });

    afterAll(() => {
        admins.forEach((connection) => connection.close());
    });

    const contractOf = (org: PeerOrg): Contract => admins.get(org.mspId)!.contract;
    const registryNow = async (): Promise<MembershipRegistry> =>
        json<MembershipRegistry>(await contractOf(orgs[0]!).evaluateTransaction('Registry:Get'));
    const proposalNow = async (proposalId: string): Promise<RegistryProposal & { state: string }> =>
        json(await contractOf(orgs[0]!).evaluateTransaction('Registry:Proposal', JSON.stringify({ proposalId })));

    /** Submits through the peer gateway's own endorsement plan and waits for the commit. */
    async function submit(
        org: PeerOrg,
        fn: string,
        request: object,
    ): Promise<{ result: unknown; block: bigint; txId: string }> {
        const transaction = await contractOf(org)
            .newProposal(`Registry:${fn}`, { arguments: [JSON.stringify(request)] })
            .endorse();
        const commit = await transaction.submit();
        const status = await commit.getStatus();
        expect(status.code, `${fn} by ${org.mspId}`).toBe(peer.TxValidationCode.VALID);
        return { result: json(transaction.getResult()), block: status.blockNumber, txId: status.transactionId };
    }

    /** Proposes `change` and has the members after the proposer approve until `approvals` in all; the last applies. */
    async function decide(
        change: RegistryChange,
    ): Promise<{ proposalId: string; last: { block: bigint; txId: string } }> {
        const proposalId = uniqueName('REG').toUpperCase();
        const needed = majorityOf((await registryNow()).members.length);
        let last = await submit(orgs[0]!, 'Propose', { proposalId, change });
        for (const org of orgs.slice(1, needed)) {
            last = await submit(org, 'Approve', { proposalId });
        }
        return { proposalId, last };
    }

    it('keeps a change pending below a majority, and the peers invalidate a registry write endorsed by too few', async () => {
        const before = await registryNow();
        const needed = majorityOf(before.members.length);
        expect(needed).toBeGreaterThan(2);
        const proposalId = uniqueName('REG-few').toUpperCase();
        const change = { kind: 'ADD_MEMBER', mspId: OBSERVER, roles: ['investor'] } as const;
        await submit(orgs[0]!, 'Propose', { proposalId, change });
        for (const org of orgs.slice(1, needed - 1)) {
            await submit(org, 'Approve', { proposalId });
        }
        expect(await proposalNow(proposalId)).toMatchObject({ state: 'OPEN', approvalsCounted: needed - 1 });
        expect((await registryNow()).version).toBe(before.version);

        // The approval that makes the majority, endorsed by fewer organisations than the majority: the chaincode-level
        // policy is met, so the peers answer and the orderers order it, but the key-level policy is not.
        const approver = orgs[needed - 1]!;
        const endorsers = orgs.slice(0, needed - 1).map((org) => org.mspId);
        const transaction = await contractOf(approver)
            .newProposal('Registry:Approve', {
                arguments: [JSON.stringify({ proposalId })],
                endorsingOrganizations: [approver.mspId, ...endorsers].slice(0, needed - 1),
            })
            .endorse();
        expect(json<RegistryProposal>(transaction.getResult()).status).toBe('APPLIED');
        const status = await (await transaction.submit()).getStatus();
        expect(status.code).toBe(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);

        expect(await registryNow()).toEqual(before);
        expect(await proposalNow(proposalId)).toMatchObject({ state: 'OPEN', approvalsCounted: needed - 1 });

        await submit(orgs[0]!, 'Withdraw', { proposalId });
        expect(await proposalNow(proposalId)).toMatchObject({ state: 'WITHDRAWN' });
    });

    it('applies a change approved by a majority, emits the registry event, and keeps the history', async () => {
        const before = await registryNow();
        const { proposalId, last } = await decide({ kind: 'ADD_MEMBER', mspId: OBSERVER, roles: ['investor'] });

        const after = await registryNow();
        expect(after.version).toBe(before.version + 1);
        expect(after.txId).toBe(last.txId);
        expect(after.members.find((member) => member.mspId === OBSERVER)).toMatchObject({ roles: ['investor'] });
        expect(await proposalNow(proposalId)).toMatchObject({ state: 'APPLIED', appliedVersion: after.version });

        const events = await admins
            .get(orgs[0]!.mspId)!
            .gateway.getNetwork(CHANNEL)
            .getChaincodeEvents(CHAINCODE, { startBlock: last.block });
        try {
            for await (const event of events) {
                if (event.transactionId === last.txId) {
                    expect(event.eventName).toBe(REGISTRY_EVENTS.changed);
                    expect(json(event.payload)).toEqual({ proposalId, txId: last.txId, version: after.version });
                    break;
                }
            }
        } finally {
            events.close();
        }

        const history = json<{ items: MembershipRegistry[] }>(
            await contractOf(orgs[0]!).evaluateTransaction('Registry:History', JSON.stringify({ pageSize: 100 })),
        );
        expect(history.items.map((version) => version.version)).toEqual(
            Array.from({ length: after.version }, (_, i) => i + 1),
        );
        expect(history.items.at(-1)).toEqual(after);

        // Back to the founding members for the suites that follow: now six members, so four must agree.
        await decide({ kind: 'REMOVE_MEMBER', mspId: OBSERVER });
        const restored = await registryNow();
        expect(restored.version).toBe(after.version + 1);
        expect(restored.members.map((member) => member.mspId)).toEqual(before.members.map((member) => member.mspId));
    });
});
