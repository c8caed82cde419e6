import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type GatewayConfig } from './gateway-config.js';
import { type SettingSource, type SettingSpec } from './setting-types.js';
import { SETTINGS, envNameOf, settingLabel, type SettingKey } from './settings.js';

/** Start-up stops with this error; its message names every setting that is missing or invalid. */
export class ConfigError extends Error {
    readonly problems: readonly string[];

    constructor(problems: readonly string[]) {
        super(`invalid gateway configuration:\n  - ${problems.join('\n  - ')}`);
        this.name = ConfigError.name;
        this.problems = problems;
    }
}

/** Where {@link loadConfig} looks. */
export interface ConfigSources {
    /** JSON configuration file; relative paths inside it resolve against its folder. */
    readonly file?: string;
    readonly env?: Readonly<Record<string, string | undefined>>;
    readonly cwd?: string;
}

const IGNORED_FILE_KEYS = new Set(['$schema', '$comment', '_comment']);

/**
 * Reads the configuration file (if any) and the environment, applies defaults, and checks every setting.
 *
 * @throws {@link ConfigError} naming each missing or invalid setting with its environment variable.
 * @example loadConfig({ file: 'bank.json', env: process.env })
 */
export function loadConfig(sources: ConfigSources = {}): GatewayConfig {
    const env = sources.env ?? {};
    const cwd = sources.cwd ?? process.cwd();
    const file = sources.file ? readConfigFile(resolve(cwd, sources.file)) : { values: {}, baseDir: cwd };
    const problems = unknownFileKeys(file.values);
    const flat: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(SETTINGS) as [SettingKey, SettingSpec<unknown>][]) {
        try {
            flat[key] = readSetting(key, spec, file, env, cwd);
        } catch (error) {
            problems.push(`${settingLabel(key)}: ${(error as Error).message}`);
        }
    }
    if (problems.length === 0) {
        applyComputedDefaults(flat, cwd);
        problems.push(...crossCheck(flat));
    }
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    return nest(flat) as unknown as GatewayConfig;
}

/** The configuration file named by `--config <file>` or `GATEWAY_CONFIG`, if any. */
export function configFileOf(
    argv: readonly string[],
    env: Readonly<Record<string, string | undefined>>,
): string | undefined {
    const index = argv.indexOf('--config');
    if (index >= 0) {
        return argv[index + 1];
    }
    return env.GATEWAY_CONFIG || undefined;
}

interface ConfigFile {
    readonly values: Record<string, unknown>;
    readonly baseDir: string;
}

function readConfigFile(file: string): ConfigFile {
    let textValue: string;
    try {
        textValue = readFileSync(file, 'utf8');
    } catch (error) {
        throw new ConfigError([`configuration file ${file} (GATEWAY_CONFIG): ${(error as Error).message}`]);
    }
    let values: unknown;
    try {
        values = JSON.parse(textValue);
    } catch (error) {
        throw new ConfigError([`configuration file ${file}: not valid JSON: ${(error as Error).message}`]);
    }
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
        throw new ConfigError([`configuration file ${file}: expected a JSON object`]);
    }
    return { values: values as Record<string, unknown>, baseDir: dirname(file) };
}

function readSetting(
    key: string,
    spec: SettingSpec<unknown>,
    file: ConfigFile,
    env: Readonly<Record<string, string | undefined>>,
    cwd: string,
): unknown {
    const fromEnv = env[envNameOf(key)];
    if (fromEnv !== undefined && fromEnv !== '') {
        return spec.parse(fromEnv, { baseDir: cwd });
    }
    const fromFile = valueAt(file.values, key);
    if (fromFile !== undefined) {
        return spec.parse(fromFile, { baseDir: file.baseDir });
    }
    if (spec.default === undefined) {
        throw new Error('is required');
    }
    const source: SettingSource = { baseDir: cwd };
    return Array.isArray(spec.default) ? [...(spec.default as unknown[])] : spec.parse(spec.default, source);
}

function valueAt(values: Record<string, unknown>, key: string): unknown {
    let current: unknown = values;
    for (const part of key.split('.')) {
        if (typeof current !== 'object' || current === null || Array.isArray(current)) {
            return undefined;
        }
        current = (current as Record<string, unknown>)[part];
    }
    return current;
}

