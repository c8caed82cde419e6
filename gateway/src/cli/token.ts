import { parseArgs } from 'node:util';
import { issueDevToken, loadOrCreateDevKey } from '../auth/dev-issuer.js';
import { ROLES } from '../auth/principal.js';
import { type Role } from '../config/gateway-config.js';
import { ConfigError, configFileOf, loadConfig } from '../config/load-config.js';

const USAGE = `Usage: token --config <gateway config> --subject <user> [--roles submitter,auditor,admin] [--ttl <seconds>]

Prints a bearer token from the development issuer of the gateway the configuration describes. Works only when
that configuration has mode=development and devIssuer.enabled=true; production tokens come from your identity
provider.`;

/** Prints a development token to stdout; exit code 2 for usage or configuration errors. */
async function main(argv: readonly string[]): Promise<number> {
    const { values } = parseArgs({
        args: [...argv],
        options: {
            config: { type: 'string' },
            subject: { type: 'string' },
            roles: { type: 'string', default: 'submitter' },
            ttl: { type: 'string' },
            help: { type: 'boolean' },
        },
    });
    if (values.help || !values.subject) {
        console.error(USAGE);
        return values.help ? 0 : 2;
    }
    const config = loadConfig({ file: values.config ?? configFileOf([], process.env), env: process.env });
    if (config.mode !== 'development' || !config.devIssuer.enabled) {
        console.error(
            'the development issuer is off for this gateway (needs mode=development and devIssuer.enabled=true)',
        );
        return 2;
    }
    const roles = rolesOf(values.roles);
    if (!(values.subject in config.identities)) {
        console.error(`warning: ${values.subject} has no Fabric identity at ${config.org}; the gateway will refuse it`);
    }
    const ttlSeconds = values.ttl ? ttlOf(values.ttl) : config.devIssuer.tokenTtlSeconds;
    const key = await loadOrCreateDevKey(config.devIssuer.keyPath);
    const token = await issueDevToken(key, {
        issuer: config.auth.issuer,
        audience: config.auth.audience,
        subject: values.subject,
        org: config.org,
        roles,
        ttlSeconds,
        orgClaim: config.auth.orgClaim,
        rolesClaim: config.auth.rolesClaim,
    });
    console.log(token);
    return 0;
}

const MAX_TTL_SECONDS = 86_400;

function ttlOf(value: string): number {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_TTL_SECONDS) {
        throw new ConfigError([`--ttl: expected whole seconds from 1 to ${MAX_TTL_SECONDS}, got "${value}"`]);
    }
    return Number(value);
}

function rolesOf(list: string): Role[] {
    const roles = list.split(',').map((role) => role.trim());
    const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
    if (unknown.length > 0) {
        throw new ConfigError([`--roles: unknown role(s) ${unknown.join(', ')}; known: ${ROLES.join(', ')}`]);
    }
    return roles as Role[];
}

try {
    process.exitCode = await main(process.argv.slice(2));
} catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
}
