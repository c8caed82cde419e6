import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayConfig } from '@lendledger/network/gateways.ts';
import { type LocalNetwork } from '@lendledger/network/local-network.ts';
import { REPO_ROOT } from '@lendledger/network/topology.ts';
import { eventually, orgOf } from './test-network.ts';

type OrgKey = Parameters<typeof orgOf>[1];

/** A gateway process the test started beside the network's own, and stops. */
export interface ExtraGateway {
    readonly url: string;
    readonly port: number;
    /** Its log so far (for a failing test's message). */
    log(): string;
    stop(): Promise<void>;
}

/** A port nobody listens on now (the kernel's pick, released at once). */
export async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}

/**
 * Starts one more REST gateway of the organisation, in production mode, against the running network's peer: the
 * organisation's own configuration (gateways.ts) with the development issuer off, `overrides` merged over it (auth,
 * web.oidc...), its own port and data folder. Resolves once `/readyz` answers 200.
 */
export function startProductionGateway(
    network: LocalNetwork,
    key: OrgKey,
    port: number,
    overrides: Record<string, unknown>,
): Promise<ExtraGateway> {
    return startExtraGateway(network, key, port, overrides, true);
}

/**
 * Starts one more REST gateway of the organisation against the running network's peer, with its configuration
 * (`overrides` merged over its top level), its own port and data folder: in production mode, or as the network's
 * own gateways run (development issuer on), so that the suites' tokens work. Resolves once `/readyz` answers 200.
 */
export async function startExtraGateway(
    network: LocalNetwork,
    key: OrgKey,
    port: number,
    overrides: Record<string, unknown>,
    production: boolean,
): Promise<ExtraGateway> {
    const org = orgOf(network, key);
    const dir = mkdtempSync(join(tmpdir(), `lendledger-${key}-production-`));
    const base = gatewayConfig(network.topology, org);
    const config = {
        ...base,
        $comment: 'A gateway started by a test beside the network (test/support/production-gateway.ts)',
        ...(production ? { mode: 'production', devIssuer: { enabled: false } } : {}),
        listen: { host: '127.0.0.1', port },
        dataDir: join(dir, 'data'),
        ...overrides,
    };
    const file = join(dir, 'gateway.json');
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
    const logFile = join(dir, 'gateway.log');
    const out = openSync(logFile, 'a');
    const child: ChildProcess = spawn(
        process.execPath,
        [join(REPO_ROOT, 'gateway', 'dist', 'main.js'), '--config', file],
        {
            cwd: REPO_ROOT,
            env: { ...process.env, ...(production ? { NODE_ENV: 'production' } : {}) },
            stdio: ['ignore', out, out],
        },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const log = (): string => readFileSync(logFile, 'utf8');
    const url = `http://127.0.0.1:${port}`;
    const stop = async (): Promise<void> => {
        if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            await exited;
        }
    };
    const ready = eventually(
        async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined),
        'the extra gateway to be ready',
        120_000,
    );
    const died = exited.then(() => {
        throw new Error(`the extra gateway exited (${child.exitCode ?? child.signalCode})`);
    });
    // Once ready, the later exit (on stop) must not surface as an unhandled rejection; nor a late readiness failure.
    died.catch(() => undefined);
    ready.catch(() => undefined);
    try {
        await Promise.race([ready, died]);
    } catch (error) {
        await stop();
        throw new Error(`${(error as Error).message}\n${log().slice(-2_000)}`, { cause: error });
    }
    return { url, port, log, stop };
}
