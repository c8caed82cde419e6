import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureFabric, type FabricInstall } from './binaries.ts';
import {
    approveEverywhere,
    commitDefinition,
    committedSequence,
    installEverywhere,
    packageChaincode,
    writeConnectionFiles,
    type ChaincodePackage,
} from './chaincode-lifecycle.ts';
import { recordFoundingAdmissions } from './founding-admissions.ts';
import { bootstrapRegistry } from './registry-bootstrap.ts';
import { FabricCommandError, fabricTool, osnadmin, peerAsAdmin } from './fabric-cli.ts';
import { gatewayUrl, writeGatewayConfigs } from './gateways.ts';
import {
    CHANNEL_PROFILE,
    channelConfigDir,
    genesisBlock,
    memberOrdererCryptoConfigFile,
    writeFabricConfig,
} from './fabric-config.ts';
import { readState, writeState, type NetworkState } from './network-state.ts';
import {
    chaincodeServerEntry,
    chaincodeServerName,
    chaincodeServerSpec,
    gatewaySpec,
    NODE_KINDS,
    nodesOf,
    ordererSpec,
    peerSpec,
    tsaSpec,
    type NodeKind,
} from './node-specs.ts';
import { ensureTsaMaterial } from './tsa/tsa-material.ts';
import { approvingMessage, joiningPeersMessage, startingOrderersMessage, startingPeersMessage } from './progress.ts';
import { isPortFree, ProcessTable, waitForHealth, waitForPort, type ProcessSpec } from './processes.ts';
import { CHANNEL, operatorOf, portsOf, REPO_ROOT, type OrdererNode, type PeerOrg, type Topology } from './topology.ts';

/** A start-up precondition that is not met; the message says what to do. */
export class NetworkConfigurationError extends Error {
    constructor(message: string) {
        super(message);
        this.name = NetworkConfigurationError.name;
    }
}

/**
 * How long `up` waits for each gateway's /readyz. A gateway whose peer was just restarted is ready once it has
 * reconnected (within `peer.reconnectMaxMs`, 2 s) and the peer runs the chaincode again; a peer that was down for
 * a while first catches up on the blocks it missed, so this leaves room for that instead of failing a normal restart.
 */
const GATEWAY_READY_TIMEOUT_MS = 120_000;

export interface NodeStatus {
    readonly name: string;
    readonly kind: NodeKind;
    readonly running: boolean;
    readonly pid?: number;
    readonly ports: readonly number[];
    readonly height?: number;
}

type Log = (line: string) => void;

/**
 * The local network of one instance, a peer per organisation of the consortium: starts, stops and inspects its
 * native Fabric processes.
 * Start is idempotent: it bootstraps a missing network, starts whatever is not running and leaves the rest alone,
 * so it also resumes the same ledger after a stop or a crash.
 */
export class LocalNetwork {
    readonly topology: Topology;
    readonly processes: ProcessTable;
    readonly #log: Log;
    #fabric: FabricInstall | undefined;

    constructor(topology: Topology, log: Log = console.log) {
        this.topology = topology;
        this.processes = new ProcessTable({ runDir: topology.runDir, logsDir: topology.logsDir });
        this.#log = log;
    }

    get fabric(): FabricInstall {
        this.#fabric ??= ensureFabric(process.env, this.#log);
        return this.#fabric;
    }

    get state(): NetworkState | undefined {
        return readState(this.topology);
    }

    /**
     * Starts the network: bootstraps it if this instance has no ledger yet, resumes it otherwise.
     *
     * @returns true if anything was started, false if everything was already running.
     * @throws {@link NetworkConfigurationError} when a port is taken or a prerequisite is missing.
     */
    async up(): Promise<boolean> {
        const fabric = this.fabric;
        const state = this.state;
        if (state && this.#allRunning()) {
            return false;
        }
        if (state && (state.consensus ?? 'etcdraft') !== this.topology.consensus) {
            const created = state.consensus ?? 'etcdraft';
            throw new NetworkConfigurationError(
                `instance "${this.topology.instance}" was created with ${created} ordering, not ${this.topology.consensus}: ` +
                    `run it with LENDLEDGER_CONSENSUS=${created}, or delete it with \`network.sh clean\` to create it anew`,
            );
        }
        await this.#checkPrerequisites();
        if (state) {
            await this.#resume(fabric, state);
            // A ledger made before the registry existed gets its founding registry now; one that has it is left be.
            await this.withOrdererRetry((orderer) => bootstrapRegistry(this.topology, fabric, orderer));
        } else {
            await this.#bootstrap(fabric);
        }
        await this.waitForMembership();
        await this.#startGateways();
        return true;
    }

