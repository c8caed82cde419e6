import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
    endorsementPolicyOf,
    LENDLEDGER_CONSORTIUM,
    type ConsortiumPolicy,
    type MemberEntry,
    type MemberRole,
} from '@lendledger/domain';
import { readJoinedMembers } from './joined-members.ts';
import {
    CONSENSUS_TYPES,
    readTopologyFile,
    type ConsensusType,
    type InstanceDeclaration,
    type PlatformAdmission,
    type TopologyFile,
} from './topology-file.ts';
import { tuningOf, type Tuning } from './tuning.ts';

/**
 * The one place where the local network's names, ports and paths are decided. Every other module, the tests and
 * the gateway configuration derive theirs from a {@link Topology}.
 *
 * Ports are offsets from a base so that two instances (the developer's network and the test suite's) run side by
 * side: orderer i listens on base+50+i (admin base+60+i, operations base+70+i); organisation j's peer listens on
 * base+100+10j (chaincode listener +1, operations +2) and its chaincode server on +3; its REST gateway on base+1000+j.
 * The notary organisation's time-stamping authority listens on base+90.
 *
 * Which organisations an instance has, with their MSP IDs and roles, is read from the topology file
 * (network/topology.json, {@link TOPOLOGY_FILE}); organisation j is the file's j-th.
 */

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The consortium's channel and chaincode (domain/src/consortium.ts); the network creates and commits these. */
export const CHANNEL = LENDLEDGER_CONSORTIUM.channel;
export const CHAINCODE = LENDLEDGER_CONSORTIUM.chaincode;
/** The ordering service's MSP, the consortium's. */
export const ORDERER_MSP_ID = LENDLEDGER_CONSORTIUM.ordererMspId;
export const DOMAIN_SUFFIX = 'lendledger.test';

/** The topology file every instance is read from, unless `LENDLEDGER_TOPOLOGY` names another. */
export const TOPOLOGY_FILE = join(REPO_ROOT, 'network', 'topology.json');

export interface OrdererNode {
    /** Process and folder name: `orderer0`… for Raft, `orderer-<key>` for a member's BFT orderer. */
    readonly name: string;
    readonly host: string;
    /** The organisation whose certificate the orderer signs blocks with: OrdererMSP (Raft) or its operator's. */
    readonly mspId: string;
    /** BFT only: the member (topology key) that runs it. */
    readonly operator?: string;
    /** BFT only: its consenter number in the channel's ConsenterMapping (1, 2, …). */
    readonly consenterId?: number;
    /** The TLS CA certificate its listeners' certificates chain to, which clients of it trust. */
    readonly tlsCaCert: string;
    /**
     * TLS folder (ca.crt, client.crt, client.key) of the admin who may use its channel participation API: the
     * ordering organisation's admin, or the operating member's.
     */
    readonly adminTlsDir: string;
    readonly port: number;
    readonly adminPort: number;
    readonly operationsPort: number;
    readonly dir: string;
    readonly tlsDir: string;
    readonly mspDir: string;
    readonly dataDir: string;
}

export interface PeerOrg {
    /** The topology file's key, e.g. `bank2`: host names, folders, gateway tokens' `org` claim. */
    readonly key: string;
    readonly mspId: string;
    /** Roles the founding membership registry gives the organisation. */
    readonly roles: readonly MemberRole[];
    /** Whether this organisation runs the consortium's time-stamping authority (a notary). */
    readonly runsTsa: boolean;
    readonly domain: string;
    readonly peerName: string;
    readonly peerPort: number;
    readonly chaincodeListenerPort: number;
    readonly operationsPort: number;
    readonly chaincodeServerPort: number;
    readonly gatewayPort: number;
    /** cryptogen output for the organisation. */
    readonly cryptoDir: string;
    readonly peerTlsDir: string;
    readonly peerMspDir: string;
    readonly tlsCaCert: string;
    readonly adminMspDir: string;
    readonly chaincodeTlsDir: string;
    readonly usersDir: string;
    readonly peerDataDir: string;
}

