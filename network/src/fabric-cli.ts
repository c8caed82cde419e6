import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type FabricInstall } from './binaries.ts';
import { peerConfigDir } from './fabric-config.ts';
import { type OrdererNode, type PeerOrg, type Topology } from './topology.ts';

const run = promisify(execFile);

/** A Fabric command-line call that failed, with what it printed. */
export class FabricCommandError extends Error {
    readonly output: string;

    constructor(command: string, output: string) {
        super(`${command} failed: ${output.trim().split('\n').slice(-5).join('\n')}`);
        this.name = FabricCommandError.name;
        this.output = output;
    }
}

async function exec(binary: string, args: readonly string[], env: Record<string, string>): Promise<string> {
    try {
        const { stdout, stderr } = await run(binary, [...args], { env, maxBuffer: 64 * 1024 * 1024 });
        return stdout + stderr;
    } catch (error) {
        const failure = error as { stdout?: string; stderr?: string; message: string };
        throw new FabricCommandError(
            `${binary.split('/').pop()} ${args.slice(0, 3).join(' ')}`,
            `${failure.stdout ?? ''}${failure.stderr ?? failure.message}`,
        );
    }
}

/** Runs the `peer` CLI as the organisation's admin against the organisation's own peer. */
export function peerAsAdmin(
    topology: Topology,
    fabric: FabricInstall,
    org: PeerOrg,
    args: readonly string[],
): Promise<string> {
    return exec(join(fabric.binDir, 'peer'), args, {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        FABRIC_CFG_PATH: peerConfigDir(topology),
        FABRIC_LOGGING_SPEC: 'warning',
        CORE_PEER_TLS_ENABLED: 'true',
        CORE_PEER_TLS_ROOTCERT_FILE: org.tlsCaCert,
        CORE_PEER_ADDRESS: `127.0.0.1:${org.peerPort}`,
        CORE_PEER_LOCALMSPID: org.mspId,
        CORE_PEER_MSPCONFIGPATH: org.adminMspDir,
    });
}

/** Arguments that point a `peer` CLI call at an orderer over TLS. */
export function ordererArgs(orderer: OrdererNode): string[] {
    return ['-o', `127.0.0.1:${orderer.port}`, '--tls', '--cafile', orderer.tlsCaCert];
}

/**
 * Runs `osnadmin` against one orderer's admin endpoint as the admin of the organisation that runs it (mutual TLS):
 * the ordering organisation's with Raft, the operating member's with BFT.
 */
export function osnadmin(fabric: FabricInstall, orderer: OrdererNode, args: readonly string[]): Promise<string> {
    const tls = orderer.adminTlsDir;
    return exec(
        join(fabric.binDir, 'osnadmin'),
        [
            ...args,
            '-o',
            `127.0.0.1:${orderer.adminPort}`,
            '--ca-file',
            orderer.tlsCaCert,
            '--client-cert',
            join(tls, 'client.crt'),
            '--client-key',
            join(tls, 'client.key'),
        ],
        { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    );
}

/** Runs a Fabric tool that needs no identity (cryptogen, configtxgen). */
export function fabricTool(
    fabric: FabricInstall,
    tool: 'cryptogen' | 'configtxgen' | 'configtxlator',
    args: readonly string[],
    env: Record<string, string> = {},
): Promise<string> {
    return exec(join(fabric.binDir, tool), args, { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env });
}
