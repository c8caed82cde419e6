import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isMemberRole, type MemberRole } from '@lendledger/domain';
import { type FabricInstall } from './binaries.ts';
import { approveEverywhere, commitDefinition, installEverywhere, writeConnectionFiles } from './chaincode-lifecycle.ts';
import {
    applicationOrgsOf,
    configUpdateDir,
    configUpdateEnvelope,
    fetchChannelConfig,
    majoritySigners,
    signConfigUpdate,
    submitConfigUpdate,
    withApplicationOrg,
    type ConfigGroup,
} from './channel-update.ts';
import { CHANNEL_PROFILE, channelConfig, cryptoConfig, genesisBlock } from './fabric-config.ts';
import { fabricTool, peerAsAdmin } from './fabric-cli.ts';
import { gatewayUrl, writeGatewayConfigs } from './gateways.ts';
import { NEW_MSP_ID_PATTERN, ORG_KEY_PATTERN, readJoinedMembers, recordJoinedMember } from './joined-members.ts';
import { LocalNetwork, NetworkConfigurationError } from './local-network.ts';
import { writeState } from './network-state.ts';
import { chaincodeServerName, chaincodeServerSpec, gatewayName, gatewaySpec, peerSpec } from './node-specs.ts';
import { isPortFree, waitForHealth, waitForPort } from './processes.ts';
import { admitToRegistry } from './registry-admission.ts';
import { portsOf, withMembers, type PeerOrg, type Topology } from './topology.ts';

/**
 * `add-org`: a new member joins the running local network end to end, with Fabric's own tools and in the order an
 * institution joining a real consortium goes through (docs/joining.md):
 *
 * 1. its crypto material (cryptogen here; the institution's own CA in production);
 * 2. a channel configuration update adding its MSP definition (policies as every member's, anchor peer), computed by
 *    configtxlator and signed by the admins of a strict majority of the members (`Application/Admins` is
 *    `MAJORITY Admins`);
 * 3. its peer started and joined to the channel from the genesis block, catching up from the ordering service;
 * 4. the chaincode package installed on its peer and its own chaincode server started;
 * 5. the chaincode definition's next sequence, naming the new member in the endorsement policy, approved by every
 *    member (a majority is what commits it; a member that did not approve could no longer endorse) and committed;
 * 6. its REST gateway started;
 * 7. the membership registry record: proposed and approved by a majority of the members' admins;
 * 8. the instance remembers the member (joined-members.json), so `up`, `down` and `status` keep running it.
 */

/** The member to add. */
export interface NewMember {
    readonly key: string;
    readonly mspId: string;
    readonly roles: readonly MemberRole[];
}

/** How long each step of an addition took, in milliseconds, and the total. */
export interface AddOrgReport {
    readonly org: PeerOrg;
    readonly signers: readonly string[];
    readonly sequence: number;
    readonly steps: Readonly<Record<string, number>>;
    readonly totalMillis: number;
}

type Log = (line: string) => void;

/**
 * Checks a member to add against the instance: a valid key, MSP ID and roles, and neither key nor MSP ID in use.
 *
 * @throws {@link NetworkConfigurationError} naming what is wrong.
 */
export function checkNewMember(topology: Topology, member: NewMember): void {
    if (!ORG_KEY_PATTERN.test(member.key)) {
        throw new NetworkConfigurationError(`organisation key "${member.key}" must match ${ORG_KEY_PATTERN.source}`);
    }
    if (!NEW_MSP_ID_PATTERN.test(member.mspId)) {
        throw new NetworkConfigurationError(`MSP ID "${member.mspId}" must match ${NEW_MSP_ID_PATTERN.source}`);
    }
    if (member.roles.length === 0 || !member.roles.every(isMemberRole)) {
        throw new NetworkConfigurationError(`roles must be one or more of the member roles, got "${member.roles}"`);
    }
    const clash = topology.orgs.find((org) => org.key === member.key || org.mspId === member.mspId);
    if (clash) {
        throw new NetworkConfigurationError(`${clash.key} (${clash.mspId}) is already an organisation of the network`);
    }
}

