import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type FabricInstall } from './binaries.ts';
import { ordererConfigDir, peerConfigDir } from './fabric-config.ts';
import { type ProcessSpec } from './processes.ts';
import { gatewayConfigPath } from './gateways.ts';
import { tsaFiles } from './tsa/tsa-material.ts';
import { REPO_ROOT, type OrdererNode, type PeerOrg, type Topology } from './topology.ts';
import { type Tuning } from './tuning.ts';

/**
 * How each long-running node is launched: binary, arguments and the environment that overrides Fabric's sample
 * configuration. Every path is absolute and every port comes from the topology.
 */

const LOG_SPEC = 'info:gossip,grpc,comm.grpc.server,msp,policies,cauthdsl=warning';

export const CCAAS_BUILDER_DIR = join(REPO_ROOT, 'network', 'ccaas-builder');

function baseEnv(): Record<string, string> {
    return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' };
}

/** The folder under an orderer's data folder where its consensus keeps its write-ahead log. */
function consensusDir(topology: Topology): string {
    return topology.consensus === 'BFT' ? 'smartbft' : 'etcdraft';
}

export function ordererSpec(topology: Topology, fabric: FabricInstall, node: OrdererNode): ProcessSpec {
    const tls = node.tlsDir;
    // Orderers of several organisations connect to one another: each trusts every orderer's TLS CA.
    const tlsRoots = `[${[...new Set([join(tls, 'ca.crt'), ...topology.orderers.map((o) => o.tlsCaCert)])].join(',')}]`;
    return {
        name: node.name,
        command: join(fabric.binDir, 'orderer'),
        args: [],
        env: {
            ...baseEnv(),
            FABRIC_CFG_PATH: ordererConfigDir(topology),
            FABRIC_LOGGING_SPEC: LOG_SPEC,
            ORDERER_GENERAL_LISTENADDRESS: '127.0.0.1',
            ORDERER_GENERAL_LISTENPORT: String(node.port),
            ORDERER_GENERAL_LOCALMSPID: node.mspId,
            ORDERER_GENERAL_LOCALMSPDIR: node.mspDir,
            ORDERER_GENERAL_BOOTSTRAPMETHOD: 'none',
            ORDERER_GENERAL_TLS_ENABLED: 'true',
            ORDERER_GENERAL_TLS_PRIVATEKEY: join(tls, 'server.key'),
            ORDERER_GENERAL_TLS_CERTIFICATE: join(tls, 'server.crt'),
            ORDERER_GENERAL_TLS_ROOTCAS: tlsRoots,
            ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE: join(tls, 'server.crt'),
            ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY: join(tls, 'server.key'),
            ORDERER_GENERAL_CLUSTER_ROOTCAS: tlsRoots,
            ORDERER_CHANNELPARTICIPATION_ENABLED: 'true',
            ORDERER_FILELEDGER_LOCATION: join(node.dataDir, 'ledger'),
            ORDERER_CONSENSUS_WALDIR: join(node.dataDir, consensusDir(topology), 'wal'),
            ORDERER_CONSENSUS_SNAPDIR: join(node.dataDir, consensusDir(topology), 'snapshot'),
            ORDERER_OPERATIONS_LISTENADDRESS: `127.0.0.1:${node.operationsPort}`,
            ORDERER_METRICS_PROVIDER: 'prometheus',
            // The channel participation API is TLS with client certificates: only the admin of the organisation
            // that runs the orderer may join it to channels or remove them.
            ORDERER_ADMIN_LISTENADDRESS: `127.0.0.1:${node.adminPort}`,
            ORDERER_ADMIN_TLS_ENABLED: 'true',
            ORDERER_ADMIN_TLS_PRIVATEKEY: join(tls, 'server.key'),
            ORDERER_ADMIN_TLS_CERTIFICATE: join(tls, 'server.crt'),
            ORDERER_ADMIN_TLS_ROOTCAS: `[${join(tls, 'ca.crt')}]`,
            ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED: 'true',
            ORDERER_ADMIN_TLS_CLIENTROOTCAS: `[${join(node.adminTlsDir, 'ca.crt')}]`,
        },
    };
}

/** The chaincode connection file the organisation's peer uses to reach its own chaincode server. */
export function ccaasConnectionFile(topology: Topology, org: PeerOrg): string {
    return join(topology.configDir, 'ccaas', `${org.key}.json`);
}

