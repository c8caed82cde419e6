import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FabricInstall } from './binaries.ts';
import { CHANNEL_PROFILE, channelConfig, ordererConfigDir, peerConfigDir } from './fabric-config.ts';
import {
    CCAAS_BUILDER_DIR,
    ccaasConnectionFile,
    chaincodeServerName,
    chaincodeServerSpec,
    gatewayName,
    NODE_KINDS,
    nodesOf,
    ordererSpec,
    peerSpec,
} from './node-specs.ts';
import { type ProcessSpec } from './processes.ts';
import { portsOf, topologyOf } from './topology.ts';

const topology = topologyOf('test', {});

const fabric: FabricInstall = {
    binDir: '/opt/fabric/bin',
    configTemplateDir: '/opt/fabric/config',
    version: '3.1.0',
    source: 'FABRIC_BIN_DIR',
};

function isInside(folder: string, path: string): boolean {
    return path.startsWith(`${folder}/`);
}

/** Environment values that name files of the node (paths), not addresses or settings. */
function pathsIn(spec: ProcessSpec): string[] {
    return Object.entries(spec.env)
        .filter(([key, value]) => key !== 'PATH' && key !== 'HOME' && value.startsWith('/'))
        .map(([, value]) => value);
}

describe('ordererSpec', () => {
    it('runs each orderer on its own ports, with its own MSP, TLS and data folders', () => {
        for (const node of topology.orderers) {
            const spec = ordererSpec(topology, fabric, node);
            expect(spec.name).toBe(node.name);
            expect(spec.command).toBe(join(fabric.binDir, 'orderer'));
            expect(spec.env).toMatchObject({
                FABRIC_CFG_PATH: ordererConfigDir(topology),
                ORDERER_GENERAL_LISTENADDRESS: '127.0.0.1',
                ORDERER_GENERAL_LISTENPORT: String(node.port),
                ORDERER_ADMIN_LISTENADDRESS: `127.0.0.1:${node.adminPort}`,
                ORDERER_OPERATIONS_LISTENADDRESS: `127.0.0.1:${node.operationsPort}`,
                ORDERER_GENERAL_LOCALMSPDIR: node.mspDir,
                ORDERER_GENERAL_TLS_CERTIFICATE: join(node.tlsDir, 'server.crt'),
                ORDERER_GENERAL_TLS_PRIVATEKEY: join(node.tlsDir, 'server.key'),
            });
            for (const key of [
                'ORDERER_FILELEDGER_LOCATION',
                'ORDERER_CONSENSUS_WALDIR',
                'ORDERER_CONSENSUS_SNAPDIR',
            ]) {
                expect(isInside(node.dataDir, spec.env[key]!)).toBe(true);
            }
        }
    });

    it.each([
        ['BFT', topology],
        ['Raft', topologyOf('test', { LENDLEDGER_CONSENSUS: 'etcdraft' })],
    ])('signs (%s) as the organisation the channel configuration declares for it', (_, instance) => {
        const orderer = channelConfig(instance).Profiles[CHANNEL_PROFILE].Orderer;
        for (const node of instance.orderers) {
            const declared = orderer.Organizations.find((org) =>
                org.OrdererEndpoints?.includes(`127.0.0.1:${node.port}`),
            );
            expect(ordererSpec(instance, fabric, node).env.ORDERER_GENERAL_LOCALMSPID).toBe(declared!.ID);
        }
    });

    it("lets only the operating organisation's admin use the channel participation API", () => {
        for (const node of topology.orderers) {
            const operator = topology.orgs.find((org) => org.key === node.operator)!;
            expect(ordererSpec(topology, fabric, node).env).toMatchObject({
                ORDERER_CHANNELPARTICIPATION_ENABLED: 'true',
                ORDERER_ADMIN_TLS_ENABLED: 'true',
                ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED: 'true',
                ORDERER_ADMIN_TLS_CLIENTROOTCAS: `[${join(operator.usersDir, `Admin@${operator.domain}`, 'tls', 'ca.crt')}]`,
            });
        }
    });

    it("trusts every orderer's TLS CA, since orderers of several organisations connect to one another", () => {
        const spec = ordererSpec(topology, fabric, topology.orderers[0]!);
        for (const node of topology.orderers) {
            expect(spec.env.ORDERER_GENERAL_CLUSTER_ROOTCAS).toContain(node.tlsCaCert);
            expect(spec.env.ORDERER_GENERAL_TLS_ROOTCAS).toContain(node.tlsCaCert);
        }
    });
});