/**
 * Adds a member to the running network of `network`'s instance.
 *
 * @throws {@link NetworkConfigurationError} when the network is not running or the member is invalid or taken;
 *   FabricCommandError when a Fabric tool refuses a step.
 */
export async function addOrg(network: LocalNetwork, member: NewMember, log: Log = console.log): Promise<AddOrgReport> {
    const started = Date.now();
    const steps: Record<string, number> = {};
    const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
        log(name);
        const at = Date.now();
        const value = await run();
        steps[name] = Date.now() - at;
        return value;
    };
    const state = network.state;
    const members = network.topology.orgs;
    if (!state || !members.every((org) => network.processes.isRunning(org.peerName))) {
        throw new NetworkConfigurationError('add-org needs the running network: start it first');
    }
    checkNewMember(network.topology, member);
    const topology = withMembers(network.topology, [member]);
    const org = topology.orgs.at(-1)!;
    for (const { port, purpose } of portsOf({ ...topology, orgs: [org] }).filter((p) =>
        p.purpose.startsWith(`${org.key} `),
    )) {
        if (!(await isPortFree(port))) {
            throw new NetworkConfigurationError(`port ${port} (${purpose}) of the new member is already in use`);
        }
    }
    const extended = new LocalNetwork(topology, () => undefined);
    const fabric = network.fabric;
    const signers = majoritySigners(members);
    const sequence = state.chaincode.sequence + 1;

    // Until the member is recorded, down and up do not know its processes: a failed addition stops them itself
    // (its material and the channel's configuration stay, and a repeated add-org takes up where this one stopped).
    try {
        await step(`Generating ${member.mspId}'s crypto material`, async () => {
            const config = join(topology.artifactsDir, `crypto-config-${member.key}.yaml`);
            const { PeerOrgs } = cryptoConfig(topology);
            const entry = PeerOrgs.find((o) => o.Domain === org.domain);
            writeFileSync(config, JSON.stringify({ OrdererOrgs: [], PeerOrgs: [entry] }, null, 2));
            await fabricTool(fabric, 'cryptogen', ['generate', `--config=${config}`, `--output=${topology.cryptoDir}`]);
            writeConnectionFiles({ ...topology, orgs: [org] });
        });

        await step(
            `Adding ${member.mspId} to channel configuration, signed by ${signers.map((s) => s.mspId).join(', ')}`,
            () =>
                network.withOrdererRetry(async (orderer) => {
                    const dir = configUpdateDir(topology, `add-${member.key}`);
                    const original = await fetchChannelConfig(topology, fabric, members[0]!, orderer, dir);
                    if (applicationOrgsOf(original).includes(member.mspId)) {
                        return; // an earlier, interrupted run got this far
                    }
                    const orgGroup = await printOrg(topology, fabric, org);
                    const updated = withApplicationOrg(original, member.mspId, orgGroup, [
                        { host: '127.0.0.1', port: org.peerPort },
                    ]);
                    const envelope = await configUpdateEnvelope(
                        topology,
                        fabric,
                        `add-${member.key}`,
                        original,
                        updated,
                    );
                    for (const admin of signers.slice(0, -1)) {
                        await signConfigUpdate(topology, fabric, admin, envelope);
                    }
                    await submitConfigUpdate(topology, fabric, signers.at(-1)!, orderer, envelope);
                }),
        );

        await step(`Starting ${org.peerName} and joining it to the channel`, async () => {
            const spec = peerSpec(topology, fabric, org);
            network.processes.start(spec);
            await waitForHealth(`http://127.0.0.1:${org.operationsPort}/healthz`, spec.name, {
                isAlive: () => network.processes.isRunning(spec.name),
                logFile: network.processes.logFile(spec.name),
            });
            await waitForPort(org.peerPort, `${spec.name} listener`, 30_000, network.processes.logFile(spec.name));
            await peerAsAdmin(topology, fabric, org, ['channel', 'join', '-b', genesisBlock(topology)]).catch(
                (error: unknown) => {
                    if (!/already exists/.test(String((error as Error).message))) {
                        throw error;
                    }
                },
            );
            await caughtUp(extended, org, members);
        });

        const pkg = {
            label: state.chaincode.label,
            packageId: state.chaincode.packageId,
            file: join(topology.artifactsDir, `${state.chaincode.label}.tgz`),
        };
        await step(`Installing ${pkg.label} on ${org.peerName} and starting its chaincode server`, async () => {
            await installEverywhere({ ...topology, orgs: [org] }, fabric, pkg);
            const spec = chaincodeServerSpec(org, pkg.packageId);
            network.processes.start(spec);
            await waitForPort(
                org.chaincodeServerPort,
                chaincodeServerName(org),
                30_000,
                network.processes.logFile(spec.name),
            );
        });

        await step(
            `Approving and committing sequence ${sequence}, ${member.mspId} in the endorsement policy`,
            async () => {
                await network.withOrdererRetry((orderer) =>
                    approveEverywhere(topology, fabric, orderer, pkg, sequence),
                );
                await caughtUp(extended, org, members);
                await network.withOrdererRetry((orderer) => commitDefinition(topology, fabric, orderer, sequence));
                writeState(topology, {
                    ...state,
                    chaincode: { ...state.chaincode, sequence, committedAt: new Date().toISOString() },
                });
            },
        );

        await step(`Starting ${member.mspId}'s REST gateway`, async () => {
            await extended.waitForMembership();
            await writeGatewayConfigs(topology);
            const spec = gatewaySpec(topology, org);
            network.processes.start(spec);
            await waitForHealth(`${gatewayUrl(org)}/readyz`, spec.name, {
                timeoutMillis: 120_000,
                isAlive: () => network.processes.isRunning(spec.name),
                logFile: network.processes.logFile(spec.name),
            });
        });

        await step(`Recording ${member.mspId} (${member.roles.join(', ')}) in the membership registry`, () =>
            network.withOrdererRetry((orderer) =>
                admitToRegistry(topology, fabric, orderer, { members, approvers: signers, ...member }),
            ),
        );
    } catch (error) {
        for (const name of [gatewayName(org), chaincodeServerName(org), org.peerName]) {
            await network.processes.stop(name);
        }
        throw error;
    }

    if (!readJoinedMembers(topology.dataDir).some((m) => m.mspId === member.mspId)) {
        recordJoinedMember(topology.dataDir, {
            ...member,
            roles: [...member.roles],
            joinedAt: new Date().toISOString(),
        });
    }
    return { org, signers: signers.map((s) => s.mspId), sequence, steps, totalMillis: Date.now() - started };
}