export function peerSpec(topology: Topology, fabric: FabricInstall, org: PeerOrg): ProcessSpec {
    const address = `127.0.0.1:${org.peerPort}`;
    return {
        name: org.peerName,
        command: join(fabric.binDir, 'peer'),
        args: ['node', 'start'],
        env: {
            ...baseEnv(),
            FABRIC_CFG_PATH: peerConfigDir(topology),
            FABRIC_LOGGING_SPEC: LOG_SPEC,
            CORE_PEER_ID: org.peerName,
            CORE_PEER_ADDRESS: address,
            CORE_PEER_LISTENADDRESS: address,
            CORE_PEER_CHAINCODEADDRESS: `127.0.0.1:${org.chaincodeListenerPort}`,
            CORE_PEER_CHAINCODELISTENADDRESS: `127.0.0.1:${org.chaincodeListenerPort}`,
            CORE_PEER_GOSSIP_BOOTSTRAP: address,
            CORE_PEER_GOSSIP_EXTERNALENDPOINT: address,
            CORE_PEER_LOCALMSPID: org.mspId,
            CORE_PEER_MSPCONFIGPATH: org.peerMspDir,
            CORE_PEER_TLS_ENABLED: 'true',
            CORE_PEER_TLS_CERT_FILE: join(org.peerTlsDir, 'server.crt'),
            CORE_PEER_TLS_KEY_FILE: join(org.peerTlsDir, 'server.key'),
            CORE_PEER_TLS_ROOTCERT_FILE: join(org.peerTlsDir, 'ca.crt'),
            CORE_PEER_FILESYSTEMPATH: org.peerDataDir,
            CORE_LEDGER_SNAPSHOTS_ROOTDIR: join(org.peerDataDir, 'snapshots'),
            CORE_OPERATIONS_LISTENADDRESS: `127.0.0.1:${org.operationsPort}`,
            CORE_METRICS_PROVIDER: 'prometheus',
            // No Docker: an empty endpoint disables the Docker controller (and its health check), and chaincode
            // runs as a service found through our external builder.
            CORE_VM_ENDPOINT: '',
            CORE_CHAINCODE_EXTERNALBUILDERS: JSON.stringify([
                {
                    name: 'lendledger-ccaas',
                    path: CCAAS_BUILDER_DIR,
                    propagateEnvironment: ['LENDLEDGER_CCAAS_CONNECTION'],
                },
            ]),
            LENDLEDGER_CCAAS_CONNECTION: ccaasConnectionFile(topology, org),
            CORE_PEER_LIMITS_CONCURRENCY_GATEWAYSERVICE: '2500',
            // A transaction the validators refused (an ABS write its deal's holders did not endorse, say) may carry
            // private writes for this peer's organisation that it never received, as it did not endorse them.
            // Without this, the committer waits up to pullRetryThreshold (60 s) for them before every later block.
            CORE_PEER_GOSSIP_PVTDATA_SKIPPULLINGINVALIDTRANSACTIONSDURINGCOMMIT: 'true',
            ...peerTuningEnv(topology.tuning),
        },
    };
}

/** The peer's share of the instance's tuning, as core.yaml overrides. */
export function peerTuningEnv(tuning: Tuning): Record<string, string> {
    return {
        ...(tuning.validatorPoolSize > 0 ? { CORE_PEER_VALIDATORPOOLSIZE: String(tuning.validatorPoolSize) } : {}),
        CORE_LEDGER_STATE_TOTALQUERYLIMIT: String(tuning.totalQueryLimit),
        // Every member's peer on one host: learn about each other (and about a dead peer) in seconds, not the
        // sample's 25 s, so service discovery can plan endorsements soon after a start or a crash.
        ...(tuning.quickGossip
            ? {
                  CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: '2s',
                  CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: '10s',
                  CORE_PEER_GOSSIP_RECONNECTINTERVAL: '5s',
                  CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL: '1s',
                  CORE_PEER_GOSSIP_REQUESTSTATEINFOINTERVAL: '1s',
                  CORE_PEER_GOSSIP_MEMBERSHIPTRACKERINTERVAL: '2s',
              }
            : {}),
    };
}

/** fabric-chaincode-node's command-line entry point. */
export function chaincodeServerEntry(): string {
    const entry = join(REPO_ROOT, 'node_modules', 'fabric-shim', 'cli.js');
    if (!existsSync(entry)) {
        throw new Error(`${entry} is missing: run "npm ci" in ${REPO_ROOT} first`);
    }
    return entry;
}

export function chaincodeServerName(org: PeerOrg): string {
    return `chaincode.${org.domain}`;
}

