import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FabricInstall } from './binaries.ts';
import { CHANNEL, operatorOf, ORDERER_MSP_ID, USERS_PER_ORG, type OrdererNode, type Topology } from './topology.ts';

/**
 * Fabric's configuration files for an instance, generated from the topology. They are written as JSON, which is
 * valid YAML, so no YAML library is needed and nothing is templated by hand.
 */

const LOOPBACK_SANS = ['127.0.0.1', 'localhost'];

function titleCase(name: string): string {
    return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Folder with core.yaml for peers and the peer CLI. */
export function peerConfigDir(topology: Topology): string {
    return join(topology.configDir, 'peer');
}

/** Folder with orderer.yaml. */
export function ordererConfigDir(topology: Topology): string {
    return join(topology.configDir, 'orderer');
}

/** Folder with configtx.yaml. */
export function channelConfigDir(topology: Topology): string {
    return join(topology.configDir, 'channel');
}

/** The channel's genesis block. */
export function genesisBlock(topology: Topology): string {
    return join(topology.artifactsDir, `${CHANNEL}.block`);
}

interface CryptogenNodeSpec {
    readonly Hostname: string;
    readonly SANS: readonly string[];
}

/** cryptogen's input, as far as this network uses it. */
export interface CryptogenConfig {
    readonly OrdererOrgs: readonly {
        readonly Name: string;
        readonly Domain: string;
        readonly EnableNodeOUs: boolean;
        readonly Specs: readonly CryptogenNodeSpec[];
    }[];
    readonly PeerOrgs: readonly {
        readonly Name: string;
        readonly Domain: string;
        readonly EnableNodeOUs: boolean;
        readonly Specs: readonly CryptogenNodeSpec[];
        readonly Users: { readonly Count: number };
    }[];
}

/**
 * Input of `cryptogen generate`: one peer per member organisation and, with Raft, one orderer organisation with a
 * node per orderer. A BFT network's orderers belong to members and are issued afterwards by
 * {@link memberOrdererCryptoConfig}.
 */
export function cryptoConfig(topology: Topology): CryptogenConfig {
    return {
        OrdererOrgs:
            topology.consensus === 'BFT'
                ? []
                : [
                      {
                          Name: 'Orderer',
                          Domain: topology.ordererDomain,
                          EnableNodeOUs: true,
                          Specs: topology.orderers.map((o) => ({ Hostname: o.name, SANS: LOOPBACK_SANS })),
                      },
                  ],
        PeerOrgs: topology.orgs.map((org) => ({
            Name: titleCase(org.key),
            Domain: org.domain,
            EnableNodeOUs: true,
            // "chaincode" is not a peer: it gives the organisation's chaincode server a TLS certificate from the
            // organisation's TLS CA, so the peer-to-chaincode link is mutually authenticated TLS too.
            Specs: [
                { Hostname: 'peer0', SANS: LOOPBACK_SANS },
                { Hostname: 'chaincode', SANS: LOOPBACK_SANS },
            ],
            Users: { Count: USERS_PER_ORG },
        })),
    };
}

/**
 * Input of `cryptogen extend` for a BFT network: each operating member as an orderer organisation of the same domain,
 * whose folder (a scratch copy, see local-network.ts) already holds that member's own signing and TLS CAs, so that
 * cryptogen issues the member's orderer a certificate of NodeOU role `orderer` under the member's root, not a new
 * CA's.
 */
export function memberOrdererCryptoConfig(topology: Topology): CryptogenConfig {
    return {
        OrdererOrgs: topology.orderers.map((o) => {
            const { org } = operatorOf(topology, o);
            return {
                Name: titleCase(org.key),
                Domain: org.domain,
                EnableNodeOUs: true,
                Specs: [{ Hostname: o.host.split('.')[0]!, SANS: LOOPBACK_SANS }],
            };
        }),
        PeerOrgs: [],
    };
}

/** Where {@link memberOrdererCryptoConfig} is written for `cryptogen extend`. */
export function memberOrdererCryptoConfigFile(topology: Topology): string {
    return join(topology.artifactsDir, 'crypto-config-member-orderers.yaml');
}

/** A channel policy: a signature rule over MSP roles, or a rule over the sub-policies of the same name. */
export interface ChannelPolicy {
    readonly Type: 'Signature' | 'ImplicitMeta';
    readonly Rule: string;
}

function signature(rule: string): ChannelPolicy {
    return { Type: 'Signature', Rule: rule };
}

function implicitMeta(rule: string): ChannelPolicy {
    return { Type: 'ImplicitMeta', Rule: rule };
}

/** The name of the one profile in configtx.yaml, which configtxgen is asked for. */
export const CHANNEL_PROFILE = 'LendingChannel';

/** An organisation as configtx.yaml declares it. */
export interface ChannelOrganisation {
    readonly Name: string;
    readonly ID: string;
    readonly MSPDir: string;
    readonly Policies: Readonly<Record<string, ChannelPolicy>>;
    readonly OrdererEndpoints?: readonly string[];
    readonly AnchorPeers?: readonly { readonly Host: string; readonly Port: number }[];
}

/** A BFT consenter as configtx.yaml maps it: its number, listener, organisation and certificate files. */
export interface BftConsenter {
    readonly ID: number;
    readonly Host: string;
    readonly Port: number;
    readonly MSPID: string;
    readonly ClientTLSCert: string;
    readonly ServerTLSCert: string;
    /** The certificate it signs blocks with; receipts' verifiers find it in the roots bundle. */
    readonly Identity: string;
}

/** The profile's Orderer section: Raft (`EtcdRaft`) or SmartBFT (`ConsenterMapping`, `SmartBFT`). */
export interface OrdererSection {
    readonly OrdererType: 'etcdraft' | 'BFT';
    readonly BatchTimeout: string;
    readonly BatchSize: Readonly<Record<string, number | string>>;
    readonly EtcdRaft?: {
        readonly Consenters: readonly {
            readonly Host: string;
            readonly Port: number;
            readonly ClientTLSCert: string;
            readonly ServerTLSCert: string;
        }[];
        readonly Options: Readonly<Record<string, number | string>>;
    };
    readonly ConsenterMapping?: readonly BftConsenter[];
    readonly SmartBFT?: Readonly<Record<string, number | string | boolean>>;
    readonly Organizations: readonly ChannelOrganisation[];
    readonly Policies: Readonly<Record<string, ChannelPolicy>>;
    readonly Capabilities: Readonly<Record<string, boolean>>;
}

/**
 * SmartBFT's timing on a small shared machine; its batch (block) count, bytes and interval come from the tuning
 * ({@link batchingOf}). Followers expect a heartbeat every LeaderHeartbeatTimeout / LeaderHeartbeatCount (1 s) and start a view change
 * after 10 s without one, or when a request they forwarded is not ordered within RequestForwardTimeout +
 * RequestComplainTimeout (8 s): a dead leader costs about 10–20 s of stall instead of the defaults' minutes, while a
 * node starved of CPU for a few seconds does not trigger needless view changes.
 */
export const SMARTBFT_OPTIONS = {
    IncomingMessageBufferSize: 200,
    RequestPoolSize: 2000,
    RequestForwardTimeout: '2s',
    RequestComplainTimeout: '6s',
    RequestAutoRemoveTimeout: '3m',
    ViewChangeResendInterval: '2s',
    ViewChangeTimeout: '10s',
    LeaderHeartbeatTimeout: '10s',
    LeaderHeartbeatCount: 10,
    CollectTimeout: '1s',
    SyncOnStart: false,
    SpeedUpViewChange: false,
} as const;

/** configtxgen's input, as far as this network uses it: one profile, {@link CHANNEL_PROFILE}. */
export interface ChannelConfig {
    readonly Profiles: Readonly<
        Record<
            typeof CHANNEL_PROFILE,
            {
                readonly Capabilities: Readonly<Record<string, boolean>>;
                readonly Policies: Readonly<Record<string, ChannelPolicy>>;
                readonly Orderer: OrdererSection;
                readonly Application: {
                    readonly Organizations: readonly ChannelOrganisation[];
                    readonly Policies: Readonly<Record<string, ChannelPolicy>>;
                    readonly Capabilities: Readonly<Record<string, boolean>>;
                };
            }
        >
    >;
}

/** An organisation's policies: its admins administer, its clients and admins write, its peers endorse. */
function memberPolicies(mspId: string): Record<string, ChannelPolicy> {
    return {
        Readers: signature(`OR('${mspId}.admin', '${mspId}.peer', '${mspId}.client')`),
        Writers: signature(`OR('${mspId}.admin', '${mspId}.client')`),
        Admins: signature(`OR('${mspId}.admin')`),
        Endorsement: signature(`OR('${mspId}.peer')`),
    };
}

/**
 * An operating member's policies in the Orderer group: only its orderer (NodeOU `orderer`) reads and writes there,
 * which SmartBFT checks on every consensus message a consenter signs; its admins administer. Its peers, users and
 * admins read and write the channel through the Application group (`/Channel/Readers` and `/Channel/Writers` are
 * ANY of the two groups), so nothing else needs the Orderer group's Writers, which gate broadcast in maintenance mode.
 */
function ordererGroupMemberPolicies(mspId: string): Record<string, ChannelPolicy> {
    return {
        Readers: signature(`OR('${mspId}.orderer')`),
        Writers: signature(`OR('${mspId}.orderer')`),
        Admins: signature(`OR('${mspId}.admin')`),
    };
}

const ORDERER_GROUP_POLICIES = {
    Readers: implicitMeta('ANY Readers'),
    Writers: implicitMeta('ANY Writers'),
    Admins: implicitMeta('MAJORITY Admins'),
    // configtxgen replaces this for BFT with NOutOf(quorum, each consenter's identity).
    BlockValidation: implicitMeta('ANY Writers'),
} as const;

/**
 * How blocks are cut: a lone transaction waits at most the tuning's block interval for its block (Raft's BatchTimeout;
 * SmartBFT reads its RequestBatchMaxInterval instead), and blocks grow to blockMaxCount transactions under load
 * (SmartBFT takes MaxMessageCount and AbsoluteMaxBytes as its batch's count and bytes).
 */
/** A block's (and a SmartBFT batch's) largest size: room for a sealed batch's or a coalesced write's proposal. */
const BLOCK_MAX_BYTES = 16 * 1024 * 1024;

function batchingOf(topology: Topology): Pick<OrdererSection, 'BatchTimeout' | 'BatchSize'> {
    return {
        BatchTimeout: `${topology.tuning.blockIntervalMs}ms`,
        BatchSize: {
            MaxMessageCount: topology.tuning.blockMaxCount,
            AbsoluteMaxBytes: BLOCK_MAX_BYTES,
            PreferredMaxBytes: 4 * 1024 * 1024,
        },
    };
}

/** Raft: the ordering organisation's orderers, tuned for low latency on a small machine. */
function raftOrderer(topology: Topology): OrdererSection {
    const ordererOrg: ChannelOrganisation = {
        Name: 'OrdererOrg',
        ID: ORDERER_MSP_ID,
        MSPDir: join(topology.cryptoDir, 'ordererOrganizations', topology.ordererDomain, 'msp'),
        Policies: {
            Readers: signature(`OR('${ORDERER_MSP_ID}.member')`),
            Writers: signature(`OR('${ORDERER_MSP_ID}.member')`),
            Admins: signature(`OR('${ORDERER_MSP_ID}.admin')`),
        },
        OrdererEndpoints: topology.orderers.map((o) => `127.0.0.1:${o.port}`),
    };
    return {
        OrdererType: 'etcdraft',
        ...batchingOf(topology),
        EtcdRaft: {
            Consenters: topology.orderers.map((o) => ({
                Host: '127.0.0.1',
                Port: o.port,
                ClientTLSCert: join(o.tlsDir, 'server.crt'),
                ServerTLSCert: join(o.tlsDir, 'server.crt'),
            })),
            // 250 ms × 10 ticks: a new leader within about 2.5 s of losing one.
            Options: {
                TickInterval: '250ms',
                ElectionTick: 10,
                HeartbeatTick: 1,
                MaxInflightBlocks: 5,
                SnapshotIntervalSize: '16 MB',
            },
        },
        Organizations: [ordererOrg],
        Policies: ORDERER_GROUP_POLICIES,
        Capabilities: { V2_0: true },
    };
}

/**
 * SmartBFT: each operating member's orderer is a consenter. The member sits in the Orderer group with the very MSP
 * definition it has in the Application group (Fabric requires one MSP ID to mean one definition), and its endpoint.
 */
function bftOrderer(topology: Topology): OrdererSection {
    const operators = topology.orderers.map((o) => ({ orderer: o, ...operatorOf(topology, o) }));
    return {
        OrdererType: 'BFT',
        ...batchingOf(topology),
        ConsenterMapping: operators.map(({ orderer, org, consenterId }) => ({
            ID: consenterId,
            Host: '127.0.0.1',
            Port: orderer.port,
            MSPID: org.mspId,
            ClientTLSCert: join(orderer.tlsDir, 'server.crt'),
            ServerTLSCert: join(orderer.tlsDir, 'server.crt'),
            Identity: ordererSignCert(orderer),
        })),
        SmartBFT: {
            ...SMARTBFT_OPTIONS,
            // Fabric replaces the count and bytes with BatchSize's; they are written the same for a reader's sake.
            RequestBatchMaxCount: topology.tuning.blockMaxCount,
            RequestBatchMaxBytes: BLOCK_MAX_BYTES,
            RequestBatchMaxInterval: `${topology.tuning.blockIntervalMs}ms`,
        },
        Organizations: operators.map(({ orderer, org }) => ({
            Name: org.mspId,
            ID: org.mspId,
            MSPDir: join(org.cryptoDir, 'msp'),
            Policies: ordererGroupMemberPolicies(org.mspId),
            OrdererEndpoints: [`127.0.0.1:${orderer.port}`],
        })),
        Policies: ORDERER_GROUP_POLICIES,
        Capabilities: { V2_0: true },
    };
}

/** The certificate an orderer signs with, where cryptogen writes it. */
export function ordererSignCert(orderer: OrdererNode): string {
    return join(orderer.mspDir, 'signcerts', `${orderer.host}-cert.pem`);
}

/** Input of configtxgen: the application channel, ordered by BFT among members or by Raft. */
export function channelConfig(topology: Topology): ChannelConfig {
    const peerOrgs = topology.orgs.map((org): ChannelOrganisation => ({
        Name: org.mspId,
        ID: org.mspId,
        MSPDir: join(org.cryptoDir, 'msp'),
        Policies: memberPolicies(org.mspId),
        AnchorPeers: [{ Host: '127.0.0.1', Port: org.peerPort }],
    }));
    return {
        Profiles: {
            [CHANNEL_PROFILE]: {
                // V3_0 is what BFT ordering needs.
                Capabilities: { V3_0: true },
                Policies: {
                    Readers: implicitMeta('ANY Readers'),
                    Writers: implicitMeta('ANY Writers'),
                    Admins: implicitMeta('MAJORITY Admins'),
                },
                Orderer: topology.consensus === 'BFT' ? bftOrderer(topology) : raftOrderer(topology),
                Application: {
                    Organizations: peerOrgs,
                    Policies: {
                        Readers: implicitMeta('ANY Readers'),
                        Writers: implicitMeta('ANY Writers'),
                        Admins: implicitMeta('MAJORITY Admins'),
                        LifecycleEndorsement: implicitMeta('MAJORITY Endorsement'),
                        Endorsement: implicitMeta('MAJORITY Endorsement'),
                    },
                    Capabilities: { V2_5: true },
                },
            },
        },
    };
}

/** Writes every generated configuration file of the instance. */
export function writeFabricConfig(topology: Topology, fabric: FabricInstall): void {
    for (const dir of [peerConfigDir(topology), ordererConfigDir(topology), channelConfigDir(topology)]) {
        mkdirSync(dir, { recursive: true });
    }
    copyFileSync(join(fabric.configTemplateDir, 'core.yaml'), join(peerConfigDir(topology), 'core.yaml'));
    copyFileSync(join(fabric.configTemplateDir, 'orderer.yaml'), join(ordererConfigDir(topology), 'orderer.yaml'));
    writeFileSync(join(channelConfigDir(topology), 'configtx.yaml'), JSON.stringify(channelConfig(topology), null, 2));
    mkdirSync(topology.artifactsDir, { recursive: true });
    writeFileSync(join(topology.artifactsDir, 'crypto-config.yaml'), JSON.stringify(cryptoConfig(topology), null, 2));
    if (topology.consensus === 'BFT') {
        writeFileSync(
            memberOrdererCryptoConfigFile(topology),
            JSON.stringify(memberOrdererCryptoConfig(topology), null, 2),
        );
    }
}
