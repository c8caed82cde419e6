import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where the Fabric binaries come from. Either the user points FABRIC_BIN_DIR at the bin/ folder of an official
 * Fabric 3.1 release, or they are built once from the official Go module, pinned by commit, into a cache outside
 * the repository and reused from then on.
 *
 * The pin is Fabric v3.1.1 (commit 435a7f1a780a). `go install …@v3.1.x` cannot work because the module path has no
 * /v3 suffix, so the module is addressed by its pseudo-version; later v3.1 patch releases can be chosen with
 * FABRIC_MODULE_VERSION where the module proxy in use serves them.
 */

export const FABRIC_VERSION = '3.1.1';
export const FABRIC_COMMIT = '435a7f1a780a';
const DEFAULT_MODULE_VERSION = 'v1.4.0-rc1.0.20250510200036-435a7f1a780a';
const MODULE = 'github.com/hyperledger/fabric';
/** The go directive of Fabric 3.1.1's go.mod. */
const MIN_GO = [1, 24, 2] as const;

export const FABRIC_COMMANDS = ['peer', 'orderer', 'osnadmin', 'configtxgen', 'cryptogen', 'configtxlator'] as const;
const CONFIG_FILES = ['core.yaml', 'orderer.yaml', 'configtx.yaml'] as const;

export interface FabricInstall {
    readonly binDir: string;
    /** Folder holding Fabric's sample core.yaml and orderer.yaml, used as configuration templates. */
    readonly configTemplateDir: string;
    readonly version: string;
    readonly source: 'FABRIC_BIN_DIR' | 'cache' | 'built';
}

/** Raised when no usable Fabric can be found or built; its message says what to do. */
export class FabricBinariesError extends Error {
    constructor(message: string) {
        super(message);
        this.name = FabricBinariesError.name;
    }
}

function cacheRoot(env: NodeJS.ProcessEnv): string {
    return resolve(env.LENDLEDGER_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'lendledger'));
}

function missingIn(dir: string, names: readonly string[], executable: boolean): string[] {
    return names.filter((name) => {
        try {
            accessSync(join(dir, name), executable ? constants.X_OK : constants.R_OK);
            return false;
        } catch {
            return true;
        }
    });
}

/** The version a `peer` binary reports, e.g. "3.1.1". */
export function peerVersion(binDir: string): string {
    const output = execFileSync(join(binDir, 'peer'), ['version'], {
        encoding: 'utf8',
        env: { PATH: '/usr/bin:/bin' },
    });
    const match = /Version:\s*v?(\S+)/.exec(output);
    if (!match?.[1]) {
        throw new FabricBinariesError(`could not read the version from "${join(binDir, 'peer')} version"`);
    }
    return match[1];
}

function fromUserDirectory(binDir: string, env: NodeJS.ProcessEnv): FabricInstall {
    const missing = missingIn(binDir, FABRIC_COMMANDS, true);
    if (missing.length > 0) {
        throw new FabricBinariesError(
            `FABRIC_BIN_DIR=${binDir} lacks ${missing.join(', ')}. Point it at the bin/ folder of an official ` +
                `Fabric v3.1 release, or unset it to build Fabric ${FABRIC_VERSION} from source (needs Go).`,
        );
    }
    const configTemplateDir = resolve(env.FABRIC_CFG_TEMPLATE_DIR ?? join(binDir, '..', 'config'));
    const missingConfig = missingIn(configTemplateDir, CONFIG_FILES.slice(0, 2), false);
    if (missingConfig.length > 0) {
        throw new FabricBinariesError(
            `${configTemplateDir} lacks ${missingConfig.join(', ')}: set FABRIC_CFG_TEMPLATE_DIR to the config/ ` +
                'folder of the same Fabric release.',
        );
    }
    const version = peerVersion(binDir);
    if (!version.startsWith('3.')) {
        throw new FabricBinariesError(`FABRIC_BIN_DIR holds Fabric ${version}; this network needs Fabric v3.x.`);
    }
    return { binDir, configTemplateDir, version, source: 'FABRIC_BIN_DIR' };
}

