import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MEMBER_ROLES, type MemberRole } from '@lendledger/domain';
import { addOrg } from './add-org.ts';
import { FabricBinariesError } from './binaries.ts';
import { FabricCommandError } from './fabric-cli.ts';
import { LocalNetwork, NetworkConfigurationError, type NodeStatus } from './local-network.ts';
import { gatewayConfigPath, gatewayUrl, rootsBundlePath } from './gateways.ts';
import { CHAINCODE, CHANNEL, REPO_ROOT, topologyOf } from './topology.ts';
import { TopologyFileError } from './topology-file.ts';
import { tsaUrl } from './tsa/tsa-material.ts';

const USAGE = `Usage: network <command> [--instance dev|test]

Commands:
  up        start the network (bootstraps it the first time; a no-op when everything already runs)
  down      stop every process; the ledger is kept
  clean     stop and delete all state of the instance (ledgers, crypto material, logs)
  status    what runs, on which ports, and each peer's channel height
  logs      where the logs are, and the files in it
  upgrade   deploy the current chaincode build as the next chaincode sequence
  add-org   <key> <MSP ID> <role[,role]>: add a member to the running network (crypto material, channel update signed
            by a majority of admins, its peer, chaincode approval, registry record, its gateway), e.g.
            add-org platform3 Platform3MSP platform
  binaries  build or locate the Fabric binaries and print where they are
  token     <org> <user> [roles]: print a development token for a user of an organisation's gateway`;

function printStatus(network: LocalNetwork, statuses: readonly NodeStatus[]): void {
    const width = Math.max(...statuses.map((s) => s.name.length));
    for (const s of statuses) {
        const state = s.running ? `running (pid ${s.pid})` : 'stopped';
        const height = s.height === undefined ? '' : `  height ${s.height}`;
        console.log(
            `${s.name.padEnd(width)}  ${s.kind.padEnd(9)} ${state.padEnd(20)} ports ${s.ports.join(',')}${height}`,
        );
    }
    const chaincode = network.state?.chaincode;
    if (chaincode) {
        console.log(
            `\nchannel ${CHANNEL}, chaincode ${CHAINCODE} sequence ${chaincode.sequence} (${chaincode.packageId})`,
        );
        console.log(`endorsement policy ${network.topology.endorsementPolicy}`);
    }
    console.log(`data ${network.topology.dataDir}`);
}

function printGateways(network: LocalNetwork): void {
    const { orgs } = network.topology;
    console.log('\nMembers and their REST gateways (OpenAPI at /v1/openapi.json, interactive docs at /docs):');
    const keyWidth = Math.max(...orgs.map((org) => org.key.length));
    const mspWidth = Math.max(...orgs.map((org) => org.mspId.length));
    const rolesWidth = Math.max(...orgs.map((org) => org.roles.join(',').length));
    for (const org of orgs) {
        const roles = org.roles.join(',');
        console.log(
            `  ${org.key.padEnd(keyWidth)}  ${org.mspId.padEnd(mspWidth)}  ${roles.padEnd(rolesWidth)}  ` +
                `${gatewayUrl(org)}   config ${gatewayConfigPath(network.topology, org)}`,
        );
    }
    console.log('\nThe web application of each member (sign-in; the public verification page needs none):');
    for (const org of orgs) {
        console.log(`  ${org.key.padEnd(keyWidth)}  ${gatewayUrl(org)}/app/   verify: ${gatewayUrl(org)}/app/verify/`);
    }
    console.log(`Consortium roots for offline verification: ${rootsBundlePath(network.topology)}`);
    console.log(`Time-stamping authority of ${network.topology.tsa.org.key} (RFC 3161): ${tsaUrl(network.topology)}`);
    console.log(
        `A development token: ./scripts/token.sh <org> <user> [roles], e.g. ./scripts/token.sh bank User1 submitter`,
    );
}

type Command = (network: LocalNetwork, instance: string, args: readonly string[]) => Promise<void>;

