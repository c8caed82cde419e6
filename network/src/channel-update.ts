import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { majorityOf } from '@lendledger/domain';
import { type FabricInstall } from './binaries.ts';
import { fabricTool, ordererArgs, peerAsAdmin } from './fabric-cli.ts';
import { CHANNEL, type OrdererNode, type PeerOrg, type Topology } from './topology.ts';

/**
 * A change to the channel's configuration the way Fabric makes one: the current config block fetched from the
 * ordering service, decoded and edited as JSON, the difference computed by `configtxlator compute_update`, wrapped in
 * an envelope, signed by the admins the modification policy asks for and submitted with `peer channel update`.
 * The channel's `Application/Admins` policy is `MAJORITY Admins` (fabric-config.ts), so a strict majority of the
 * member organisations' admins must sign a change to the member list.
 */

/** The protobuf-JSON shape of a config group, as far as adding an organisation touches it. */
export interface ConfigGroup {
    readonly groups?: Readonly<Record<string, ConfigGroup>>;
    readonly values?: Readonly<Record<string, unknown>>;
    readonly policies?: Readonly<Record<string, unknown>>;
    readonly mod_policy?: string;
    readonly version?: string;
}

/** The protobuf-JSON shape of a channel configuration (common.Config). */
export interface ChannelConfigJson {
    readonly channel_group: ConfigGroup & { readonly groups: Readonly<Record<string, ConfigGroup>> };
    readonly sequence?: string;
}

/** The member organisations of a channel configuration (its Application groups), by MSP ID. */
export function applicationOrgsOf(config: ChannelConfigJson): string[] {
    return Object.keys(config.channel_group.groups.Application?.groups ?? {}).sort();
}

/**
 * The configuration with one more Application organisation: its group as `configtxgen -printOrg` prints it, with
 * its anchor peers set so the other members' peers find it through gossip.
 *
 * @throws Error when the organisation is already a member or the configuration has no Application group.
 */
export function withApplicationOrg(
    config: ChannelConfigJson,
    mspId: string,
    orgGroup: ConfigGroup,
    anchorPeers: readonly { readonly host: string; readonly port: number }[],
): ChannelConfigJson {
    const application = config.channel_group.groups.Application;
    if (!application) {
        throw new Error('the channel configuration has no Application group');
    }
    if (application.groups?.[mspId]) {
        throw new Error(`${mspId} is already a member of the channel`);
    }
    const group: ConfigGroup = {
        ...orgGroup,
        values: {
            ...orgGroup.values,
            AnchorPeers: { mod_policy: 'Admins', value: { anchor_peers: anchorPeers }, version: '0' },
        },
    };
    return {
        ...config,
        channel_group: {
            ...config.channel_group,
            groups: {
                ...config.channel_group.groups,
                Application: { ...application, groups: { ...application.groups, [mspId]: group } },
            },
        },
    };
}

/**
 * Who signs a change of the member list: the first strict majority of the current members, in the topology's order
 * (the last of them submits, which signs too).
 */
export function majoritySigners(members: readonly PeerOrg[]): PeerOrg[] {
    return members.slice(0, majorityOf(members.length));
}

/** The folder of one configuration update's working files. */
export function configUpdateDir(topology: Topology, name: string): string {
    const dir = join(topology.artifactsDir, 'config-updates', name);
    mkdirSync(dir, { recursive: true });
    return dir;
}

/** The channel's current configuration, fetched by a member's admin from the ordering service and decoded. */
export async function fetchChannelConfig(
    topology: Topology,
    fabric: FabricInstall,
    admin: PeerOrg,
    orderer: OrdererNode,
    dir: string,
): Promise<ChannelConfigJson> {
    const block = join(dir, 'config_block.pb');
    await peerAsAdmin(topology, fabric, admin, [
        'channel',
        'fetch',
        'config',
        block,
        '-c',
        CHANNEL,
        ...ordererArgs(orderer),
    ]);
    const decoded = join(dir, 'config_block.json');
    await fabricTool(fabric, 'configtxlator', [
        'proto_decode',
        '--input',
        block,
        '--type',
        'common.Block',
        '--output',
        decoded,
    ]);
    const parsed = JSON.parse(readFileSync(decoded, 'utf8')) as {
        data: { data: { payload: { data: { config: ChannelConfigJson } } }[] };
    };
    const config = parsed.data.data[0]?.payload.data.config;
    if (!config) {
        throw new Error(`${decoded} holds no channel configuration`);
    }
    return config;
}

/**
 * The signed-envelope file of the update from `original` to `updated`, computed by configtxlator, not yet signed.
 */
export async function configUpdateEnvelope(
    topology: Topology,
    fabric: FabricInstall,
    name: string,
    original: ChannelConfigJson,
    updated: ChannelConfigJson,
): Promise<string> {
    const dir = configUpdateDir(topology, name);
    const lator = (args: readonly string[]): Promise<string> => fabricTool(fabric, 'configtxlator', args);
    const encode = async (value: unknown, type: string, file: string): Promise<string> => {
        writeFileSync(join(dir, `${file}.json`), JSON.stringify(value));
        const output = join(dir, `${file}.pb`);
        await lator(['proto_encode', '--input', join(dir, `${file}.json`), '--type', type, '--output', output]);
        return output;
    };
    const originalPb = await encode(original, 'common.Config', 'original');
    const updatedPb = await encode(updated, 'common.Config', 'updated');
    const updatePb = join(dir, 'update.pb');
    await lator([
        'compute_update',
        '--channel_id',
        CHANNEL,
        '--original',
        originalPb,
        '--updated',
        updatedPb,
        '--output',
        updatePb,
    ]);
    const updateJson = join(dir, 'update.json');
    await lator(['proto_decode', '--input', updatePb, '--type', 'common.ConfigUpdate', '--output', updateJson]);
    const envelope = {
        payload: {
            header: { channel_header: { channel_id: CHANNEL, type: 2 } },
            data: { config_update: JSON.parse(readFileSync(updateJson, 'utf8')) as unknown },
        },
    };
    return encode(envelope, 'common.Envelope', 'envelope');
}

/** The update signed by one member's admin (`peer channel signconfigtx`, which adds a signature to the file). */
export async function signConfigUpdate(
    topology: Topology,
    fabric: FabricInstall,
    admin: PeerOrg,
    envelope: string,
): Promise<void> {
    await peerAsAdmin(topology, fabric, admin, ['channel', 'signconfigtx', '-f', envelope]);
}

/** Submits the update to the ordering service as one member's admin, whose signature is added as it goes. */
export async function submitConfigUpdate(
    topology: Topology,
    fabric: FabricInstall,
    admin: PeerOrg,
    orderer: OrdererNode,
    envelope: string,
): Promise<void> {
    await peerAsAdmin(topology, fabric, admin, [
        'channel',
        'update',
        '-f',
        envelope,
        '-c',
        CHANNEL,
        ...ordererArgs(orderer),
    ]);
}