    /** Stops every process of the instance; the ledger stays on disk. */
    async down(): Promise<void> {
        const nodes = nodesOf(this.topology);
        for (const kind of [...NODE_KINDS].reverse()) {
            const names = nodes.filter((node) => node.kind === kind).map((node) => node.name);
            await Promise.all(names.map((name) => this.processes.stop(name)));
        }
        // Whatever else this instance started, e.g. the orderers of the other consensus when it was created with
        // another LENDLEDGER_CONSENSUS, still has a PID file: stop it too, so no process outlives `down`.
        await Promise.all(this.processes.recorded().map((name) => this.processes.stop(name)));
    }

    /** Stops the instance and removes all its state: ledgers, crypto material, configuration and logs. */
    async clean(): Promise<void> {
        await this.down();
        rmSync(this.topology.dataDir, { recursive: true, force: true });
    }

    /**
     * Deploys the current chaincode build as the next sequence: new package, installed and approved everywhere,
     * chaincode servers restarted on the new package, definition committed.
     */
    async upgradeChaincode(): Promise<NetworkState> {
        const state = this.state;
        if (!state) {
            throw new NetworkConfigurationError('the network has not been started yet: run the start command first.');
        }
        const fabric = this.fabric;
        const sequence = (await committedSequence(this.topology, fabric)) + 1;
        const pkg = packageChaincode(this.topology, sequence);
        await Promise.all(this.topology.orgs.map((org) => this.processes.stop(chaincodeServerName(org))));
        await this.#deploy(fabric, pkg, sequence);
        const next: NetworkState = {
            ...state,
            chaincode: { sequence, label: pkg.label, packageId: pkg.packageId, committedAt: new Date().toISOString() },
        };
        writeState(this.topology, next);
        return next;
    }

    /** What runs, on which ports, and each peer's channel height. */
    async status(): Promise<NodeStatus[]> {
        return Promise.all(
            nodesOf(this.topology).map(async ({ name, kind, ports, org }) => {
                const running = this.processes.isRunning(name);
                const height =
                    kind === 'peer' && running && org
                        ? await this.channelHeight(org).catch(() => undefined)
                        : undefined;
                return {
                    name,
                    kind,
                    running,
                    ...pidField(this.processes.pidOf(name)),
                    ports,
                    ...(height === undefined ? {} : { height }),
                };
            }),
        );
    }

    /** The channel's block height as the organisation's peer sees it. */
    async channelHeight(org: PeerOrg): Promise<number> {
        const output = await peerAsAdmin(this.topology, this.fabric, org, ['channel', 'getinfo', '-c', CHANNEL]);
        const match = /"height":(\d+)/.exec(output);
        if (!match?.[1]) {
            throw new Error(`unexpected "peer channel getinfo" output: ${output}`);
        }
        return Number(match[1]);
    }

    /** Number of other peers the organisation's peer knows on the channel through gossip. */
    async knownPeers(org: PeerOrg): Promise<number> {
        const response = await fetch(`http://127.0.0.1:${org.operationsPort}/metrics`, {
            signal: AbortSignal.timeout(2000),
        });
        const match = new RegExp(`^gossip_membership_total_peers_known\\{channel="${CHANNEL}"\\} (\\d+)`, 'm').exec(
            await response.text(),
        );
        return match?.[1] ? Number(match[1]) : 0;
    }

