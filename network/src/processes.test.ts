import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessTable, type ProcessSpec } from './processes.ts';

/**
 * Whether a process counts as running. A PID file is trusted only while /proc shows the recorded command, so a
 * recycled PID is never signalled; but a child the table has just spawned may still be inside execve, where /proc
 * shows an empty command line, and a start-up that waits for it must not take it for dead (a first start on a busy
 * machine failed "tsa … exited during start-up" while the TSA ran). The empty command line is made here with
 * `process.title = ''`, which blanks the argument area as the exec window does.
 */
const dirs: string[] = [];
/** Every PID a test started, killed afterwards by number (the table rightly refuses some of them). */
const started: number[] = [];

function tableIn(dir: string): ProcessTable {
    const table = new ProcessTable({ runDir: join(dir, 'run'), logsDir: join(dir, 'logs') });
    const start = table.start.bind(table);
    table.start = (spec) => {
        const pid = start(spec);
        started.push(pid);
        return pid;
    };
    return table;
}

function nodeSpec(name: string, script: string): ProcessSpec {
    return { name, command: process.execPath, args: ['-e', script], env: {} };
}

async function commandLineOf(pid: number, wanted: (command: string) => boolean): Promise<string> {
    for (let attempt = 0; attempt < 200; attempt++) {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
        if (wanted(command)) {
            return command;
        }
        await sleep(25);
    }
    throw new Error(`process ${pid} never showed the wanted command line`);
}

/** The parent PID /proc states for a live process, or undefined once it is gone or a zombie. */
function liveParentOf(pid: number): number | undefined {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return state === 'Z' ? undefined : Number(parent);
    } catch {
        return undefined;
    }
}

afterEach(() => {
    // Only a live child of this worker: a PID the test already killed may have been reaped and reused.
    for (const pid of started.splice(0)) {
        if (liveParentOf(pid) === process.pid) {
            process.kill(pid, 'SIGKILL');
        }
    }
    for (const dir of dirs.splice(0)) {
        rmSync(dir, { recursive: true, force: true });
    }
});

describe('ProcessTable', () => {
    const fresh = (): string => {
        const dir = mkdtempSync(join(tmpdir(), 'lendledger-processes-'));
        dirs.push(dir);
        return dir;
    };

    it('counts its own live child as running while /proc shows an empty command line', async () => {
        const dir = fresh();
        const table = tableIn(dir);
        const pid = table.start(nodeSpec('blank', "process.title = ''; setTimeout(() => {}, 60_000);"));
        await commandLineOf(pid, (command) => command === '');
        expect(table.isRunning('blank')).toBe(true);
        expect(table.pidOf('blank')).toBe(pid);
        // Another table (a later run reading the same PID file) did not spawn it: an empty command line is not ours.
        expect(tableIn(dir).isRunning('blank')).toBe(false);
        expect(table.kill('blank')).toBe(true);
        for (let attempt = 0; attempt < 100 && table.isRunning('blank'); attempt++) {
            await sleep(20);
        }
        expect(table.isRunning('blank')).toBe(false);
    });

    it('trusts a PID file from an earlier run only while /proc shows the recorded command', async () => {
        const dir = fresh();
        const pid = tableIn(dir).start(nodeSpec('plain', 'setTimeout(() => {}, 60_000);'));
        await commandLineOf(pid, (command) => command === process.execPath);
        expect(tableIn(dir).pidOf('plain')).toBe(pid);
        const renamed = tableIn(dir).start(
            nodeSpec('renamed', "process.title = 'something-else'; setTimeout(() => {}, 60_000);"),
        );
        await commandLineOf(renamed, (command) => command.startsWith('something-else'));
        expect(tableIn(dir).isRunning('renamed')).toBe(false);
    });

    it('counts a child as running from the moment start returns', () => {
        const table = tableIn(fresh());
        for (let i = 0; i < 20; i++) {
            const name = `early-${i}`;
            table.start(nodeSpec(name, 'setTimeout(() => {}, 60_000);'));
            expect(table.isRunning(name)).toBe(true);
            table.kill(name);
        }
    });
});