/** The organisation's own chaincode server, serving its peer over mutually authenticated TLS. */
export function chaincodeServerSpec(org: PeerOrg, packageId: string): ProcessSpec {
    const tls = org.chaincodeTlsDir;
    return {
        name: chaincodeServerName(org),
        command: process.execPath,
        args: [
            chaincodeServerEntry(),
            'server',
            `--chaincode-address=127.0.0.1:${org.chaincodeServerPort}`,
            `--chaincode-id=${packageId}`,
            `--module-path=${join(REPO_ROOT, 'chaincode')}`,
            `--chaincode-tls-cert-file=${join(tls, 'server.crt')}`,
            `--chaincode-tls-key-file=${join(tls, 'server.key')}`,
            `--chaincode-tls-client-cacert-file=${org.tlsCaCert}`,
        ],
        // The chaincode reads a deal's private amounts from its own peer's implicit collection (stub.getMspID()).
        env: {
            ...baseEnv(),
            CORE_CHAINCODE_LOGGING_LEVEL: 'info',
            CORE_PEER_LOCALMSPID: org.mspId,
            LENDLEDGER_ORG: org.key,
            // 'off' makes the chaincode send one message per key instead of Fabric 3.1's batched reads and writes
            // (chaincode/src/core/peer-batching.ts): for a peer older than 3.1, and to measure what batching saves.
            ...(process.env.LENDLEDGER_PEER_BATCHING === undefined
                ? {}
                : { LENDLEDGER_PEER_BATCHING: process.env.LENDLEDGER_PEER_BATCHING }),
        },
        cwd: join(REPO_ROOT, 'chaincode'),
    };
}

export function gatewayName(org: PeerOrg): string {
    return `gateway.${org.domain}`;
}

/** The organisation's REST gateway, from the compiled gateway and the configuration gateways.ts writes. */
export function gatewaySpec(topology: Topology, org: PeerOrg): ProcessSpec {
    const entry = join(REPO_ROOT, 'gateway', 'dist', 'main.js');
    if (!existsSync(entry)) {
        throw new Error(`${entry} is missing: run "npm run build" in ${REPO_ROOT} first`);
    }
    return {
        name: gatewayName(org),
        command: process.execPath,
        args: [entry, '--config', gatewayConfigPath(topology, org)],
        env: { ...baseEnv(), NODE_ENV: 'production' },
        cwd: REPO_ROOT,
    };
}

/** Name of the notary organisation's time-stamping authority process. */
export const TSA_NAME = 'tsa.notary.lendledger.test';

/** The notary organisation's RFC 3161 time-stamping authority (network/src/tsa), with the key made at set-up. */
export function tsaSpec(topology: Topology): ProcessSpec {
    const files = tsaFiles(topology);
    return {
        name: TSA_NAME,
        command: process.execPath,
        args: [
            join(REPO_ROOT, 'network', 'src', 'tsa', 'tsa-main.ts'),
            '--key',
            files.keyPath,
            '--cert',
            files.certificatePath,
            '--port',
            String(topology.tsa.port),
        ],
        env: { ...baseEnv(), NODE_ENV: 'production' },
        cwd: REPO_ROOT,
    };
}

/** The kinds of process an instance runs, in start order (stopped in reverse); gateways ask the TSA. */
export const NODE_KINDS = ['orderer', 'peer', 'chaincode', 'tsa', 'gateway'] as const;

export type NodeKind = (typeof NODE_KINDS)[number];

/** One process of an instance: its name, kind and ports (and organisation, for peers). */
export interface NodeEntry {
    readonly name: string;
    readonly kind: NodeKind;
    readonly ports: readonly number[];
    readonly org?: PeerOrg;
}

/** Every process of the instance, in start order. */
export function nodesOf(topology: Topology): NodeEntry[] {
    return [
        ...topology.orderers.map((o): NodeEntry => ({
            name: o.name,
            kind: 'orderer',
            ports: [o.port, o.adminPort, o.operationsPort],
        })),
        ...topology.orgs.flatMap((org): NodeEntry[] => [
            {
                name: org.peerName,
                kind: 'peer',
                ports: [org.peerPort, org.chaincodeListenerPort, org.operationsPort],
                org,
            },
            { name: chaincodeServerName(org), kind: 'chaincode', ports: [org.chaincodeServerPort] },
            { name: gatewayName(org), kind: 'gateway', ports: [org.gatewayPort] },
        ]),
        { name: TSA_NAME, kind: 'tsa', ports: [topology.tsa.port] },
    ];
}