export interface Topology {
    readonly instance: string;
    readonly dataDir: string;
    readonly portBase: number;
    readonly cryptoDir: string;
    readonly configDir: string;
    readonly logsDir: string;
    readonly runDir: string;
    readonly artifactsDir: string;
    readonly stateFile: string;
    /** The ordering service's consensus; `LENDLEDGER_CONSENSUS` overrides the file's. */
    readonly consensus: ConsensusType;
    /** Block cutting, validation and gossip settings; `LENDLEDGER_TUNING` overrides the file's. */
    readonly tuning: Tuning;
    /** Raft's ordering organisation's domain (its crypto folder), unused with BFT. */
    readonly ordererDomain: string;
    readonly orderers: readonly OrdererNode[];
    readonly orgs: readonly PeerOrg[];
    /** The notary organisation's RFC 3161 time-stamping authority: its port, its key material and who runs it. */
    readonly tsa: { readonly port: number; readonly dir: string; readonly org: PeerOrg };
    /**
     * The consortium's policy with this instance's members: the channel and chaincode of
     * {@link LENDLEDGER_CONSORTIUM}, every organisation of the file as a member.
     */
    readonly consortium: ConsortiumPolicy;
    /**
     * The chaincode endorsement policy: any two of the members' peers. One organisation alone can never put a record
     * on the ledger, yet any single organisation (or its chaincode server) can be down without stopping writes.
     */
    readonly endorsementPolicy: string;
    /** The founding membership registry the network writes with Registry:Bootstrap: each member with its roles. */
    readonly foundingMembers: readonly MemberEntry[];
    /**
     * The banks' admissions of their platforms (名单制) that the instance's first `up` records, as the file declares
     * them (`admits`): each bank's MSP ID with the platform and products it admits.
     */
    readonly foundingAdmissions: readonly FoundingAdmission[];
}

/** A bank's admission of a platform for products that the topology file declares. */
export interface FoundingAdmission extends PlatformAdmission {
    /** The admitting bank's MSP ID. */
    readonly bank: string;
}

/** Users each organisation gets besides its admin; the gateway maps token subjects to them. */
export const USERS_PER_ORG = 3;

/** The topology file read once per path: every module of a process asks for the same instances. */
const files = new Map<string, TopologyFile>();

function topologyFile(path: string): TopologyFile {
    let file = files.get(path);
    if (file === undefined) {
        file = readTopologyFile(path);
        files.set(path, file);
    }
    return file;
}

/**
 * Builds the topology of a named instance of the topology file. `LENDLEDGER_TOPOLOGY` names another file,
 * `LENDLEDGER_DATA_DIR` and `LENDLEDGER_PORT_BASE` override the instance's data folder and port base.
 *
 * @throws TopologyFileError for an invalid topology file; Error for an unknown instance or an invalid port base.
 */
export function topologyOf(instance: string, env: NodeJS.ProcessEnv = process.env): Topology {
    const file = resolve(env.LENDLEDGER_TOPOLOGY ?? TOPOLOGY_FILE);
    const instances = topologyFile(file).instances;
    const defaults = Object.hasOwn(instances, instance) ? instances[instance] : undefined;
    if (!defaults) {
        throw new Error(
            `unknown network instance "${instance}"; known: ${Object.keys(instances).join(', ')} (from ${file})`,
        );
    }
    // The file's folders are relative to the repository, an override to the working directory like any CLI path.
    const dataDir = env.LENDLEDGER_DATA_DIR ? resolve(env.LENDLEDGER_DATA_DIR) : resolve(REPO_ROOT, defaults.dataDir);
    const portBase = env.LENDLEDGER_PORT_BASE ? Number(env.LENDLEDGER_PORT_BASE) : defaults.portBase;
    if (!Number.isInteger(portBase) || portBase < 1024 || portBase > 64000) {
        throw new Error(
            `LENDLEDGER_PORT_BASE must be an integer between 1024 and 64000, got "${env.LENDLEDGER_PORT_BASE}"`,
        );
    }
    const consensus = consensusOf(defaults, env, `instance "${instance}" of ${file}`);
    const cryptoDir = join(dataDir, 'crypto');
    const ordererDomain = `orderer.${DOMAIN_SUFFIX}`;
    // One peer organisation per member of the file, in its order: a member appended later moves no existing port.
    const layout = { cryptoDir, dataDir, portBase };
    const orgs = defaults.organisations.map(({ key, mspId, roles, tsa }, j) =>
        peerOrgOf(layout, { key, mspId, roles, runsTsa: tsa === true }, j),
    );
    const orderers =
        consensus === 'BFT'
            ? bftOrderers(layout, defaults.ordererOperators!, orgs)
            : raftOrderers(layout, defaults.orderers, ordererDomain);
    // The file's check guarantees exactly one organisation runs the time-stamping authority.
    const tsaOrg = orgs.find((org) => org.runsTsa)!;
    const founding: Topology = {
        instance,
        dataDir,
        portBase,
        cryptoDir,
        configDir: join(dataDir, 'config'),
        logsDir: join(dataDir, 'logs'),
        runDir: join(dataDir, 'run'),
        artifactsDir: join(dataDir, 'artifacts'),
        stateFile: join(dataDir, 'state.json'),
        consensus,
        tuning: tuningOf(consensus === 'BFT', defaults.tuning, env.LENDLEDGER_TUNING),
        ordererDomain,
        orderers,
        orgs,
        tsa: { port: portBase + 90, dir: join(dataDir, 'tsa'), org: tsaOrg },
        ...consortiumOf(orgs),
        foundingMembers: Object.freeze(orgs.map((org) => ({ mspId: org.mspId, roles: [...org.roles] }))),
        foundingAdmissions: Object.freeze(
            defaults.organisations.flatMap(({ mspId, admits }) =>
                (admits ?? []).map((admission) => ({ bank: mspId, ...admission })),
            ),
        ),
    };
    // Members added to the running instance with add-org follow the file's (network/src/joined-members.ts).
    return withMembers(founding, readJoinedMembers(dataDir));
}

