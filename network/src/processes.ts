import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Long-running node processes (orderers, peers, chaincode servers, gateways) are started detached, with their
 * output in one log folder and their PID in a file. They are stopped by that PID, never by name, and a PID is only
 * trusted while /proc shows the same command line, so a recycled PID is never signalled.
 */

export interface ProcessSpec {
    /** Unique name within the instance, e.g. "orderer0" or "peer0.bank.lendledger.test". */
    readonly name: string;
    readonly command: string;
    readonly args: readonly string[];
    readonly env: Readonly<Record<string, string>>;
    readonly cwd?: string;
}

interface PidRecord {
    readonly pid: number;
    readonly command: string;
}

export class ProcessTable {
    readonly #runDir: string;
    readonly #logsDir: string;
    /**
     * The PIDs this table spawned, by name. Right after spawn returns, the child may still be inside execve: the
     * kernel closes the close-on-exec pipe that ends spawn before it lays out the new command line, so /proc shows
     * an empty one for a moment (long enough on a loaded machine to fail a first start-up). A live child of ours
     * with an empty command line is still starting; any other command line must match, and a child leaves this map
     * when it exits, so a recycled PID is not taken for ours.
     */
    readonly #spawned = new Map<string, number>();

    constructor(options: Readonly<{ runDir: string; logsDir: string }>) {
        this.#runDir = options.runDir;
        this.#logsDir = options.logsDir;
    }

    logFile(name: string): string {
        return join(this.#logsDir, `${name}.log`);
    }

    #pidFile(name: string): string {
        return join(this.#runDir, `${name}.pid`);
    }

    #record(name: string): PidRecord | undefined {
        const file = this.#pidFile(name);
        if (!existsSync(file)) {
            return undefined;
        }
        try {
            return JSON.parse(readFileSync(file, 'utf8')) as PidRecord;
        } catch {
            return undefined;
        }
    }

    /** Names of every process with a PID file: all this table ever started and did not see stop. */
    recorded(): string[] {
        if (!existsSync(this.#runDir)) {
            return [];
        }
        return readdirSync(this.#runDir)
            .filter((file) => file.endsWith('.pid'))
            .map((file) => file.slice(0, -'.pid'.length));
    }

    /** The PID of the named process if it is running (and is still the process we started). */
    pidOf(name: string): number | undefined {
        const record = this.#record(name);
        if (!record) {
            return undefined;
        }
        try {
            const command = readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
            if (command === '' && this.#spawned.get(name) === record.pid) {
                return alive(record.pid) ? record.pid : undefined;
            }
            return command === record.command ? record.pid : undefined;
        } catch {
            return undefined;
        }
    }

    isRunning(name: string): boolean {
        return this.pidOf(name) !== undefined;
    }

    /** Starts the process detached, appending its output to its log file. No-op if it already runs. */
    start(spec: ProcessSpec): number {
        const running = this.pidOf(spec.name);
        if (running !== undefined) {
            return running;
        }
        mkdirSync(this.#runDir, { recursive: true });
        mkdirSync(this.#logsDir, { recursive: true });
        const log = openSync(this.logFile(spec.name), 'a');
        try {
            const child = spawn(spec.command, spec.args, {
                cwd: spec.cwd,
                env: { ...spec.env },
                detached: true,
                stdio: ['ignore', log, log],
            });
            if (child.pid === undefined) {
                throw new Error(`could not start ${spec.name} (${spec.command})`);
            }
            child.unref();
            this.#spawned.set(spec.name, child.pid);
            // Node reaps the child and emits 'exit' in one callback: no later read sees its PID, reusable from then
            // on, still taken for ours.
            const pid = child.pid;
            child.once('exit', () => {
                if (this.#spawned.get(spec.name) === pid) {
                    this.#spawned.delete(spec.name);
                }
            });
            writeFileSync(this.#pidFile(spec.name), JSON.stringify({ pid: child.pid, command: spec.command }));
            return child.pid;
        } finally {
            closeSync(log);
        }
    }

    /** Sends SIGTERM, waits up to `graceMillis`, then SIGKILL. Returns whether a process was stopped. */
    async stop(name: string, graceMillis = 10_000): Promise<boolean> {
        const pid = this.pidOf(name);
        rmSync(this.#pidFile(name), { force: true });
        this.#spawned.delete(name);
        if (pid === undefined) {
            return false;
        }
        signal(pid, 'SIGTERM');
        const deadline = Date.now() + graceMillis;
        while (Date.now() < deadline) {
            if (!alive(pid)) {
                return true;
            }
            await sleep(100);
        }
        signal(pid, 'SIGKILL');
        while (alive(pid)) {
            await sleep(50);
        }
        return true;
    }

    /** Kills the process at once, as a crash would (for failure tests). */
    kill(name: string): boolean {
        const pid = this.pidOf(name);
        if (pid === undefined) {
            return false;
        }
        signal(pid, 'SIGKILL');
        return true;
    }
}

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
    } catch {
        return false;
    }
    // A killed child of ours may linger as a zombie until its parent reaps it; it no longer runs.
    try {
        return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
    } catch {
        return false;
    }
}

function signal(pid: number, name: NodeJS.Signals): void {
    try {
        process.kill(pid, name);
    } catch {
        // Already gone.
    }
}

/** True when nothing listens on the port on the loopback interface. */
export async function isPortFree(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const server = createServer();
        server.once('error', () => resolve(false));
        server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
    });
}

/**
 * Polls a health URL until it answers 200, the process dies, or the timeout passes.
 *
 * @throws Error naming the process and its log file.
 */
export async function waitForHealth(
    url: string,
    what: string,
    options: Readonly<{ timeoutMillis?: number; isAlive?: () => boolean; logFile?: string }> = {},
): Promise<void> {
    const deadline = Date.now() + (options.timeoutMillis ?? 60_000);
    const hint = options.logFile ? `; see ${options.logFile}` : '';
    while (Date.now() < deadline) {
        if (options.isAlive && !options.isAlive()) {
            throw new Error(`${what} exited during start-up${hint}`);
        }
        try {
            const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
            if (response.ok) {
                return;
            }
        } catch {
            // Not listening yet.
        }
        await sleep(200);
    }
    throw new Error(`${what} did not become healthy at ${url} in time${hint}`);
}

/** True when something accepts a TCP connection on the loopback port. */
export function acceptsConnections(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = connect({ port, host: '127.0.0.1' });
        socket.setTimeout(1000);
        socket.once('connect', () => {
            socket.destroy();
            resolve(true);
        });
        socket.once('timeout', () => {
            socket.destroy();
            resolve(false);
        });
        socket.once('error', () => resolve(false));
    });
}

/**
 * Polls until a TCP port accepts connections. It connects rather than binds, so it never holds the port a
 * starting server is about to bind.
 */
export async function waitForPort(port: number, what: string, timeoutMillis = 30_000, logFile?: string): Promise<void> {
    const deadline = Date.now() + timeoutMillis;
    while (Date.now() < deadline) {
        if (await acceptsConnections(port)) {
            return;
        }
        await sleep(200);
    }
    throw new Error(`${what} is not listening on port ${port}${logFile ? `; see ${logFile}` : ''}`);
}
