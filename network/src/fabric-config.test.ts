import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type FabricInstall } from './binaries.ts';
import {
    CHANNEL_PROFILE,
    channelConfig,
    channelConfigDir,
    cryptoConfig,
    genesisBlock,
    memberOrdererCryptoConfig,
    ordererConfigDir,
    ordererSignCert,
    peerConfigDir,
    writeFabricConfig,
} from './fabric-config.ts';
import { CHANNEL, USERS_PER_ORG, topologyOf } from './topology.ts';

/** A fresh folder, removed when the test that asked for it ends. */
function scratch(): string {
    const dir = mkdtempSync(join(tmpdir(), 'lendledger-fabric-config-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
}

const topology = topologyOf('test', {});
const raft = topologyOf('test', { LENDLEDGER_CONSENSUS: 'etcdraft' });

describe('cryptoConfig', () => {
    const config = cryptoConfig(topology);

    it('asks cryptogen (Raft) for each orderer at the folder the topology reads its TLS and MSP from', () => {
        const raftConfig = cryptoConfig(raft);
        const [ordererOrg] = raftConfig.OrdererOrgs;
        expect(raftConfig.OrdererOrgs).toHaveLength(1);
        const dirs = ordererOrg!.Specs.map((spec) =>
            join(
                raft.cryptoDir,
                'ordererOrganizations',
                ordererOrg!.Domain,
                'orderers',
                `${spec.Hostname}.${ordererOrg!.Domain}`,
            ),
        );
        expect(dirs).toEqual(raft.orderers.map((o) => o.dir));
    });

    it("asks cryptogen (BFT) for no orderer organisation of its own, only each operator's orderer, under its domain", () => {
        expect(config.OrdererOrgs).toEqual([]);
        const extension = memberOrdererCryptoConfig(topology);
        expect(extension.PeerOrgs).toEqual([]);
        // cryptogen writes each under ordererOrganizations/<domain>/orderers/<host> of a scratch folder; the network
        // moves it to the member's own folder, where the topology expects it.
        const issued = extension.OrdererOrgs.flatMap((org) =>
            org.Specs.map((spec) => {
                const member = topology.orgs.find((o) => o.domain === org.Domain)!;
                return join(member.cryptoDir, 'orderers', `${spec.Hostname}.${org.Domain}`);
            }),
        );
        expect(issued).toEqual(topology.orderers.map((o) => o.dir));
        expect(topology.orderers.every((o) => !o.dir.includes('ordererOrganizations'))).toBe(true);
        expect(extension.OrdererOrgs.map((org) => org.Domain)).toEqual(
            topology.orderers.map((o) => topology.orgs.find((org) => org.key === o.operator)!.domain),
        );
    });

    it("asks for each member's peer and chaincode server where the topology expects their TLS material", () => {
        expect(config.PeerOrgs.map((org) => org.Domain)).toEqual(topology.orgs.map((org) => org.domain));
        config.PeerOrgs.forEach((peerOrg, j) => {
            const org = topology.orgs[j]!;
            const tlsDirs = peerOrg.Specs.map((spec) =>
                join(org.cryptoDir, 'peers', `${spec.Hostname}.${peerOrg.Domain}`, 'tls'),
            );
            expect(tlsDirs).toEqual([org.peerTlsDir, org.chaincodeTlsDir]);
        });
    });

    it('names loopback in every certificate, since every node listens there and gateways dial "localhost"', () => {
        const specs = [...config.OrdererOrgs, ...config.PeerOrgs].flatMap((org) => org.Specs);
        for (const spec of specs) {
            expect(spec.SANS).toEqual(expect.arrayContaining(['127.0.0.1', 'localhost']));
        }
    });

    it('gives every member the users its gateway signs for', () => {
        expect(config.PeerOrgs.map((org) => org.Users.Count)).toEqual(topology.orgs.map(() => USERS_PER_ORG));
    });
});

describe('channelConfig', () => {
    const profile = channelConfig(topology).Profiles[CHANNEL_PROFILE];

    it('makes every orderer a Raft consenter on its own port and TLS certificate when asked for Raft', () => {
        const orderer = channelConfig(raft).Profiles[CHANNEL_PROFILE].Orderer;
        expect(orderer.OrdererType).toBe('etcdraft');
        expect(orderer.EtcdRaft?.Consenters).toEqual(
            raft.orderers.map((o) => ({
                Host: '127.0.0.1',
                Port: o.port,
                ClientTLSCert: join(o.tlsDir, 'server.crt'),
                ServerTLSCert: join(o.tlsDir, 'server.crt'),
            })),
        );
        expect(orderer.Organizations.map((org) => org.OrdererEndpoints)).toEqual([
            raft.orderers.map((o) => `127.0.0.1:${o.port}`),
        ]);
    });

    it("orders by BFT by default, consenter i being the i-th operator's orderer with its own certificates", () => {
        expect(profile.Capabilities).toEqual({ V3_0: true });
        expect(profile.Orderer.OrdererType).toBe('BFT');
        expect(profile.Orderer.EtcdRaft).toBeUndefined();
        expect(profile.Orderer.ConsenterMapping).toEqual(
            topology.orderers.map((o, i) => ({
                ID: i + 1,
                Host: '127.0.0.1',
                Port: o.port,
                MSPID: topology.orgs.find((org) => org.key === o.operator)!.mspId,
                ClientTLSCert: join(o.tlsDir, 'server.crt'),
                ServerTLSCert: join(o.tlsDir, 'server.crt'),
                Identity: ordererSignCert(o),
            })),
        );
        expect(new Set(profile.Orderer.ConsenterMapping!.map((c) => c.MSPID)).size).toBe(topology.orderers.length);
    });

    it('puts each operator in the Orderer group with the MSP definition it has as a member, and its endpoint', () => {
        const members = new Map(profile.Application.Organizations.map((org) => [org.ID, org]));
        profile.Orderer.Organizations.forEach((org, i) => {
            expect(org.MSPDir).toBe(members.get(org.ID)?.MSPDir);
            expect(org.OrdererEndpoints).toEqual([`127.0.0.1:${topology.orderers[i]!.port}`]);
            // SmartBFT checks each consenter's consensus messages against Writers: its orderer must satisfy it.
            // Nothing else of the member writes there: broadcast in maintenance mode is gated by these Writers.
            expect(org.Policies.Writers!.Rule).toBe(`OR('${org.ID}.orderer')`);
            expect(org.Policies.Readers!.Rule).toBe(`OR('${org.ID}.orderer')`);
            expect(org.Policies.Admins!.Rule).toBe(`OR('${org.ID}.admin')`);
        });
    });

    it('lists every member once, in the consortium order, with its own MSP and anchor peer', () => {
        const orgs = profile.Application.Organizations;
        expect(orgs.map((org) => org.ID)).toEqual(topology.orgs.map((org) => org.mspId));
        orgs.forEach((org, j) => {
            const member = topology.orgs[j]!;
            expect(org.Name).toBe(member.mspId);
            expect(org.MSPDir).toBe(join(member.cryptoDir, 'msp'));
            expect(org.AnchorPeers).toEqual([{ Host: '127.0.0.1', Port: member.peerPort }]);
        });
    });

    it("lets each member's policies name only that member", () => {
        for (const org of profile.Application.Organizations) {
            for (const policy of Object.values(org.Policies)) {
                const named = [...policy.Rule.matchAll(/'([^'.]+)\./g)].map((match) => match[1]);
                expect(named.length).toBeGreaterThan(0);
                expect(named.filter((mspId) => mspId !== org.ID)).toEqual([]);
            }
        }
    });
});

