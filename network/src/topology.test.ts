import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MSP_IDS, ORGANISATIONS } from '@lendledger/domain';
import { writeState } from './network-state.ts';
import {
    DOMAIN_SUFFIX,
    ENDORSEMENT_POLICY,
    isBootstrapped,
    portsOf,
    topologyOf,
    userCredentials,
    type Topology,
} from './topology.ts';

/** Every string of the topology that names a file or folder, with where it was found. */
function pathsOf(topology: Topology): { where: string; path: string }[] {
    const paths: { where: string; path: string }[] = [];
    const visit = (value: unknown, where: string): void => {
        if (typeof value === 'string' && value.startsWith('/')) {
            paths.push({ where, path: value });
        } else if (value && typeof value === 'object') {
            for (const [key, inner] of Object.entries(value)) {
                visit(inner, `${where}.${key}`);
            }
        }
    };
    visit(topology, 'topology');
    return paths;
}

function isInside(folder: string, path: string): boolean {
    const rel = relative(folder, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

const validPortBase = fc.integer({ min: 1024, max: 64000 });

/** A fresh folder, removed when the test that asked for it ends. */
function scratch(): string {
    const dir = mkdtempSync(join(tmpdir(), 'lendledger-topology-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
}

describe('topologyOf', () => {
    it('lays out the dev instance on the documented ports', () => {
        const dev = topologyOf('dev', {});
        expect(dev.portBase).toBe(7000);
        expect(dev.orderers.map((o) => [o.port, o.adminPort, o.operationsPort])).toEqual([
            [7050, 7060, 7070],
            [7051, 7061, 7071],
            [7052, 7062, 7072],
        ]);
        expect(dev.orgs.map((org) => [org.peerPort, org.chaincodeListenerPort, org.operationsPort])).toEqual(
            ORGANISATIONS.map((_, j) => [7100 + 10 * j, 7101 + 10 * j, 7102 + 10 * j]),
        );
        expect(dev.orgs.map((org) => org.chaincodeServerPort)).toEqual(ORGANISATIONS.map((_, j) => 7103 + 10 * j));
        expect(dev.orgs.map((org) => org.gatewayPort)).toEqual(ORGANISATIONS.map((_, j) => 8000 + j));
    });

    it('has one peer organisation per consortium member, in the domain order and with its MSP ID', () => {
        const { orgs } = topologyOf('dev', {});
        expect(orgs.map((org) => org.key)).toEqual([...ORGANISATIONS]);
        for (const org of orgs) {
            expect(org.mspId).toBe(MSP_IDS[org.key]);
            expect(org.domain).toBe(`${org.key}.${DOMAIN_SUFFIX}`);
            expect(org.peerName).toBe(`peer0.${org.domain}`);
        }
    });

    it('gives every port of an instance one purpose, for any port base', () => {
        fc.assert(
            fc.property(validPortBase, (base) => {
                const topology = topologyOf('test', { LENDLEDGER_PORT_BASE: String(base) });
                const ports = portsOf(topology).map(({ port }) => port);
                expect(new Set(ports).size).toBe(ports.length);
                expect(ports).toHaveLength(3 * topology.orderers.length + 5 * topology.orgs.length + 1);
                for (const port of ports) {
                    expect(port).toBeGreaterThanOrEqual(base);
                    expect(port).toBeLessThan(base + 1000 + topology.orgs.length);
                }
            }),
        );
    });

    it('keeps the dev and test instances apart in ports and data', () => {
        const dev = topologyOf('dev', {});
        const test = topologyOf('test', {});
        const devPorts = new Set(portsOf(dev).map(({ port }) => port));
        expect(portsOf(test).filter(({ port }) => devPorts.has(port))).toEqual([]);
        expect(isInside(dev.dataDir, test.dataDir) || isInside(test.dataDir, dev.dataDir)).toBe(false);
        expect(dev.dataDir).not.toBe(test.dataDir);
    });

    it('keeps every path of an instance inside its data folder, wherever LENDLEDGER_DATA_DIR puts it', () => {
        const dataDir = scratch();
        const topology = topologyOf('dev', { LENDLEDGER_DATA_DIR: dataDir });
        expect(topology.dataDir).toBe(dataDir);
        const outside = pathsOf(topology).filter(({ path }) => path !== dataDir && !isInside(dataDir, path));
        expect(outside).toEqual([]);
    });

    it('resolves a relative LENDLEDGER_DATA_DIR to an absolute folder', () => {
        const topology = topologyOf('dev', { LENDLEDGER_DATA_DIR: 'relative/data' });
        expect(topology.dataDir).toBe(join(process.cwd(), 'relative', 'data'));
    });

    it('gives no two nodes the same data folder', () => {
        const topology = topologyOf('dev', {});
        const folders = [...topology.orderers.map((o) => o.dataDir), ...topology.orgs.map((org) => org.peerDataDir)];
        expect(new Set(folders).size).toBe(topology.orderers.length + topology.orgs.length);
    });

    it('takes its ports from LENDLEDGER_PORT_BASE when set', () => {
        fc.assert(
            fc.property(validPortBase, (base) => {
                const topology = topologyOf('dev', { LENDLEDGER_PORT_BASE: String(base) });
                expect(topology.portBase).toBe(base);
                expect(topology.orderers[0]!.port).toBe(base + 50);
                expect(topology.orgs[0]!.gatewayPort).toBe(base + 1000);
            }),
        );
    });

    it('refuses a port base that is not an integer from 1024 to 64000, naming the variable', () => {
        const invalid = fc.oneof(
            fc.integer({ min: -100_000, max: 1023 }).map(String),
            fc.integer({ min: 64001, max: 1_000_000 }).map(String),
            fc.double({ min: 1024, max: 64000, noInteger: true }).map(String),
            fc.constantFrom('seven thousand', '7000x', '0x', 'NaN', 'Infinity'),
        );
        fc.assert(
            fc.property(invalid, (value) => {
                expect(() => topologyOf('dev', { LENDLEDGER_PORT_BASE: value })).toThrow(
                    `LENDLEDGER_PORT_BASE must be an integer between 1024 and 64000, got "${value}"`,
                );
            }),
        );
    });

    it('refuses an unknown instance and lists the known ones', () => {
        expect(() => topologyOf('prod', {})).toThrow('unknown network instance "prod"; known: dev, test');
    });
});

describe('userCredentials', () => {
    it("finds a user's certificate and key where cryptogen writes them", () => {
        const bank = topologyOf('dev', {}).orgs.find((org) => org.key === 'bank')!;
        const { mspDir, certPath, keyPath } = userCredentials(bank, 'User2');
        expect(mspDir).toBe(join(bank.usersDir, `User2@bank.${DOMAIN_SUFFIX}`, 'msp'));
        expect(certPath).toBe(join(mspDir, 'signcerts', `User2@bank.${DOMAIN_SUFFIX}-cert.pem`));
        expect(keyPath).toBe(join(mspDir, 'keystore', 'priv_sk'));
    });

    it("puts the organisation's admin where its admin MSP folder is", () => {
        for (const org of topologyOf('dev', {}).orgs) {
            expect(userCredentials(org, 'Admin').mspDir).toBe(org.adminMspDir);
        }
    });
});

describe('ENDORSEMENT_POLICY', () => {
    it("asks for any two members' peers and names every member once", () => {
        expect(ENDORSEMENT_POLICY).toMatch(/^OutOf\(2, /);
        const named = [...ENDORSEMENT_POLICY.matchAll(/'([^'.]+)\.peer'/g)].map((match) => match[1]);
        expect(named).toEqual(ORGANISATIONS.map((org) => MSP_IDS[org]));
    });
});

describe('isBootstrapped', () => {
    it('is true only once the state file of a finished bootstrap exists', () => {
        const topology = topologyOf('test', { LENDLEDGER_DATA_DIR: scratch() });
        expect(isBootstrapped(topology)).toBe(false);
        writeState(topology, {
            createdAt: '2025-01-01T00:00:00.000Z',
            fabricVersion: '3.1.0',
            chaincode: { sequence: 1, label: 'lendledger_1', packageId: 'lendledger_1:00', committedAt: '' },
        });
        expect(isBootstrapped(topology)).toBe(true);
    });
});
