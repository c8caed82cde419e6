import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, topologyOf } from '@lendledger/network/topology.ts';

/** Runs the network entry script the way a person does, with a deliberately broken environment. */
function networkScript(args: readonly string[], env: Record<string, string>): { status: number; output: string } {
    const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'network.sh'), ...args], {
        encoding: 'utf8',
        env: { ...process.env, LENDLEDGER_NODE: process.execPath, ...env },
        timeout: 120_000,
    });
    return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

function scratch(): string {
    return mkdtempSync(join(tmpdir(), 'lendledger-badcfg-'));
}

describe('bad configuration fails fast with a message that says what to do', () => {
    let occupied: Server | undefined;

    afterEach(async () => {
        await new Promise<void>((resolve) => (occupied ? occupied.close(() => resolve()) : resolve()));
        occupied = undefined;
    });

    it('names the missing Fabric binaries when FABRIC_BIN_DIR lacks them', () => {
        const binDir = scratch();
        writeFileSync(join(binDir, 'peer'), '#!/bin/sh\n');
        chmodSync(join(binDir, 'peer'), 0o755);
        const { status, output } = networkScript(['up', '--instance', 'test'], {
            FABRIC_BIN_DIR: binDir,
            LENDLEDGER_DATA_DIR: scratch(),
        });
        expect(status).toBe(1);
        expect(output).toContain('lacks orderer, osnadmin, configtxgen, cryptogen, configtxlator');
        expect(output).toContain('official Fabric v3.1 release');
    });

    it('says how to get Fabric when neither binaries nor Go are available', () => {
        const { status, output } = networkScript(['binaries'], {
            LENDLEDGER_CACHE_DIR: scratch(),
            GO: '/nonexistent/go',
        });
        expect(status).toBe(1);
        expect(output).toMatch(/Go was not found to build them\. Install Go 1\.24\.2 or newer/);
        expect(output).toContain('FABRIC_BIN_DIR');
    });

    it('names a port that another program holds, and writes no state', async () => {
        const dataDir = join(scratch(), 'network');
        occupied = createServer();
        await new Promise<void>((resolve) => occupied!.listen(27050, '127.0.0.1', resolve));
        const { status, output } = networkScript(['up', '--instance', 'test'], {
            LENDLEDGER_PORT_BASE: '27000',
            LENDLEDGER_DATA_DIR: dataDir,
        });
        expect(status).toBe(1);
        const firstOrderer = topologyOf('test', { LENDLEDGER_PORT_BASE: '27000' }).orderers[0]!;
        expect(firstOrderer.port).toBe(27050);
        expect(output).toContain(`port 27050 (${firstOrderer.name} listener) is already in use`);
        expect(output).toContain('LENDLEDGER_PORT_BASE');
        expect(existsSync(dataDir)).toBe(false);
    });

    it('lists every problem of an invalid topology file with where it is, and writes no state', () => {
        const dir = scratch();
        const file = join(dir, 'topology.json');
        const dataDir = join(dir, 'network');
        const organisations = [
            { key: 'bank', mspId: 'BankMSP', roles: ['bank'] },
            { key: 'bank', mspId: 'Bank2MSP', roles: ['lender'] },
        ];
        writeFileSync(
            file,
            JSON.stringify({ instances: { test: { portBase: 27000, dataDir, orderers: 3, organisations } } }),
        );
        const { status, output } = networkScript(['up', '--instance', 'test'], { LENDLEDGER_TOPOLOGY: file });
        expect(status).toBe(1);
        expect(output).toContain(`error: invalid topology file ${file}:`);
        expect(output).toContain('/instances/test/organisations/1/roles/0');
        expect(output).not.toMatch(/^\s+at /m);
        expect(existsSync(dataDir)).toBe(false);
    });

    it('refuses a Node older than 24', () => {
        const dir = scratch();
        const fakeNode = join(dir, 'node');
        writeFileSync(fakeNode, '#!/bin/sh\necho v20.20.2\n');
        chmodSync(fakeNode, 0o755);
        const { status, output } = networkScript(['status'], { LENDLEDGER_NODE: fakeNode });
        expect(status).toBe(1);
        expect(output).toContain('is Node v20.20.2, but this project needs Node 24 LTS');
    });
});
