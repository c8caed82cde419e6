import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FabricInstall } from './binaries.ts';
import { FabricCommandError, ordererArgs, peerAsAdmin } from './fabric-cli.ts';
import { ccaasConnectionFile } from './node-specs.ts';
import { CHAINCODE, CHANNEL, REPO_ROOT, type OrdererNode, type Topology } from './topology.ts';

/**
 * The chaincode's lifecycle on the channel: a chaincode-as-a-service package, installed on every peer, approved by
 * every organisation and committed with the explicit endorsement policy (the topology's `endorsementPolicy`).
 */

export const COLLECTIONS_CONFIG = join(REPO_ROOT, 'chaincode', 'collections.json');

export interface ChaincodePackage {
    readonly label: string;
    readonly file: string;
    readonly packageId: string;
}

function tarGz(cwd: string, files: readonly string[], output: string): void {
    // Fixed order, owner and time, and gzip without a name or timestamp: the same inputs give the same bytes,
    // hence the same package ID.
    const tar = execFileSync(
        'tar',
        ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-C', cwd, '-cf', '-', ...files],
        { maxBuffer: 16 * 1024 * 1024 },
    );
    writeFileSync(output, execFileSync('gzip', ['-n', '-9'], { input: tar, maxBuffer: 16 * 1024 * 1024 }));
}

/** Builds the ccaas package for a sequence; its package ID is label:sha256(package bytes), as the peer computes. */
export function packageChaincode(topology: Topology, sequence: number): ChaincodePackage {
    const label = `${CHAINCODE}_${sequence}`;
    const work = join(topology.artifactsDir, `package-${sequence}`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    // The address here is a placeholder: each peer's builder substitutes its own organisation's connection file.
    writeFileSync(
        join(work, 'connection.json'),
        JSON.stringify({ address: '127.0.0.1:0', dial_timeout: '10s', tls_required: true }),
    );
    writeFileSync(join(work, 'metadata.json'), JSON.stringify({ type: 'ccaas', label }));
    tarGz(work, ['connection.json'], join(work, 'code.tar.gz'));
    const file = join(topology.artifactsDir, `${label}.tgz`);
    tarGz(work, ['code.tar.gz', 'metadata.json'], file);
    const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
    return { label, file, packageId: `${label}:${digest}` };
}

/** Writes each organisation's chaincode connection file: its own server, TLS both ways. */
export function writeConnectionFiles(topology: Topology): void {
    for (const org of topology.orgs) {
        const file = ccaasConnectionFile(topology, org);
        mkdirSync(join(file, '..'), { recursive: true });
        const connection = {
            address: `127.0.0.1:${org.chaincodeServerPort}`,
            dial_timeout: '10s',
            tls_required: true,
            client_auth_required: true,
            root_cert: readFileSync(org.tlsCaCert, 'utf8'),
            client_cert: readFileSync(join(org.peerTlsDir, 'server.crt'), 'utf8'),
            client_key: readFileSync(join(org.peerTlsDir, 'server.key'), 'utf8'),
        };
        writeFileSync(file, JSON.stringify(connection, null, 2), { mode: 0o600 });
    }
}

function alreadyDone(error: unknown, patterns: readonly RegExp[]): boolean {
    return error instanceof FabricCommandError && patterns.some((pattern) => pattern.test(error.output));
}

/**
 * Runs the same admin command against every organisation's own peer (in parallel). Output matching one of
 * `alreadyDonePatterns` means an earlier, interrupted run got that far: that counts as success, so a retry can
 * repeat the whole step.
 */
async function onEveryPeer(
    topology: Topology,
    fabric: FabricInstall,
    args: readonly string[],
    alreadyDonePatterns: readonly RegExp[],
): Promise<void> {
    await Promise.all(
        topology.orgs.map(async (org) => {
            try {
                await peerAsAdmin(topology, fabric, org, args);
            } catch (error) {
                if (!alreadyDone(error, alreadyDonePatterns)) {
                    throw error;
                }
            }
        }),
    );
}

/** Installs the package on every peer; a package already installed counts as installed. */
export async function installEverywhere(
    topology: Topology,
    fabric: FabricInstall,
    pkg: ChaincodePackage,
): Promise<void> {
    await onEveryPeer(
        topology,
        fabric,
        ['lifecycle', 'chaincode', 'install', pkg.file],
        [/already successfully installed/],
    );
}

function definitionArgs(topology: Topology, sequence: number): string[] {
    const args = [
        '--channelID',
        CHANNEL,
        '--name',
        CHAINCODE,
        '--version',
        String(sequence),
        '--sequence',
        String(sequence),
        '--signature-policy',
        topology.endorsementPolicy,
    ];
    if (existsSync(COLLECTIONS_CONFIG)) {
        args.push('--collections-config', COLLECTIONS_CONFIG);
    }
    return args;
}

/** Every organisation approves the definition for its own peer; an unchanged approval counts as approved. */
export async function approveEverywhere(
    topology: Topology,
    fabric: FabricInstall,
    orderer: OrdererNode,
    pkg: ChaincodePackage,
    sequence: number,
): Promise<void> {
    await onEveryPeer(
        topology,
        fabric,
        [
            'lifecycle',
            'chaincode',
            'approveformyorg',
            ...ordererArgs(orderer),
            ...definitionArgs(topology, sequence),
            '--package-id',
            pkg.packageId,
        ],
        [/unchanged content/],
    );
}

/** Commits the approved definition, collecting the endorsements of every organisation's peer. */
export async function commitDefinition(
    topology: Topology,
    fabric: FabricInstall,
    orderer: OrdererNode,
    sequence: number,
): Promise<void> {
    const first = topology.orgs[0]!;
    const peers = topology.orgs.flatMap((org) => [
        '--peerAddresses',
        `127.0.0.1:${org.peerPort}`,
        '--tlsRootCertFiles',
        org.tlsCaCert,
    ]);
    await peerAsAdmin(topology, fabric, first, [
        'lifecycle',
        'chaincode',
        'commit',
        ...ordererArgs(orderer),
        ...definitionArgs(topology, sequence),
        ...peers,
    ]);
}

/** The sequence of the definition committed on the channel, or 0 if none. */
export async function committedSequence(topology: Topology, fabric: FabricInstall): Promise<number> {
    try {
        const output = await peerAsAdmin(topology, fabric, topology.orgs[0]!, [
            'lifecycle',
            'chaincode',
            'querycommitted',
            '--channelID',
            CHANNEL,
            '--name',
            CHAINCODE,
            '--output',
            'json',
        ]);
        return (JSON.parse(output) as { sequence: number }).sequence;
    } catch (error) {
        if (alreadyDone(error, [/namespace .* is not defined/])) {
            return 0;
        }
        throw error;
    }
}