const COMMANDS: Readonly<Record<string, Command>> = {
    up: async (network, instance) => {
        const started = Date.now();
        if (await network.up()) {
            console.log(`Network up in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
        } else {
            console.log(`The ${instance} network is already running; nothing to do.`);
        }
        printStatus(network, await network.status());
        printGateways(network);
    },
    down: async (network, instance) => {
        await network.down();
        console.log(`Stopped the ${instance} network; its ledger is kept in ${network.topology.dataDir}.`);
    },
    clean: async (network, instance) => {
        await network.clean();
        console.log(`Removed the ${instance} network and all its state.`);
    },
    status: async (network) => {
        printStatus(network, await network.status());
        printGateways(network);
    },
    logs: async (network) => {
        console.log(network.topology.logsDir);
        for (const file of readdirSync(network.topology.logsDir).sort()) {
            console.log(`  ${join(network.topology.logsDir, file)}`);
        }
    },
    upgrade: async (network) => {
        const { chaincode } = await network.upgradeChaincode();
        console.log(`Chaincode ${CHAINCODE} upgraded to sequence ${chaincode.sequence} (${chaincode.packageId}).`);
    },
    'add-org': async (network, _instance, args) => {
        const [key, mspId, roles] = args;
        if (!key || !mspId || !roles) {
            throw new NetworkConfigurationError(`usage: add-org <key> <MSP ID> <role[,role]>; roles: ${MEMBER_ROLES}`);
        }
        const report = await addOrg(network, { key, mspId, roles: roles.split(',') as MemberRole[] });
        for (const [step, millis] of Object.entries(report.steps)) {
            console.log(`  ${(millis / 1000).toFixed(1).padStart(6)} s  ${step}`);
        }
        console.log(
            `${mspId} joined in ${(report.totalMillis / 1000).toFixed(1)} s: channel update signed by ` +
                `${report.signers.join(', ')}; chaincode sequence ${report.sequence}; gateway ${gatewayUrl(report.org)}`,
        );
    },
    token: async (network, _instance, args) => {
        const [key, user, roles = 'submitter'] = args;
        const org = network.topology.orgs.find((o) => o.key === key);
        if (!org || !user) {
            const keys = network.topology.orgs.map((o) => o.key).join(', ');
            throw new NetworkConfigurationError(`usage: token <org> <user> [roles]; org is one of ${keys}`);
        }
        const config = gatewayConfigPath(network.topology, org);
        if (!existsSync(config)) {
            throw new NetworkConfigurationError(`no gateway configuration ${config}: start the network first`);
        }
        const cli = join(REPO_ROOT, 'gateway', 'dist', 'cli', 'token.js');
        const argv = [cli, '--config', config, '--subject', user, '--roles', roles];
        process.exitCode = spawnSync(process.execPath, argv, { stdio: 'inherit' }).status ?? 1;
    },
    binaries: async (network) => {
        const fabric = network.fabric;
        console.log(`Fabric ${fabric.version} (${fabric.source}) in ${fabric.binDir}`);
    },
};

async function main(argv: readonly string[]): Promise<number> {
    const { positionals, values } = parseArgs({
        args: [...argv],
        allowPositionals: true,
        options: {
            instance: { type: 'string', default: process.env.LENDLEDGER_NETWORK ?? 'dev' },
            help: { type: 'boolean' },
        },
    });
    const name = positionals[0];
    if (values.help || !name) {
        console.log(USAGE);
        return values.help ? 0 : 2;
    }
    const command = COMMANDS[name];
    if (!command) {
        console.error(`unknown command "${name}"\n\n${USAGE}`);
        return 2;
    }
    await command(new LocalNetwork(topologyOf(values.instance)), values.instance, positionals.slice(1));
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

try {
    process.exitCode = await main(process.argv.slice(2));
} catch (error) {
    if (
        error instanceof NetworkConfigurationError ||
        error instanceof FabricBinariesError ||
        error instanceof FabricCommandError ||
        error instanceof TopologyFileError
    ) {
        console.error(`error: ${error.message}`);
        process.exitCode = 1;
    } else {
        throw error;
    }
}