/**
 * The instance's consensus: the file's (Raft when it names none), unless `LENDLEDGER_CONSENSUS` names another (Raft is
 * lighter for development). BFT needs the file to name the members that run its orderers.
 */
function consensusOf(declared: InstanceDeclaration, env: NodeJS.ProcessEnv, what: string): ConsensusType {
    const override = env.LENDLEDGER_CONSENSUS;
    if (override !== undefined && override !== '' && !(CONSENSUS_TYPES as readonly string[]).includes(override)) {
        throw new Error(`LENDLEDGER_CONSENSUS must be one of ${CONSENSUS_TYPES.join(', ')}, got "${override}"`);
    }
    const consensus = (override || declared.consensus) ?? 'etcdraft';
    if (consensus === 'BFT' && declared.ordererOperators === undefined) {
        throw new Error(`${what} names no ordererOperators, which BFT ordering needs`);
    }
    return consensus as ConsensusType;
}

/** Orderer i's name, ports and ledger folder: ports base+50+i, admin base+60+i, operations base+70+i. */
function ordererSlot(
    layout: OrgLayout,
    i: number,
    name: string,
): Pick<OrdererNode, 'name' | 'port' | 'adminPort' | 'operationsPort' | 'dataDir'> {
    return {
        name,
        port: layout.portBase + 50 + i,
        adminPort: layout.portBase + 60 + i,
        operationsPort: layout.portBase + 70 + i,
        dataDir: join(layout.dataDir, 'nodes', name),
    };
}

/** BFT: one orderer per operating member, consenter i + 1, certified by the member's own CA (role `orderer`). */
function bftOrderers(layout: OrgLayout, operators: readonly string[], orgs: readonly PeerOrg[]): OrdererNode[] {
    return operators.map((key, i): OrdererNode => {
        // The file's check guarantees every operator is one of its organisations.
        const org = orgs.find((o) => o.key === key)!;
        const host = `orderer0.${org.domain}`;
        // Beside the member's peers: one crypto folder per organisation, its orderer included.
        const dir = join(org.cryptoDir, 'orderers', host);
        return {
            ...ordererSlot(layout, i, `orderer-${key}`),
            host,
            mspId: org.mspId,
            operator: key,
            consenterId: i + 1,
            tlsCaCert: org.tlsCaCert,
            adminTlsDir: join(org.usersDir, `Admin@${org.domain}`, 'tls'),
            dir,
            tlsDir: join(dir, 'tls'),
            mspDir: join(dir, 'msp'),
        };
    });
}

/** Raft: `count` orderers of the ordering organisation, OrdererMSP. */
function raftOrderers(layout: OrgLayout, count: number, ordererDomain: string): OrdererNode[] {
    const orgDir = join(layout.cryptoDir, 'ordererOrganizations', ordererDomain);
    return Array.from({ length: count }, (_, i): OrdererNode => {
        const name = `orderer${i}`;
        const host = `${name}.${ordererDomain}`;
        const dir = join(orgDir, 'orderers', host);
        return {
            ...ordererSlot(layout, i, name),
            host,
            mspId: ORDERER_MSP_ID,
            tlsCaCert: join(orgDir, 'tlsca', `tlsca.${ordererDomain}-cert.pem`),
            adminTlsDir: join(orgDir, 'users', `Admin@${ordererDomain}`, 'tls'),
            dir,
            tlsDir: join(dir, 'tls'),
            mspDir: join(dir, 'msp'),
        };
    });
}

/** The consortium policy and endorsement policy of a list of organisations, every one of them a member. */
function consortiumOf(orgs: readonly PeerOrg[]): Pick<Topology, 'consortium' | 'endorsementPolicy'> {
    const consortium: ConsortiumPolicy = Object.freeze({
        ...LENDLEDGER_CONSORTIUM,
        organisations: Object.freeze(orgs.map((org) => org.mspId)),
    });
    return { consortium, endorsementPolicy: endorsementPolicyOf(consortium) };
}