function goVersion(env: NodeJS.ProcessEnv): number[] | undefined {
    const result = spawnSync(env.GO ?? 'go', ['env', 'GOVERSION'], { encoding: 'utf8', env });
    if (result.status !== 0) {
        return undefined;
    }
    const match = /go(\d+)\.(\d+)(?:\.(\d+))?/.exec(result.stdout);
    return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

function atLeast(version: readonly number[], minimum: readonly number[]): boolean {
    for (let i = 0; i < minimum.length; i++) {
        const a = version[i] ?? 0;
        const b = minimum[i] ?? 0;
        if (a !== b) {
            return a > b;
        }
    }
    return true;
}

function buildFromModule(target: string, env: NodeJS.ProcessEnv, log: (line: string) => void): void {
    const go = env.GO ?? 'go';
    const version = goVersion(env);
    if (!version) {
        throw new FabricBinariesError(
            `Fabric binaries are not in ${target} and Go was not found to build them. Install Go ` +
                `${MIN_GO.join('.')} or newer (only needed once, to build Fabric ${FABRIC_VERSION}), or set ` +
                'FABRIC_BIN_DIR to the bin/ folder of an official Fabric v3.1 release.',
        );
    }
    if (!atLeast(version, MIN_GO)) {
        throw new FabricBinariesError(
            `Go ${version.join('.')} is too old to build Fabric ${FABRIC_VERSION}; it needs Go ${MIN_GO.join('.')}+.`,
        );
    }
    const moduleVersion = env.FABRIC_MODULE_VERSION ?? DEFAULT_MODULE_VERSION;
    log(
        `Building Fabric ${FABRIC_VERSION} (${MODULE}@${moduleVersion}) into ${target}; this takes a few minutes once.`,
    );
    const goEnv = { ...env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod -buildvcs=false' };
    // `go install module@version` would refuse: it asks the proxy for the module's version list to look for a
    // deprecation notice, and Fabric's list is not served everywhere. Downloading the exact version and building
    // inside it needs only that version.
    const download = spawnSync(go, ['mod', 'download', '-json', `${MODULE}@${moduleVersion}`], {
        encoding: 'utf8',
        env: goEnv,
    });
    if (download.status !== 0) {
        throw new FabricBinariesError(
            `go mod download ${MODULE}@${moduleVersion} failed:\n${download.stdout}${download.stderr}`,
        );
    }
    const sourceDir = (JSON.parse(download.stdout) as { Dir: string }).Dir;
    const staging = `${target}.partial`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(join(staging, 'bin'), { recursive: true });
    mkdirSync(join(staging, 'config'), { recursive: true });
    const ldflags = [
        `-X ${MODULE}/common/metadata.Version=${FABRIC_VERSION}`,
        `-X ${MODULE}/common/metadata.CommitSHA=${FABRIC_COMMIT}`,
    ].join(' ');
    const build = spawnSync(
        go,
        [
            'build',
            '-trimpath',
            '-ldflags',
            ldflags,
            '-o',
            join(staging, 'bin') + '/',
            ...FABRIC_COMMANDS.map((c) => `./cmd/${c}`),
        ],
        { cwd: sourceDir, stdio: ['ignore', 'inherit', 'inherit'], env: goEnv },
    );
    if (build.status !== 0) {
        throw new FabricBinariesError(`go build of Fabric failed (exit ${build.status}); see the output above.`);
    }
    for (const file of CONFIG_FILES) {
        copyFileSync(join(sourceDir, 'sampleconfig', file), join(staging, 'config', file));
    }
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
}

/**
 * Finds the Fabric binaries, building them into the cache when needed.
 *
 * @throws {@link FabricBinariesError} with what is missing and how to get it.
 */
export function ensureFabric(
    env: NodeJS.ProcessEnv = process.env,
    log: (line: string) => void = console.log,
): FabricInstall {
    if (env.FABRIC_BIN_DIR) {
        return fromUserDirectory(resolve(env.FABRIC_BIN_DIR), env);
    }
    const target = join(cacheRoot(env), `fabric-${FABRIC_VERSION}-${FABRIC_COMMIT}`);
    const binDir = join(target, 'bin');
    const configTemplateDir = join(target, 'config');
    const complete = () =>
        existsSync(binDir) &&
        missingIn(binDir, FABRIC_COMMANDS, true).length === 0 &&
        missingIn(configTemplateDir, CONFIG_FILES, false).length === 0;
    let source: FabricInstall['source'] = 'cache';
    if (!complete() || peerVersion(binDir) !== FABRIC_VERSION) {
        buildFromModule(target, env, log);
        source = 'built';
    }
    const version = peerVersion(binDir);
    if (version !== FABRIC_VERSION) {
        throw new FabricBinariesError(
            `${binDir}/peer reports ${version}, expected ${FABRIC_VERSION}; delete ${target}.`,
        );
    }
    return { binDir, configTemplateDir, version, source };
}
