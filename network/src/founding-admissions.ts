import { canonicalJson } from '@lendledger/domain';
import { type FabricInstall } from './binaries.ts';
import { ordererArgs, peerAsAdmin } from './fabric-cli.ts';
import { CHAINCODE, CHANNEL, type OrdererNode, type PeerOrg, type Topology } from './topology.ts';

/**
 * The end of the window of an admission the topology file declares: far enough that a development network never
 * sees it lapse. A bank that wants another window withdraws it and admits anew.
 */
export const FOUNDING_ADMISSION_UNTIL = '2099-12-31T00:00:00.000Z';

/**
 * Records the admissions the topology file declares (a bank's `admits`) with `Admission:Admit`, each signed by the
 * admitting bank's admin and endorsed by every member's peer, once the registry is written. It runs on the instance's
 * first `up` only: an admission is a record a bank may later withdraw, and a restart must not bring it back.
 */
export async function recordFoundingAdmissions(
    topology: Topology,
    fabric: FabricInstall,
    orderer: OrdererNode,
): Promise<void> {
    for (const admission of topology.foundingAdmissions) {
        // The file's check guarantees the admitting bank is one of the instance's organisations.
        const bank = topology.orgs.find((org) => org.mspId === admission.bank)!;
        await admit(topology, fabric, orderer, bank, {
            platform: admission.platform,
            products: [...admission.products],
            validUntil: FOUNDING_ADMISSION_UNTIL,
        });
    }
}

async function admit(
    topology: Topology,
    fabric: FabricInstall,
    orderer: OrdererNode,
    bank: PeerOrg,
    request: { readonly platform: string; readonly products: readonly string[]; readonly validUntil: string },
): Promise<void> {
    const peers = topology.orgs.flatMap((org) => [
        '--peerAddresses',
        `127.0.0.1:${org.peerPort}`,
        '--tlsRootCertFiles',
        org.tlsCaCert,
    ]);
    await peerAsAdmin(topology, fabric, bank, [
        'chaincode',
        'invoke',
        ...ordererArgs(orderer),
        '-C',
        CHANNEL,
        '-n',
        CHAINCODE,
        '-c',
        canonicalJson({ function: 'Admission:Admit', Args: [canonicalJson(request)] }),
        '--waitForEvent',
        ...peers,
    ]);
}