    /**
     * Waits until every peer knows every other peer: only then can service discovery plan endorsements across
     * organisations, which the endorsement policy needs.
     */
    async waitForMembership(timeoutMillis = 60_000): Promise<void> {
        const others = this.topology.orgs.length - 1;
        const deadline = Date.now() + timeoutMillis;
        for (;;) {
            const known = await Promise.all(this.topology.orgs.map((org) => this.knownPeers(org).catch(() => 0)));
            if (known.every((count) => count >= others)) {
                return;
            }
            if (Date.now() > deadline) {
                const summary = this.topology.orgs.map((org, i) => `${org.key}=${known[i]}`).join(', ');
                throw new NetworkConfigurationError(`peers did not discover each other in time (${summary}); see logs`);
            }
            await sleep(250);
        }
    }

    #allRunning(): boolean {
        return nodesOf(this.topology).every((node) => this.processes.isRunning(node.name));
    }

    /**
     * A new ledger: crypto material and genesis block generated, the channel created on the orderers and joined by
     * every peer, the chaincode's first sequence deployed, and the state file written last, so that only a
     * bootstrap that finished counts as one.
     */
    async #bootstrap(fabric: FabricInstall): Promise<void> {
        // A bootstrap that stopped half-way leaves processes running on data about to be regenerated.
        await this.down();
        await this.#generate(fabric);
        await this.#startOrderers(fabric);
        await this.#joinOrderers(fabric);
        await this.#startPeers(fabric);
        await this.#joinPeers(fabric);
        const pkg = packageChaincode(this.topology, 1);
        await this.#deploy(fabric, pkg, 1);
        if (this.topology.foundingAdmissions.length > 0) {
            // Only a new ledger gets the file's admissions: a bank's later withdrawal must survive a restart.
            this.#log("Recording the banks' admissions of their platforms from the topology file");
            await this.withOrdererRetry((orderer) => recordFoundingAdmissions(this.topology, fabric, orderer));
        }
        writeState(this.topology, {
            createdAt: new Date().toISOString(),
            fabricVersion: fabric.version,
            consensus: this.topology.consensus,
            chaincode: {
                sequence: 1,
                label: pkg.label,
                packageId: pkg.packageId,
                committedAt: new Date().toISOString(),
            },
        });
    }

    /**
     * The existing ledger after a stop or a crash: whatever is not running is started on the data already on disk,
     * chaincode servers on the package the state file names.
     */
    async #resume(fabric: FabricInstall, state: NetworkState): Promise<void> {
        await this.#startOrderers(fabric);
        await this.#startPeers(fabric);
        await this.#startChaincodeServers(state.chaincode.packageId);
    }

    /** What either path needs before it starts anything: free ports and the compiled chaincode. */
    async #checkPrerequisites(): Promise<void> {
        await this.#checkPorts();
        chaincodeServerEntry();
        if (!existsSync(join(REPO_ROOT, 'chaincode', 'dist', 'index.js'))) {
            throw new NetworkConfigurationError('chaincode/dist is missing: run "npm run build" first.');
        }
    }

    async #checkPorts(): Promise<void> {
        const owned = new Map(
            nodesOf(this.topology).flatMap((node) => node.ports.map((port) => [port, node.name] as const)),
        );
        for (const { port, purpose } of portsOf(this.topology)) {
            const owner = owned.get(port);
            if (owner && this.processes.isRunning(owner)) {
                continue;
            }
            if (!(await isPortFree(port))) {
                throw new NetworkConfigurationError(
                    `port ${port} (${purpose}) is already in use by another program. Stop that program, or start ` +
                        `this network on other ports with LENDLEDGER_PORT_BASE (now ${this.topology.portBase}).`,
                );
            }
        }
    }

    async #generate(fabric: FabricInstall): Promise<void> {
        this.#log('Generating crypto material and the channel genesis block');
        rmSync(this.topology.dataDir, { recursive: true, force: true });
        mkdirSync(this.topology.dataDir, { recursive: true });
        writeFabricConfig(this.topology, fabric);
        await fabricTool(fabric, 'cryptogen', [
            'generate',
            `--config=${join(this.topology.artifactsDir, 'crypto-config.yaml')}`,
            `--output=${this.topology.cryptoDir}`,
        ]);
        if (this.topology.consensus === 'BFT') {
            await this.#issueMemberOrderers(fabric);
        }
        await fabricTool(
            fabric,
            'configtxgen',
            ['-profile', CHANNEL_PROFILE, '-outputBlock', genesisBlock(this.topology), '-channelID', CHANNEL],
            { FABRIC_CFG_PATH: channelConfigDir(this.topology) },
        );
        writeConnectionFiles(this.topology);
    }

    /**
     * Has each operating member's own CAs issue its orderer's certificates: cryptogen extends, in a scratch folder,
     * an orderer organisation that holds the member's signing and TLS CAs, so the orderer's identity (NodeOU
     * `orderer`) chains to the member's root, the one its peer, users and the roots bundle name. The orderer's folder
     * then moves beside the member's peers and the scratch copy of the CA keys is deleted: the crypto folder keeps one
     * folder per organisation, which is what anything reading it (a roots bundle draft, its CRLs) expects.
     */
    async #issueMemberOrderers(fabric: FabricInstall): Promise<void> {
        const scratch = join(this.topology.dataDir, 'member-orderers');
        rmSync(scratch, { recursive: true, force: true });
        try {
            for (const orderer of this.topology.orderers) {
                const { org } = operatorOf(this.topology, orderer);
                for (const ca of ['ca', 'tlsca']) {
                    cpSync(join(org.cryptoDir, ca), join(scratch, 'ordererOrganizations', org.domain, ca), {
                        recursive: true,
                    });
                }
            }
            await fabricTool(fabric, 'cryptogen', [
                'extend',
                `--config=${memberOrdererCryptoConfigFile(this.topology)}`,
                `--input=${scratch}`,
            ]);
            for (const orderer of this.topology.orderers) {
                const { org } = operatorOf(this.topology, orderer);
                const issued = join(scratch, 'ordererOrganizations', org.domain, 'orderers', orderer.host);
                mkdirSync(dirname(orderer.dir), { recursive: true });
                renameSync(issued, orderer.dir);
            }
        } finally {
            rmSync(scratch, { recursive: true, force: true });
        }
    }

    async #startAll(specs: readonly { spec: ProcessSpec; health: string }[], timeoutMillis?: number): Promise<void> {
        for (const { spec } of specs) {
            this.processes.start(spec);
        }
        await Promise.all(
            specs.map(({ spec, health }) =>
                waitForHealth(health, spec.name, {
                    timeoutMillis,
                    isAlive: () => this.processes.isRunning(spec.name),
                    logFile: this.processes.logFile(spec.name),
                }),
            ),
        );
    }

    async #startOrderers(fabric: FabricInstall): Promise<void> {
        this.#log(startingOrderersMessage(this.topology));
        await this.#startAll(
            this.topology.orderers.map((o) => ({ spec: ordererSpec(this.topology, fabric, o), health: healthUrl(o) })),
        );
    }

    async #startPeers(fabric: FabricInstall): Promise<void> {
        this.#log(startingPeersMessage(this.topology));
        await this.#startAll(
            this.topology.orgs.map((org) => ({ spec: peerSpec(this.topology, fabric, org), health: healthUrl(org) })),
        );
        // A peer's operations endpoint answers healthy a moment before its gRPC listener serves: a channel join
        // sent in between is refused.
        await Promise.all(
            this.topology.orgs.map((org) =>
                waitForPort(org.peerPort, `${org.peerName} listener`, 30_000, this.processes.logFile(org.peerName)),
            ),
        );
    }

    async #joinOrderers(fabric: FabricInstall): Promise<void> {
        this.#log(`Creating channel "${CHANNEL}" on the orderers (channel participation API)`);
        // An orderer reports healthy before its admin listener accepts connections.
        await Promise.all(
            this.topology.orderers.map((o) =>
                waitForPort(o.adminPort, `${o.name} admin endpoint`, 30_000, this.processes.logFile(o.name)),
            ),
        );
        await Promise.all(
            this.topology.orderers.map((o) =>
                osnadmin(fabric, o, [
                    'channel',
                    'join',
                    '--channelID',
                    CHANNEL,
                    '--config-block',
                    genesisBlock(this.topology),
                ]),
            ),
        );
    }

    async #joinPeers(fabric: FabricInstall): Promise<void> {
        this.#log(joiningPeersMessage(this.topology));
        await Promise.all(
            this.topology.orgs.map((org) =>
                peerAsAdmin(this.topology, fabric, org, ['channel', 'join', '-b', genesisBlock(this.topology)]),
            ),
        );
    }

    /**
     * Starts the notary's time-stamping authority (its key made on first start), then each organisation's REST
     * gateway, configured to time-stamp with it, and waits until each reaches its peer's chaincode.
     */
    async #startGateways(): Promise<void> {
        this.#log("Starting the notary's time-stamping authority");
        await ensureTsaMaterial(this.topology);
        const tsa = tsaSpec(this.topology);
        await this.#startAll([{ spec: tsa, health: `http://127.0.0.1:${this.topology.tsa.port}/healthz` }]);
        this.#log("Starting each organisation's REST gateway");
        await writeGatewayConfigs(this.topology);
        await this.#startAll(
            this.topology.orgs.map((org) => ({
                spec: gatewaySpec(this.topology, org),
                health: `${gatewayUrl(org)}/readyz`,
            })),
            GATEWAY_READY_TIMEOUT_MS,
        );
    }

    async #startChaincodeServers(packageId: string): Promise<void> {
        for (const org of this.topology.orgs) {
            this.processes.start(chaincodeServerSpec(org, packageId));
        }
        await Promise.all(
            this.topology.orgs.map((org) =>
                waitForPort(
                    org.chaincodeServerPort,
                    chaincodeServerName(org),
                    30_000,
                    this.processes.logFile(chaincodeServerName(org)),
                ),
            ),
        );
    }

    async #deploy(fabric: FabricInstall, pkg: ChaincodePackage, sequence: number): Promise<void> {
        this.#log(`Installing chaincode ${pkg.label} on every peer`);
        await installEverywhere(this.topology, fabric, pkg);
        this.#log("Starting each organisation's chaincode server");
        await this.#startChaincodeServers(pkg.packageId);
        this.#log(approvingMessage(this.topology, sequence));
        await this.withOrdererRetry((orderer) => approveEverywhere(this.topology, fabric, orderer, pkg, sequence));
        await this.withOrdererRetry((orderer) => commitDefinition(this.topology, fabric, orderer, sequence));
        this.#log('Writing the founding membership registry');
        await this.withOrdererRetry((orderer) => bootstrapRegistry(this.topology, fabric, orderer));
    }

    /** Runs an ordering call against a live orderer, retrying while Raft elects a leader or SmartBFT changes view. */
    async withOrdererRetry(call: (orderer: OrdererNode) => Promise<void>): Promise<void> {
        const deadline = Date.now() + 60_000;
        for (let attempt = 0; ; attempt++) {
            const live = this.topology.orderers.filter((o) => this.processes.isRunning(o.name));
            const orderer = live[attempt % Math.max(live.length, 1)];
            if (!orderer) {
                throw new NetworkConfigurationError('no orderer is running');
            }
            try {
                await call(orderer);
                return;
            } catch (error) {
                const retryable =
                    error instanceof FabricCommandError &&
                    /leader|SERVICE_UNAVAILABLE|connection refused|no Raft|consensus/i.test(error.output);
                if (!retryable || Date.now() > deadline) {
                    throw error;
                }
                await sleep(500);
            }
        }
    }
}

/** A Fabric node's health check, served on its operations port. */
function healthUrl(node: { readonly operationsPort: number }): string {
    return `http://127.0.0.1:${node.operationsPort}/healthz`;
}

function pidField(pid: number | undefined): { pid?: number } {
    return pid === undefined ? {} : { pid };
}