describe('peerSpec', () => {
    it("runs each member's peer on its own ports, as that member, with its own TLS and data folders", () => {
        for (const org of topology.orgs) {
            const spec = peerSpec(topology, fabric, org);
            const address = `127.0.0.1:${org.peerPort}`;
            expect(spec.name).toBe(org.peerName);
            expect(spec.command).toBe(join(fabric.binDir, 'peer'));
            expect(spec.args).toEqual(['node', 'start']);
            expect(spec.env).toMatchObject({
                FABRIC_CFG_PATH: peerConfigDir(topology),
                CORE_PEER_ID: org.peerName,
                CORE_PEER_ADDRESS: address,
                CORE_PEER_LISTENADDRESS: address,
                CORE_PEER_GOSSIP_EXTERNALENDPOINT: address,
                CORE_PEER_CHAINCODELISTENADDRESS: `127.0.0.1:${org.chaincodeListenerPort}`,
                CORE_OPERATIONS_LISTENADDRESS: `127.0.0.1:${org.operationsPort}`,
                CORE_PEER_LOCALMSPID: org.mspId,
                CORE_PEER_MSPCONFIGPATH: org.peerMspDir,
                CORE_PEER_TLS_CERT_FILE: join(org.peerTlsDir, 'server.crt'),
                CORE_PEER_FILESYSTEMPATH: org.peerDataDir,
            });
        }
    });

    it('does not hold up its commits for private data of transactions the validators refused', () => {
        for (const org of topology.orgs) {
            expect(peerSpec(topology, fabric, org).env).toMatchObject({
                CORE_PEER_GOSSIP_PVTDATA_SKIPPULLINGINVALIDTRANSACTIONSDURINGCOMMIT: 'true',
            });
        }
    });

    it('shares no file or folder with another peer', () => {
        // Only the configuration folder is common: core.yaml holds nothing that differs between peers.
        const paths = topology.orgs.flatMap((org) =>
            pathsIn(peerSpec(topology, fabric, org)).filter((path) => path !== peerConfigDir(topology)),
        );
        expect(new Set(paths).size).toBe(paths.length);
    });

    it("runs chaincode through the repository's external builder, handing it the member's own connection file", () => {
        const builderBin = join(CCAAS_BUILDER_DIR, 'bin');
        for (const name of ['detect', 'build', 'release']) {
            expect(statSync(join(builderBin, name)).mode & 0o111).not.toBe(0);
        }
        for (const org of topology.orgs) {
            const { env } = peerSpec(topology, fabric, org);
            const builders = JSON.parse(env.CORE_CHAINCODE_EXTERNALBUILDERS!) as {
                path: string;
                propagateEnvironment: string[];
            }[];
            expect(builders.map((b) => b.path)).toEqual([CCAAS_BUILDER_DIR]);
            expect(builders[0]!.propagateEnvironment).toContain('LENDLEDGER_CCAAS_CONNECTION');
            expect(env.LENDLEDGER_CCAAS_CONNECTION).toBe(ccaasConnectionFile(topology, org));
            // No Docker: an empty endpoint is what turns Fabric's Docker controller off.
            expect(env.CORE_VM_ENDPOINT).toBe('');
        }
    });

    it('gives each member its own chaincode connection file', () => {
        const files = topology.orgs.map((org) => ccaasConnectionFile(topology, org));
        expect(new Set(files).size).toBe(topology.orgs.length);
    });
});

describe('chaincodeServerSpec', () => {
    it("serves the named package on the member's chaincode port, over TLS its peer's CA vouches for", () => {
        const packageId = 'lendledger_3:abc123';
        for (const org of topology.orgs) {
            const spec = chaincodeServerSpec(org, packageId);
            expect(spec.name).toBe(chaincodeServerName(org));
            expect(spec.args).toEqual(
                expect.arrayContaining([
                    'server',
                    `--chaincode-address=127.0.0.1:${org.chaincodeServerPort}`,
                    `--chaincode-id=${packageId}`,
                    `--chaincode-tls-cert-file=${join(org.chaincodeTlsDir, 'server.crt')}`,
                    `--chaincode-tls-key-file=${join(org.chaincodeTlsDir, 'server.key')}`,
                    `--chaincode-tls-client-cacert-file=${org.tlsCaCert}`,
                ]),
            );
            expect(existsSync(spec.args[0]!)).toBe(true);
            expect(spec.env.LENDLEDGER_ORG).toBe(org.key);
            expect(spec.env.CORE_PEER_LOCALMSPID).toBe(org.mspId);
        }
    });
});

describe('nodesOf', () => {
    const nodes = nodesOf(topology);

    it('owns every port the instance listens on exactly once, and no other', () => {
        const owned = nodes.flatMap((node) => node.ports).sort((a, b) => a - b);
        const listened = portsOf(topology)
            .map(({ port }) => port)
            .sort((a, b) => a - b);
        expect(owned).toEqual(listened);
    });

    it('names every process of the instance differently', () => {
        const names = nodes.map((node) => node.name);
        expect(new Set(names).size).toBe(names.length);
    });

    it('lists the orderers first, then a peer, a chaincode server and a gateway for each member, then the TSA', () => {
        expect(nodes.map((node) => node.kind)).toEqual([
            ...topology.orderers.map(() => 'orderer'),
            ...topology.orgs.flatMap(() => ['peer', 'chaincode', 'gateway']),
            'tsa',
        ]);
        expect(new Set(nodes.map((node) => node.kind))).toEqual(new Set(NODE_KINDS));
        expect(nodes.filter((node) => node.kind === 'peer').map((node) => node.org)).toEqual(topology.orgs);
        expect(nodes.filter((node) => node.kind === 'gateway').map((node) => node.name)).toEqual(
            topology.orgs.map(gatewayName),
        );
    });
});
