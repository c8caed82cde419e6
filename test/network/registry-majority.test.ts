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
import { gatewayAs, ok } from '../support/gateway-client.ts';
import { onceDiscovered } from '../support/discovery.ts';
import { eventually, testNetwork, uniqueName } from '../support/test-network.ts';

/**
 * A registry change needs a majority of the members, on real peers: the approvals are counted by the chaincode, and
 * the registry key's state-based endorsement policy makes Fabric itself refuse a registry write that fewer than a
 * majority of the members' peers endorsed, whatever the chaincode says.
 */
/** A peer's channel height as its operations endpoint reports it (cheaper than the peer CLI). */
async function heightOf(org: PeerOrg): Promise<bigint> {
    const metrics = await (await fetch(`http://127.0.0.1:${org.operationsPort}/metrics`)).text();
    const match = new RegExp(`^ledger_blockchain_height\\{channel="${CHANNEL}"\\} (\\d+)`, 'm').exec(metrics);
    return BigInt(match?.[1] ?? '0');
}

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
    // Read on the peer of the organisation whose submission last committed: its commit status said that peer has
    // the block, while another peer may still be a block behind.
    const registryNow = async (org = orgs[0]!): Promise<MembershipRegistry> =>
        json<MembershipRegistry>(await contractOf(org).evaluateTransaction('Registry:Get'));
    const proposalNow = async (proposalId: string, org = orgs[0]!): Promise<RegistryProposal & { state: string }> =>
        json(await contractOf(org).evaluateTransaction('Registry:Proposal', JSON.stringify({ proposalId })));

    /**
     * Waits until every peer has committed `block`: the next proposal is then simulated on the same state wherever
     * it is endorsed, and a read anywhere sees the write.
     */
    async function settled(block: bigint): Promise<void> {
        await eventually(async () => {
            const heights = await Promise.all(orgs.map(heightOf));
            return heights.every((height) => height > block) ? true : undefined;
        }, `every peer at block ${block}`);
    }

    /** Submits through the peer gateway's own endorsement plan and waits until every peer has the commit. */
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
        await settled(status.blockNumber);
        return { result: json(transaction.getResult()), block: status.blockNumber, txId: status.transactionId };
    }

    /** Proposes `change` and has the members after the proposer approve until `approvals` in all; the last applies. */
    async function decide(
        change: RegistryChange,
        registry: MembershipRegistry,
    ): Promise<{ proposalId: string; last: { block: bigint; txId: string }; lastOrg: PeerOrg }> {
        const proposalId = uniqueName('REG').toUpperCase();
        const needed = majorityOf(registry.members.length);
        let last = await submit(orgs[0]!, 'Propose', { proposalId, change });
        let lastOrg = orgs[0]!;
        for (const org of orgs.slice(1, needed)) {
            last = await submit(org, 'Approve', { proposalId });
            lastOrg = org;
        }
        return { proposalId, last, lastOrg };
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
        const transaction = await onceDiscovered(() =>
            contractOf(approver)
                .newProposal('Registry:Approve', {
                    arguments: [JSON.stringify({ proposalId })],
                    endorsingOrganizations: [approver.mspId, ...endorsers].slice(0, needed - 1),
                })
                .endorse(),
        );
        expect(json<RegistryProposal>(transaction.getResult()).status).toBe('APPLIED');
        const status = await (await transaction.submit()).getStatus();
        expect(status.code).toBe(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        await settled(status.blockNumber);

        expect(await registryNow()).toEqual(before);
        expect(await proposalNow(proposalId)).toMatchObject({ state: 'OPEN', approvalsCounted: needed - 1 });

        await submit(orgs[0]!, 'Withdraw', { proposalId });
        expect(await proposalNow(proposalId)).toMatchObject({ state: 'WITHDRAWN' });
    });

    it('applies a change approved by a majority, emits the registry event, and keeps the history', async () => {
        const before = await registryNow();
        const { proposalId, last, lastOrg } = await decide(
            { kind: 'ADD_MEMBER', mspId: OBSERVER, roles: ['investor'] },
            before,
        );

        const after = await registryNow(lastOrg);
        expect(after.version).toBe(before.version + 1);
        expect(after.txId).toBe(last.txId);
        expect(after.members.find((member) => member.mspId === OBSERVER)).toMatchObject({ roles: ['investor'] });
        expect(await proposalNow(proposalId, lastOrg)).toMatchObject({
            state: 'APPLIED',
            appliedVersion: after.version,
        });

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
            await contractOf(lastOrg).evaluateTransaction('Registry:History', JSON.stringify({ pageSize: 100 })),
        );
        expect(history.items.map((version) => version.version)).toEqual(
            Array.from({ length: after.version }, (_, i) => i + 1),
        );
        expect(history.items.at(-1)).toEqual(after);

        // Back to the founding members for the suites that follow: now six members, so four must agree.
        const reverted = await decide({ kind: 'REMOVE_MEMBER', mspId: OBSERVER }, after);
        const restored = await registryNow(reverted.lastOrg);
        expect(restored.version).toBe(after.version + 1);
        expect(restored.members.map((member) => member.mspId)).toEqual(before.members.map((member) => member.mspId));
    });

    it("decides through the organisations' REST gateways, with Admin tokens, and refuses anyone else", async () => {
        const before = await registryNow();
        const proposalId = uniqueName('REG-http').toUpperCase();
        const change = { kind: 'ADD_MEMBER', mspId: OBSERVER, roles: ['investor'] };
        const first = orgs[0]!;

        const submitter = await gatewayAs(network, first.key, 'User1', ['submitter']);
        const refusedRole = await submitter.post('/v1/registry/proposals', { proposalId, change });
        expect([refusedRole.status, (refusedRole.body as { code: string }).code]).toEqual([403, 'ROLE_REQUIRED']);
        // The admin role does not switch identities: a user's certificate is not a member's admin.
        const user = await gatewayAs(network, first.key, 'User1', ['admin']);
        const refusedUser = await user.post('/v1/registry/proposals', { proposalId, change });
        expect([refusedUser.status, (refusedUser.body as { code: string }).code]).toEqual([
            403,
            'MEMBER_ADMIN_REQUIRED',
        ]);

        const needed = majorityOf(before.members.length);
        const admins = await Promise.all(orgs.map((org) => gatewayAs(network, org.key, 'Admin', ['admin'])));
        const proposed = ok(
            await admins[0]!.post<{ result: RegistryProposal }>('/v1/registry/proposals', { proposalId, change }),
        );
        expect(proposed.result.status).toBe('OPEN');
        let last = proposed;
        for (const admin of admins.slice(1, needed)) {
            last = ok(
                await admin.post<{ result: RegistryProposal }>(
                    `/v1/registry/proposals/${proposalId}/approvals`,
                    undefined,
                ),
            );
        }
        expect(last.result).toMatchObject({ status: 'APPLIED', appliedVersion: before.version + 1 });
        const after = ok(await submitter.get<MembershipRegistry>('/v1/registry'));
        expect(after.version).toBe(before.version + 1);
        expect(after.members.map((member) => member.mspId)).toContain(OBSERVER);
        const history = ok(await submitter.get<{ items: MembershipRegistry[] }>('/v1/registry/history?pageSize=100'));
        expect(history.items.at(-1)).toEqual(after);

        // Back to the founding members, through the gateways too.
        const revertId = uniqueName('REG-back').toUpperCase();
        ok(
            await admins[0]!.post('/v1/registry/proposals', {
                proposalId: revertId,
                change: { kind: 'REMOVE_MEMBER', mspId: OBSERVER },
            }),
        );
        const open = ok(await submitter.get<{ items: { proposalId: string }[] }>('/v1/registry/proposals'));
        expect(open.items.map((item) => item.proposalId)).toContain(revertId);
        for (const admin of admins.slice(1, majorityOf(after.members.length))) {
            ok(await admin.post(`/v1/registry/proposals/${revertId}/approvals`, undefined));
        }
        const restored = ok(await submitter.get<MembershipRegistry>('/v1/registry'));
        expect(restored.members.map((member) => member.mspId)).toEqual(before.members.map((member) => member.mspId));
    });
});