describe('configuration paths', () => {
    it('keeps peer, orderer and channel configuration in separate folders under the configuration folder', () => {
        const dirs = [peerConfigDir(topology), ordererConfigDir(topology), channelConfigDir(topology)];
        expect(new Set(dirs).size).toBe(3);
        for (const dir of dirs) {
            expect(dir.startsWith(`${topology.configDir}/`)).toBe(true);
        }
    });

    it("names the genesis block after the channel, among the instance's artifacts", () => {
        expect(genesisBlock(topology)).toBe(join(topology.artifactsDir, `${CHANNEL}.block`));
    });
});

describe('writeFabricConfig', () => {
    it("writes configtx.yaml and cryptogen's input as the builders make them, and Fabric's templates as they are", () => {
        const instance = topologyOf('test', { LENDLEDGER_DATA_DIR: scratch() });
        const templates = scratch();
        mkdirSync(templates, { recursive: true });
        writeFileSync(join(templates, 'core.yaml'), 'peer: template\n');
        writeFileSync(join(templates, 'orderer.yaml'), 'General: template\n');
        const fabric: FabricInstall = {
            binDir: join(templates, 'bin'),
            configTemplateDir: templates,
            version: '3.1.0',
            source: 'FABRIC_BIN_DIR',
        };

        writeFabricConfig(instance, fabric);

        const read = (path: string): string => readFileSync(path, 'utf8');
        // JSON is YAML, so configtxgen and cryptogen read exactly these objects.
        expect(JSON.parse(read(join(channelConfigDir(instance), 'configtx.yaml')))).toEqual(channelConfig(instance));
        expect(JSON.parse(read(join(instance.artifactsDir, 'crypto-config.yaml')))).toEqual(cryptoConfig(instance));
        expect(read(join(peerConfigDir(instance), 'core.yaml'))).toBe('peer: template\n');
        expect(read(join(ordererConfigDir(instance), 'orderer.yaml'))).toBe('General: template\n');
    });
});