/**
 * The new organisation's group as `configtxgen -printOrg` prints it, from the same organisation definition the
 * founding members' channel was generated with (fabric-config.ts): the same Readers, Writers, Admins and
 * Endorsement policies, over its own MSP.
 */
async function printOrg(topology: Topology, fabric: FabricInstall, org: PeerOrg): Promise<ConfigGroup> {
    const definition = channelConfig(topology).Profiles[CHANNEL_PROFILE].Application.Organizations.find(
        (o) => o.ID === org.mspId,
    );
    const dir = join(topology.configDir, `join-${org.key}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'configtx.yaml'), JSON.stringify({ Organizations: [definition] }, null, 2));
    const output = await fabricTool(fabric, 'configtxgen', ['-printOrg', org.mspId], {
        FABRIC_CFG_PATH: dir,
        FABRIC_LOGGING_SPEC: 'error',
    });
    return JSON.parse(output.slice(output.indexOf('{'), output.lastIndexOf('}') + 1)) as ConfigGroup;
}

/** Waits until the new organisation's peer holds as many blocks as the members' first peer. */
async function caughtUp(
    network: LocalNetwork,
    org: PeerOrg,
    members: readonly PeerOrg[],
    timeoutMillis = 120_000,
): Promise<void> {
    const deadline = Date.now() + timeoutMillis;
    for (;;) {
        const [target, height] = await Promise.all([
            network.channelHeight(members[0]!),
            network.channelHeight(org).catch(() => 0),
        ]);
        if (height >= target) {
            return;
        }
        if (Date.now() > deadline) {
            throw new NetworkConfigurationError(`${org.peerName} is at block ${height} of ${target}; see its log`);
        }
        await sleep(250);
    }
}
