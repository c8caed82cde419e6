import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FabricInstall } from './binaries.ts';
import { CHANNEL, ORDERER_MSP_ID, USERS_PER_ORG, type Topology } from './topology.ts';

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

/** Input of cryptogen: one orderer organisation with a node per orderer, and one peer per member organisation. */
export function cryptoConfig(topology: Topology): CryptogenConfig {
    return {
        OrdererOrgs: [
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

/** configtxgen's input, as far as this network uses it: one profile, {@link CHANNEL_PROFILE}. */
export interface ChannelConfig {
    readonly Profiles: Readonly<
        Record<
            typeof CHANNEL_PROFILE,
            {
                readonly Capabilities: Readonly<Record<string, boolean>>;
                readonly Policies: Readonly<Record<string, ChannelPolicy>>;
                readonly Orderer: {
                    readonly OrdererType: 'etcdraft';
                    readonly BatchTimeout: string;
                    readonly BatchSize: Readonly<Record<string, number | string>>;
                    readonly EtcdRaft: {
                        readonly Consenters: readonly {
                            readonly Host: string;
                            readonly Port: number;
                            readonly ClientTLSCert: string;
                            readonly ServerTLSCert: string;
                        }[];
                        readonly Options: Readonly<Record<string, number | string>>;
                    };
                    readonly Organizations: readonly ChannelOrganisation[];
                    readonly Policies: Readonly<Record<string, ChannelPolicy>>;
                    readonly Capabilities: Readonly<Record<string, boolean>>;
                };
                readonly Application: {
                    readonly Organizations: readonly ChannelOrganisation[];
                    readonly Policies: Readonly<Record<string, ChannelPolicy>>;
                    readonly Capabilities: Readonly<Record<string, boolean>>;
                };
            }
        >
    >;
}

/** Input of configtxgen: the application channel with Raft ordering tuned for low latency on a small machine. */
export function channelConfig(topology: Topology): ChannelConfig {
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
    const peerOrgs = topology.orgs.map((org): ChannelOrganisation => ({
        Name: org.mspId,
        ID: org.mspId,
        MSPDir: join(org.cryptoDir, 'msp'),
        Policies: {
            Readers: signature(`OR('${org.mspId}.admin', '${org.mspId}.peer', '${org.mspId}.client')`),
            Writers: signature(`OR('${org.mspId}.admin', '${org.mspId}.client')`),
            Admins: signature(`OR('${org.mspId}.admin')`),
            Endorsement: signature(`OR('${org.mspId}.peer')`),
        },
        AnchorPeers: [{ Host: '127.0.0.1', Port: org.peerPort }],
    }));
    return {
        Profiles: {
            [CHANNEL_PROFILE]: {
                Capabilities: { V3_0: true },
                Policies: {
                    Readers: implicitMeta('ANY Readers'),
                    Writers: implicitMeta('ANY Writers'),
                    Admins: implicitMeta('MAJORITY Admins'),
                },
                Orderer: {
                    OrdererType: 'etcdraft',
                    // A lone transaction waits at most this long for its block: low latency at low load, while
                    // MaxMessageCount lets blocks grow under load.
                    BatchTimeout: '250ms',
                    BatchSize: { MaxMessageCount: 500, AbsoluteMaxBytes: '16 MB', PreferredMaxBytes: '4 MB' },
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
                    Policies: {
                        Readers: implicitMeta('ANY Readers'),
                        Writers: implicitMeta('ANY Writers'),
                        Admins: implicitMeta('MAJORITY Admins'),
                        BlockValidation: implicitMeta('ANY Writers'),
                    },
                    Capabilities: { V2_0: true },
                },
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
}