/**
 * The topology with more members after its organisations, on the next ports: each a channel member, an endorser
 * in the chaincode policy and a member of the consortium's policy, but not a founding member (the registry admits
 * it by a majority's proposal, not by the founding registry).
 */
export function withMembers(
    topology: Topology,
    members: readonly { readonly key: string; readonly mspId: string; readonly roles: readonly MemberRole[] }[],
): Topology {
    if (members.length === 0) {
        return topology;
    }
    const added = members.map((member, i) =>
        peerOrgOf(topology, { ...member, runsTsa: false }, topology.orgs.length + i),
    );
    const orgs = [...topology.orgs, ...added];
    return { ...topology, orgs, ...consortiumOf(orgs) };
}

/** Where an instance keeps its organisations' material and from which port base they listen. */
export interface OrgLayout {
    readonly cryptoDir: string;
    readonly dataDir: string;
    readonly portBase: number;
}

/** The names, ports and paths of the organisation at position `index` of an instance. */
export function peerOrgOf(
    layout: OrgLayout,
    member: Pick<PeerOrg, 'key' | 'mspId' | 'roles' | 'runsTsa'>,
    index: number,
): PeerOrg {
    const domain = `${member.key}.${DOMAIN_SUFFIX}`;
    const orgDir = join(layout.cryptoDir, 'peerOrganizations', domain);
    const peerName = `peer0.${domain}`;
    const base = layout.portBase + 100 + 10 * index;
    return {
        key: member.key,
        mspId: member.mspId,
        roles: member.roles,
        runsTsa: member.runsTsa,
        domain,
        peerName,
        peerPort: base,
        chaincodeListenerPort: base + 1,
        operationsPort: base + 2,
        chaincodeServerPort: base + 3,
        gatewayPort: layout.portBase + 1000 + index,
        cryptoDir: orgDir,
        peerTlsDir: join(orgDir, 'peers', peerName, 'tls'),
        peerMspDir: join(orgDir, 'peers', peerName, 'msp'),
        tlsCaCert: join(orgDir, 'tlsca', `tlsca.${domain}-cert.pem`),
        adminMspDir: join(orgDir, 'users', `Admin@${domain}`, 'msp'),
        chaincodeTlsDir: join(orgDir, 'peers', `chaincode.${domain}`, 'tls'),
        usersDir: join(orgDir, 'users'),
        peerDataDir: join(layout.dataDir, 'nodes', peerName),
    };
}

/**
 * The member that runs a BFT orderer, with its consenter number.
 *
 * @throws Error for a Raft orderer, which no member runs.
 */
export function operatorOf(topology: Topology, orderer: OrdererNode): { org: PeerOrg; consenterId: number } {
    const org = topology.orgs.find((candidate) => candidate.key === orderer.operator);
    if (org === undefined || orderer.consenterId === undefined) {
        throw new Error(`${orderer.name} is not a member's BFT orderer`);
    }
    return { org, consenterId: orderer.consenterId };
}

/** Path of a user's certificate and key as cryptogen lays them out (User1..UserN and Admin). */
export function userCredentials(org: PeerOrg, user: string): { certPath: string; keyPath: string; mspDir: string } {
    const mspDir = join(org.usersDir, `${user}@${org.domain}`, 'msp');
    return {
        mspDir,
        certPath: join(mspDir, 'signcerts', `${user}@${org.domain}-cert.pem`),
        keyPath: join(mspDir, 'keystore', 'priv_sk'),
    };
}

/** Every port the instance listens on, with what it is for. */
export function portsOf(topology: Topology): { port: number; purpose: string }[] {
    return [
        ...topology.orderers.flatMap((o) => [
            { port: o.port, purpose: `${o.name} listener` },
            { port: o.adminPort, purpose: `${o.name} admin` },
            { port: o.operationsPort, purpose: `${o.name} operations` },
        ]),
        ...topology.orgs.flatMap((org) => [
            { port: org.peerPort, purpose: `${org.key} peer listener` },
            { port: org.chaincodeListenerPort, purpose: `${org.key} peer chaincode listener` },
            { port: org.operationsPort, purpose: `${org.key} peer operations` },
            { port: org.chaincodeServerPort, purpose: `${org.key} chaincode server` },
            { port: org.gatewayPort, purpose: `${org.key} REST gateway` },
        ]),
        { port: topology.tsa.port, purpose: `${topology.tsa.org.key} time-stamping authority` },
    ];
}

/** True when the instance has been bootstrapped (crypto material and channel exist). */
export function isBootstrapped(topology: Topology): boolean {
    return existsSync(topology.stateFile);
}
