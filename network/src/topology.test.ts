import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_FOUNDING_MEMBERS, LENDLEDGER_CONSORTIUM, MEMBER_ROLES, type MemberRole } from '@lendledger/domain';
import { writeState } from './network-state.ts';
import { TopologyFileError, type OrganisationDeclaration } from './topology-file.ts';
import { DOMAIN_SUFFIX, isBootstrapped, portsOf, topologyOf, userCredentials, type Topology } from './topology.ts';

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

/**
 * A data folder without joined members: the organisations of the file alone, whatever add-org did to the developer's
 * running network (`./scripts/network.sh add-org bank2 …` on dev must not fail these tests).
 */
const FILE_ONLY = { LENDLEDGER_DATA_DIR: join(tmpdir(), 'lendledger-no-joined-members') };

/** A fresh folder, removed when the test that asked for it ends. */
function scratch(): string {
    const dir = mkdtempSync(join(tmpdir(), 'lendledger-topology-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
}

describe('topologyOf', () => {
    it('lays out the dev instance on the documented ports', () => {
        const dev = topologyOf('dev', FILE_ONLY);
        expect(dev.portBase).toBe(7000);
        expect(dev.orderers.map((o) => [o.port, o.adminPort, o.operationsPort])).toEqual([
            [7050, 7060, 7070],
            [7051, 7061, 7071],
            [7052, 7062, 7072],
            [7053, 7063, 7073],
        ]);
        expect(dev.orderers.map((o) => [o.name, o.mspId, o.consenterId])).toEqual([
            ['orderer-bank', 'BankMSP', 1],
            ['orderer-notary', 'NotaryMSP', 2],
            ['orderer-court', 'CourtMSP', 3],
            ['orderer-investor', 'InvestorMSP', 4],
        ]);
        const raft = topologyOf('dev', { LENDLEDGER_CONSENSUS: 'etcdraft' });
        expect(raft.orderers.map((o) => [o.name, o.port, o.mspId])).toEqual([
            ['orderer0', 7050, 'OrdererMSP'],
            ['orderer1', 7051, 'OrdererMSP'],
            ['orderer2', 7052, 'OrdererMSP'],
        ]);
        const five = [0, 1, 2, 3, 4];
        expect(dev.orgs.map((org) => [org.peerPort, org.chaincodeListenerPort, org.operationsPort])).toEqual(
            five.map((j) => [7100 + 10 * j, 7101 + 10 * j, 7102 + 10 * j]),
        );
        expect(dev.orgs.map((org) => org.chaincodeServerPort)).toEqual(five.map((j) => 7103 + 10 * j));
        expect(dev.orgs.map((org) => org.gatewayPort)).toEqual(five.map((j) => 8000 + j));
    });

    it('refuses an unknown LENDLEDGER_CONSENSUS rather than guessing', () => {
        expect(() => topologyOf('dev', { LENDLEDGER_CONSENSUS: 'raft' })).toThrow(
            /LENDLEDGER_CONSENSUS must be one of BFT, etcdraft/,
        );
    });

    it('runs the five founding organisations on dev, each in the role its name says', () => {
        const dev = topologyOf('dev', FILE_ONLY);
        expect(dev.orgs.map((org) => [org.key, org.mspId, org.roles])).toEqual([
            ['platform', 'PlatformMSP', ['platform']],
            ['bank', 'BankMSP', ['bank']],
            ['notary', 'NotaryMSP', ['notary']],
            ['court', 'CourtMSP', ['court']],
            ['investor', 'InvestorMSP', ['investor']],
        ]);
        expect(sortedMembers(dev.foundingMembers)).toEqual(sortedMembers(DEFAULT_FOUNDING_MEMBERS));
        expect(dev.consortium).toEqual(LENDLEDGER_CONSORTIUM);
        for (const org of dev.orgs) {
            expect(org.domain).toBe(`${org.key}.${DOMAIN_SUFFIX}`);
            expect(org.peerName).toBe(`peer0.${org.domain}`);
        }
    });

    it('has dev record its bank admitting its platform for the demo product, and test record no admission', () => {
        expect(topologyOf('dev', {}).foundingAdmissions).toEqual([
            { bank: 'BankMSP', platform: 'PlatformMSP', products: ['CONSUMER_LOAN'] },
        ]);
        // The integration suites admit what they test: a platform the bank has not admitted must stay refused.
        expect(topologyOf('test', {}).foundingAdmissions).toEqual([]);
    });

    it("adds a second bank, a second platform, an arbitration commission and a second investor on test, moving none of the five's ports", () => {
        const dev = topologyOf('dev', FILE_ONLY);
        const test = topologyOf('test', FILE_ONLY);
        expect(test.orgs.map((org) => [org.key, org.mspId, org.roles])).toEqual([
            ...dev.orgs.map((org) => [org.key, org.mspId, org.roles]),
            ['bank2', 'Bank2MSP', ['bank']],
            ['platform2', 'Platform2MSP', ['platform']],
            ['arbitration', 'ArbitrationMSP', ['arbitration']],
            ['investor2', 'Investor2MSP', ['investor']],
        ]);
        const offset = test.portBase - dev.portBase;
        dev.orgs.forEach((org, j) => {
            expect(test.orgs[j]!.peerPort).toBe(org.peerPort + offset);
            expect(test.orgs[j]!.gatewayPort).toBe(org.gatewayPort + offset);
        });
        expect(test.orgs.slice(5).map((org) => [org.peerPort, org.gatewayPort])).toEqual([
            [17150, 18005],
            [17160, 18006],
            [17170, 18007],
            [17180, 18008],
        ]);
        expect(test.tsa.org.key).toBe('notary');
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

    it('builds any valid topology file: ports by position, members and founding registry from the file', () => {
        fc.assert(
            fc.property(organisationsArbitrary, validPortBase, (organisations, base) => {
                const file = topologyFileWith(organisations, base);
                const topology = topologyOf('net', { LENDLEDGER_TOPOLOGY: file });
                expect(topology.orgs.map((org) => org.key)).toEqual(organisations.map((org) => org.key));
                topology.orgs.forEach((org, j) => {
                    expect(org.peerPort).toBe(base + 100 + 10 * j);
                    expect(org.gatewayPort).toBe(base + 1000 + j);
                    expect(org.runsTsa).toBe(organisations[j]!.tsa === true);
                });
                const ports = portsOf(topology).map(({ port }) => port);
                expect(new Set(ports).size).toBe(ports.length);
                expect(topology.consortium.organisations).toEqual(organisations.map((org) => org.mspId));
                expect(topology.foundingMembers).toEqual(
                    organisations.map((org) => ({ mspId: org.mspId, roles: org.roles })),
                );
                expect(topology.tsa.org.roles).toContain('notary');
            }),
            { numRuns: 40 },
        );
    });

    it('refuses an invalid topology file with every problem and where it is', () => {
        const dir = scratch();
        const file = join(dir, 'topology.json');
        writeFileSync(file, JSON.stringify({ instances: { net: { portBase: 7000, dataDir: 'x', orderers: 3 } } }));
        expect(() => topologyOf('net', { LENDLEDGER_TOPOLOGY: file })).toThrow(TopologyFileError);
        expect(() => topologyOf('net', { LENDLEDGER_TOPOLOGY: file })).toThrow(
            `invalid topology file ${file}:\n  - /instances/net: must have required properties organisations`,
        );
    });
});

function sortedMembers(members: readonly { mspId: string; roles: readonly string[] }[]): string[] {
    return members.map((member) => `${member.mspId}:${[...member.roles].sort().join('+')}`).sort();
}

/**
 * Organisations of a valid file: one to four of each role, some holding two roles, exactly one notary running
 * the TSA, keys and MSP IDs numbered so they are distinct.
 */
const organisationsArbitrary = fc
    .array(fc.subarray([...MEMBER_ROLES] as MemberRole[], { minLength: 1, maxLength: 2 }), {
        minLength: 1,
        maxLength: 20,
    })
    .map((roleSets): OrganisationDeclaration[] => {
        const all = [[...roleSets[0]!.filter((role) => role !== 'notary'), 'notary'] as MemberRole[], ...roleSets];
        return all.map((roles, j) => ({
            key: `org${j}`,
            mspId: `Org${j}MSP`,
            roles,
            ...(j === 0 ? { tsa: true } : {}),
        }));
    });

/** A topology file with one instance "net" of the given organisations, in a fresh folder. */
function topologyFileWith(organisations: readonly OrganisationDeclaration[], portBase: number): string {
    const dir = mkdtempSync(join(tmpdir(), 'lendledger-topology-file-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'topology.json');
    const instance = { portBase, dataDir: join(dir, 'data'), orderers: 3, organisations };
    writeFileSync(file, JSON.stringify({ instances: { net: instance } }));
    return file;
}

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

describe('endorsementPolicy', () => {
    it.each(['dev', 'test'])("asks for any two of the %s members' peers and names every member once", (instance) => {
        const topology = topologyOf(instance, {});
        expect(topology.endorsementPolicy).toMatch(/^OutOf\(2, /);
        const named = [...topology.endorsementPolicy.matchAll(/'([^'.]+)\.peer'/g)].map((match) => match[1]);
        expect(named).toEqual(topology.orgs.map((org) => org.mspId));
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
