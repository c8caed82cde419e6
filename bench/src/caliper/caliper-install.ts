import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '@lendledger/network/topology.ts';

/**
 * Hyperledger Caliper lives outside the product's dependencies: bench/caliper/package.json is installed on first use
 * into the user's cache (`~/.cache/lendledger/caliper-<hash of that file>`, or `LENDLEDGER_CALIPER_DIR`), and bound
 * there to the Fabric Gateway SDK with `caliper bind --caliper-bind-sut fabric:fabric-gateway`. A changed
 * package.json gets a fresh folder; a finished installation is marked, so a broken one is redone.
 */
const PACKAGE = join(REPO_ROOT, 'bench', 'caliper', 'package.json');
const DONE = '.lendledger-installed';

/** The folder Caliper is (to be) installed in. */
export function caliperDir(env: NodeJS.ProcessEnv = process.env): string {
    if (env.LENDLEDGER_CALIPER_DIR) {
        return env.LENDLEDGER_CALIPER_DIR;
    }
    const cache = env.LENDLEDGER_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'lendledger');
    const hash = createHash('sha256').update(readFileSync(PACKAGE)).digest('hex').slice(0, 12);
    return join(cache, `caliper-${hash}`);
}

/** Installs Caliper if it is not yet, and answers the path of its command-line script. */
export function ensureCaliper(env: NodeJS.ProcessEnv = process.env): string {
    const dir = caliperDir(env);
    const cli = join(dir, 'node_modules', '@hyperledger', 'caliper-cli', 'caliper.js');
    if (existsSync(join(dir, DONE)) && existsSync(cli)) {
        return cli;
    }
    console.log(`Installing Hyperledger Caliper into ${dir} (once; about a minute)`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(PACKAGE, join(dir, 'package.json'));
    // npm beside the running Node, so Caliper is installed and run by the same version.
    const npm = join(dirname(process.execPath), process.platform === 'win32' ? 'npm.cmd' : 'npm');
    const run = (command: string, args: readonly string[]): void => {
        execFileSync(command, args, {
            cwd: dir,
            stdio: 'inherit',
            env: { ...env, PATH: `${dirname(process.execPath)}:${env.PATH ?? ''}` },
        });
    };
    run(existsSync(npm) ? npm : 'npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
    run(process.execPath, [cli, 'bind', '--caliper-bind-sut', 'fabric:fabric-gateway']);
    writeFileSync(join(dir, DONE), `${new Date().toISOString()}\n`);
    return cli;
}
