import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayConfigPath } from '@lendledger/network/gateways.ts';
import { isPortFree } from '@lendledger/network/processes.ts';
import { REPO_ROOT, type PeerOrg, type Topology } from '@lendledger/network/topology.ts';

/** Gateways a benchmark started, one per coalescing window, as `label=url` targets. */
export interface WindowGateways {
    readonly targets: readonly (readonly [string, string])[];
    stop(): Promise<void>;
}

/**
 * Starts one extra gateway of the organisation per coalescing window against the running instance, each with the
 * organisation's own configuration on a free port and a scratch data folder, the per-subject and per-address write
 * limits lifted (a benchmark's one token and address would otherwise meet them first), and waits until each answers
 * `/readyz`. The caller stops them.
 */
export async function startWindowGateways(
    topology: Topology,
    org: PeerOrg,
    windows: readonly number[],
    firstPort = 18190,
): Promise<WindowGateways> {
    const children: ChildProcess[] = [];
    const folders: string[] = [];
    const targets: [string, string][] = [];
    const stop = async (): Promise<void> => {
        await Promise.all(
            children.map(
                (child) =>
                    new Promise<void>((resolve) => {
                        if (child.exitCode !== null) {
                            resolve();
                            return;
                        }
                        child.once('exit', () => resolve());
                        child.kill('SIGTERM');
                    }),
            ),
        );
        folders.forEach((folder) => rmSync(folder, { recursive: true, force: true }));
    };
    try {
        let port = firstPort;
        for (const window of windows) {
            while (!(await isPortFree(port))) {
                port++;
            }
            const dataDir = mkdtempSync(join(tmpdir(), `lendledger-curve-${window}-`));
            folders.push(dataDir);
            children.push(
                spawn(
                    process.execPath,
                    [join(REPO_ROOT, 'gateway', 'dist', 'main.js'), '--config', gatewayConfigPath(topology, org)],
                    {
                        stdio: 'ignore',
                        env: {
                            ...process.env,
                            GATEWAY_COALESCE_WINDOW_MS: String(window),
                            GATEWAY_LISTEN_PORT: String(port),
                            GATEWAY_DATA_DIR: dataDir,
                            GATEWAY_LIMITS_WRITE_RATE_LIMIT_MAX: '0',
                            GATEWAY_LIMITS_ADDRESS_RATE_LIMIT_MAX: '0',
                            GATEWAY_LIMITS_MAX_QUEUED_SUBMITS: '1024',
                            GATEWAY_LOG_LEVEL: 'warn',
                        },
                    },
                ),
            );
            targets.push([String(window), `http://127.0.0.1:${port}`]);
            port++;
        }
        await Promise.all(targets.map(([, url]) => readyWithin(url, 30_000)));
    } catch (error) {
        await stop();
        throw error;
    }
    return { targets, stop };
}

async function readyWithin(url: string, millis: number): Promise<void> {
    const deadline = Date.now() + millis;
    while (Date.now() < deadline) {
        try {
            if ((await fetch(`${url}/readyz`)).ok) {
                return;
            }
        } catch {
            // Not listening yet.
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the gateway at ${url} was not ready within ${millis / 1000} s`);
}