function unknownFileKeys(values: Record<string, unknown>, prefix = ''): string[] {
    const problems: string[] = [];
    for (const [name, value] of Object.entries(values)) {
        const key = prefix + name;
        if (IGNORED_FILE_KEYS.has(name) || Object.hasOwn(SETTINGS, key)) {
            continue;
        }
        const isGroup = Object.keys(SETTINGS).some((setting) => setting.startsWith(`${key}.`));
        if (isGroup && typeof value === 'object' && value !== null && !Array.isArray(value)) {
            problems.push(...unknownFileKeys(value as Record<string, unknown>, `${key}.`));
        } else {
            problems.push(`${key}: unknown setting in the configuration file`);
        }
    }
    return problems;
}

function applyComputedDefaults(flat: Record<string, unknown>, cwd: string): void {
    if (flat.dataDir === '') {
        flat.dataDir = join(cwd, '.data', 'gateway', String(flat.org));
    }
    if (flat['devIssuer.keyPath'] === '') {
        flat['devIssuer.keyPath'] = join(String(flat.dataDir), 'dev-issuer', 'signing-key.json');
    }
    // One roots bundle per gateway: configurations written before roots.path name it under its older names.
    if (flat['roots.path'] === '') {
        flat['roots.path'] = rootsPathsOf(flat)[0] ?? '';
    }
}

/** The roots bundle paths given under roots.path and its older names, each once. */
function rootsPathsOf(flat: Record<string, unknown>): string[] {
    const given = [flat['roots.path'], flat['package.rootsPath'], flat['notary.rootsPath']].map(String);
    return [...new Set(given.filter((value) => value !== ''))];
}

function crossCheck(flat: Record<string, unknown>): string[] {
    const problems = [
        ...authProblems(flat),
        ...notaryProblems(flat),
        ...peerProblems(flat),
        ...timestampingProblems(flat),
        ...webProblems(flat),
    ];
    if (Number(flat['retry.maxBackoffMs']) < Number(flat['retry.backoffMs'])) {
        problems.push(`${settingLabel('retry.maxBackoffMs')}: must not be below retry.backoffMs`);
    }
    if (Number(flat['events.reconnectMaxMs']) < Number(flat['events.reconnectInitialMs'])) {
        problems.push(`${settingLabel('events.reconnectMaxMs')}: must not be below reconnectInitialMs`);
    }
    return problems;
}

/** Tokens need keys: a JWKS URL or file, or the development issuer (in development mode only). */
function authProblems(flat: Record<string, unknown>): string[] {
    const problems: string[] = [];
    const devIssuer = flat['devIssuer.enabled'] === true;
    if (devIssuer && flat.mode !== 'development') {
        problems.push(`${settingLabel('devIssuer.enabled')}: needs mode=development`);
    }
    const jwksUrl = String(flat['auth.jwksUrl']);
    const jwksPath = String(flat['auth.jwksPath']);
    if (jwksUrl !== '' && jwksPath !== '') {
        problems.push('auth.jwksUrl / auth.jwksPath: give one of them, not both');
    }
    if (jwksUrl === '' && jwksPath === '' && !devIssuer) {
        problems.push(
            `${settingLabel('auth.jwksUrl')} / ${settingLabel('auth.jwksPath')}: one is required ` +
                'unless the development issuer is enabled',
        );
    }
    if (jwksUrl !== '' && !/^https?:\/\/\S+$/.test(jwksUrl)) {
        problems.push(`${settingLabel('auth.jwksUrl')}: "${jwksUrl}" is not an http(s) URL`);
    }
    if ((flat['auth.algorithms'] as string[]).length === 0) {
        problems.push(`${settingLabel('auth.algorithms')}: at least one algorithm is required`);
    }
    return problems;
}

/** A gateway signs requests to other members with one of its own identities. */
function peerProblems(flat: Record<string, unknown>): string[] {
    const signer = String(flat['peers.signingIdentity']);
    const identities = flat.identities as Record<string, unknown>;
    if (signer !== '' && !Object.hasOwn(identities, signer)) {
        return [`${settingLabel('peers.signingIdentity')}: "${signer}" is not a key of identities`];
    }
    return [];
}

