import { canonicalJson, type MemberRole } from '@lendledger/domain';
import { type FabricInstall } from './binaries.ts';
import { FabricCommandError, ordererArgs, peerAsAdmin } from './fabric-cli.ts';
import { CHAINCODE, CHANNEL, type OrdererNode, type PeerOrg, type Topology } from './topology.ts';

/**
 * Records a new member in the membership registry the way the members decide it: one member's admin proposes
 * `ADD_MEMBER` (`Registry:Propose`, which counts as its approval), the admins of further members approve it
 * (`Registry:Approve`) until a strict majority has, and the approval that reaches the majority applies the change.
 * Every call is endorsed by the current members' peers, as the registry key's state-based policy asks.
 *
 * Each step tolerates having been done by an earlier, interrupted run, so `add-org` can be repeated.
 */

/** The proposal ID of a member's admission: one per MSP ID, so a repeated run finds its own proposal again. */
export function admissionProposalId(mspId: string): string {
    return `ADD-${mspId}`;
}

/** A registry call's outcome that means an earlier run already got this far. */
function alreadyDone(error: unknown, codes: readonly string[]): boolean {
    return error instanceof FabricCommandError && codes.some((code) => error.output.includes(code));
}

/**
 * Proposes and approves the new member with the admins of `approvers` (the first one proposes), endorsed by the
 * peers of `members`.
 *
 * @throws {@link FabricCommandError} when the chaincode refuses a step for another reason than it being done.
 */
export async function admitToRegistry(
    topology: Topology,
    fabric: FabricInstall,
    orderer: OrdererNode,
    options: {
        readonly members: readonly PeerOrg[];
        readonly approvers: readonly PeerOrg[];
        readonly mspId: string;
        readonly roles: readonly MemberRole[];
    },
): Promise<void> {
    const [proposer, ...others] = options.approvers;
    if (!proposer) {
        throw new Error('a registry change needs at least one approving member');
    }
    const proposalId = admissionProposalId(options.mspId);
    const peers = options.members.flatMap((org) => [
        '--peerAddresses',
        `127.0.0.1:${org.peerPort}`,
        '--tlsRootCertFiles',
        org.tlsCaCert,
    ]);
    const invoke = (admin: PeerOrg, fn: string, request: unknown): Promise<string> =>
        peerAsAdmin(topology, fabric, admin, [
            'chaincode',
            'invoke',
            ...ordererArgs(orderer),
            '-C',
            CHANNEL,
            '-n',
            CHAINCODE,
            '-c',
            canonicalJson({ function: fn, Args: [canonicalJson(request)] }),
            '--waitForEvent',
            ...peers,
        ]);
    try {
        await invoke(proposer, 'Registry:Propose', {
            proposalId,
            change: { kind: 'ADD_MEMBER', mspId: options.mspId, roles: [...options.roles] },
        });
    } catch (error) {
        if (alreadyDone(error, ['CHANGE_CONFLICT'])) {
            return; // already a member
        }
        if (!alreadyDone(error, ['PROPOSAL_EXISTS'])) {
            throw error;
        }
    }
    for (const admin of others) {
        try {
            await invoke(admin, 'Registry:Approve', { proposalId });
        } catch (error) {
            if (alreadyDone(error, ['PROPOSAL_CLOSED'])) {
                return; // an earlier run's approvals already applied it
            }
            if (!alreadyDone(error, ['ALREADY_APPROVED'])) {
                throw error;
            }
        }
    }
}

/** The registry in force, as a member's admin reads it from its own peer (`Registry:Get`). */
export async function registryMembers(
    topology: Topology,
    fabric: FabricInstall,
    reader: PeerOrg,
): Promise<{ readonly mspId: string; readonly roles: readonly string[] }[]> {
    const output = await peerAsAdmin(topology, fabric, reader, [
        'chaincode',
        'query',
        '-C',
        CHANNEL,
        '-n',
        CHAINCODE,
        '-c',
        canonicalJson({ function: 'Registry:Get', Args: [] }),
    ]);
    return (JSON.parse(output) as { members: { mspId: string; roles: string[] }[] }).members;
}
