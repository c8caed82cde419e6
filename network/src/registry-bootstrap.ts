import { canonicalJson, type MemberEntry } from '@lendledger/domain';
import { type FabricInstall } from './binaries.ts';
import { FabricCommandError, ordererArgs, peerAsAdmin } from './fabric-cli.ts';
import { CHAINCODE, CHANNEL, type OrdererNode, type Topology } from './topology.ts';

/**
 * Writes the founding membership registry (`Registry:Bootstrap`), by default the topology file's organisations with
 * their roles, once the chaincode is committed: every founding member's peer endorses it, as the first
 * organisation's admin submits it. A registry already on the ledger counts as written, so a network made before the registry existed gets one on its next `up`, and a retry repeats safely.
 */
export async function bootstrapRegistry(
    topology: Topology,
    fabric: FabricInstall,
    orderer: OrdererNode,
    members: readonly MemberEntry[] = topology.foundingMembers,
): Promise<void> {
    const first = topology.orgs[0]!;
    const peers = topology.orgs.flatMap((org) => [
        '--peerAddresses',
        `127.0.0.1:${org.peerPort}`,
        '--tlsRootCertFiles',
        org.tlsCaCert,
    ]);
    const call = canonicalJson({
        function: 'Registry:Bootstrap',
        Args: [
            canonicalJson({ members: members.map((member) => ({ mspId: member.mspId, roles: [...member.roles] })) }),
        ],
    });
    // A chaincode server just started may not have reached its peer yet: retry for a while, then give up loudly.
    const deadline = Date.now() + 30_000;
    for (;;) {
        try {
            await invoke();
            return;
        } catch (error) {
            if (error instanceof FabricCommandError && /REGISTRY_EXISTS/.test(error.output)) {
                return;
            }
            if (Date.now() > deadline) {
                throw error;
            }
            await new Promise((done) => setTimeout(done, 1000));
        }
    }

    async function invoke(): Promise<void> {
        await peerAsAdmin(topology, fabric, first, [
            'chaincode',
            'invoke',
            ...ordererArgs(orderer),
            '-C',
            CHANNEL,
            '-n',
            CHAINCODE,
            '-c',
            call,
            '--waitForEvent',
            ...peers,
        ]);
    }
}