/** Notary reports need the roots to verify against and the identity that signs; only the notary issues them. */
function notaryProblems(flat: Record<string, unknown>): string[] {
    const problems: string[] = [];
    if (rootsPathsOf(flat).length > 1) {
        problems.push(
            `${settingLabel('roots.path')}: package.rootsPath and notary.rootsPath are its older names; name one roots bundle`,
        );
    }
    const signer = String(flat['notary.signingIdentity']);
    if (signer === '') {
        return problems;
    }
    if (flat['roots.path'] === '') {
        problems.push(
            `${settingLabel('notary.signingIdentity')}: notary reports need roots.path, the bundle receipts are verified against`,
        );
    }
    if (!Object.hasOwn(flat.identities as object, signer)) {
        problems.push(`${settingLabel('notary.signingIdentity')}: "${signer}" is not a key of identities`);
    }
    if (!(flat.roles as readonly string[]).includes('notary')) {
        problems.push(
            `${settingLabel('notary.signingIdentity')}: only a notary's gateway issues reports; roles names no notary`,
        );
    }
    return problems;
}

/** A TSA is trusted only with its CA: the URL and the CA file come together. */
function timestampingProblems(flat: Record<string, unknown>): string[] {
    const url = String(flat['timestamping.url']);
    const caPath = String(flat['timestamping.caPath']);
    if ((url === '') !== (caPath === '')) {
        return ['timestamping.url / timestamping.caPath: give both to time-stamp blocks and reports, or neither'];
    }
    if (url !== '' && !/^https?:\/\/\S+$/.test(url)) {
        return [`${settingLabel('timestamping.url')}: "${url}" is not an http(s) URL`];
    }
    return [];
}

function webProblems(flat: Record<string, unknown>): string[] {
    const problems: string[] = [];
    const reader = String(flat['web.publicReader']);
    if (reader !== '' && !Object.hasOwn(flat.identities as object, reader)) {
        problems.push(`${settingLabel('web.publicReader')}: "${reader}" is not a key of identities`);
    }
    const issuer = String(flat['web.oidc.issuer']);
    if ((issuer === '') !== (String(flat['web.oidc.clientId']) === '')) {
        problems.push('web.oidc.issuer / web.oidc.clientId: give both to sign users in with OIDC, or neither');
    }
    if (issuer !== '' && !isIssuerUrl(issuer)) {
        problems.push(
            `${settingLabel('web.oidc.issuer')}: "${issuer}" is not an http(s) URL of a host, optional port and path ` +
                '(no query, fragment, spaces, quotes, ; or ,)',
        );
    }
    // Each goes verbatim into the Content-Security-Policy header: only a bare origin may, nothing that could
    // end the directive or add a source expression.
    for (const origin of flat['web.oidc.connectOrigins'] as string[]) {
        if (!isOrigin(origin)) {
            problems.push(
                `${settingLabel('web.oidc.connectOrigins')}: "${origin}" is not an origin (https://host[:port])`,
            );
        }
    }
    return problems;
}

/**
 * An OIDC issuer the gateway can put in its Content-Security-Policy: `http(s)://host[:port][/path]`, the host DNS
 * labels or an IPv4 address, the path plain URL characters. Its origin goes into connect-src verbatim, so nothing
 * that ends a directive (`;`), separates a list (`,`), quotes or spaces may get through, and helmet would refuse
 * such a header on every request (500) rather than at start-up.
 */
function isIssuerUrl(value: string): boolean {
    const label = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
    const shape = new RegExp(`^https?://${label}(?:\\.${label})*(?::\\d{1,5})?(?:/[A-Za-z0-9._~!$&()*+=:@%/-]*)?$`);
    if (!shape.test(value)) {
        return false;
    }
    try {
        return /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?$/.test(new URL(value).origin);
    } catch {
        return false;
    }
}

function isOrigin(value: string): boolean {
    try {
        const url = new URL(value);
        return /^https?:$/.test(url.protocol) && url.origin === value;
    } catch {
        return false;
    }
}

function nest(flat: Record<string, unknown>): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(flat)) {
        const parts = key.split('.');
        let node = root;
        for (const part of parts.slice(0, -1)) {
            node[part] ??= {};
            node = node[part] as Record<string, unknown>;
        }
        node[parts.at(-1)!] = value;
    }
    return root;
}
