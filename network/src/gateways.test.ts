import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cryptoConfig } from './fabric-config.ts';
import { devIssuerKeyPath, devIssuerOf, gatewayConfig, gatewayUrl, rootsBundlePath } from './gateways.ts';
import { CHAINCODE, CHANNEL, USERS_PER_ORG, topologyOf, userCredentials } from './topology.ts';

// A data folder without joined members (add-org): the file's eight organisations, whatever ran locally before.
const topology = topologyOf('test', { LENDLEDGER_DATA_DIR: join(tmpdir(), 'lendledger-no-joined-members') });

const configs = topology.orgs.map((org) => ({ org, config: gatewayConfig(topology, org) }));

describe('gatewayConfig', () => {
    it("points each member's gateway at its own peer, as that member, on its own port", () => {
        for (const { org, config } of configs) {
            expect(config).toMatchObject({
                org: org.key,
                mspId: org.mspId,
                channel: CHANNEL,
                chaincode: CHAINCODE,
                peer: { endpoint: `127.0.0.1:${org.peerPort}`, tlsRootCertPath: org.tlsCaCert },
                listen: { host: '127.0.0.1', port: org.gatewayPort },
            });
            expect(gatewayUrl(org)).toBe(`http://127.0.0.1:${org.gatewayPort}`);
        }
    });

    it("dials the peer by a host name that the peer's certificate names", () => {
        const sans = cryptoConfig(topology).PeerOrgs;
        configs.forEach(({ config }, j) => {
            const peer = sans[j]!.Specs.find((spec) => spec.Hostname === 'peer0')!;
            expect(peer.SANS).toContain(config.peer.hostAlias);
        });
    });

    it("signs only with its own member's users and admin, from where cryptogen writes them", () => {
        const users = [...Array.from({ length: USERS_PER_ORG }, (_, i) => `User${i + 1}`), 'Admin'];
        for (const { org, config } of configs) {
            expect(Object.keys(config.identities)).toEqual(users);
            for (const user of users) {
                const { certPath, keyPath } = userCredentials(org, user);
                expect(config.identities[user]).toEqual({ certPath, keyPath });
            }
        }
    });

    it("trusts the instance's one development issuer, and keeps each gateway's data apart", () => {
        for (const { config } of configs) {
            expect(config.auth.issuer).toBe(devIssuerOf(topology));
            expect(config.devIssuer).toEqual({ enabled: true, keyPath: devIssuerKeyPath(topology) });
        }
        expect(devIssuerOf(topology)).not.toBe(devIssuerOf(topologyOf('dev', {})));
        const dataDirs = configs.map(({ config }) => config.dataDir);
        expect(new Set(dataDirs).size).toBe(configs.length);
        for (const dir of dataDirs) {
            expect(dir.startsWith(join(topology.dataDir, 'gateways'))).toBe(true);
        }
    });

    it("time-stamps every member's writes with the notary organisation's TSA, trusting its root", () => {
        for (const { config } of configs) {
            expect(config.timestamping).toEqual({
                url: `http://127.0.0.1:${topology.tsa.port}/`,
                caPath: join(topology.dataDir, 'tsa', 'tsa-root-ca.pem'),
            });
        }
    });

    it("names each member's roles from the topology file, for every member of the test network", () => {
        expect(configs).toHaveLength(9);
        for (const { org, config } of configs) {
            expect(config.roles).toEqual(org.roles);
        }
        expect(configs.find(({ org }) => org.key === 'arbitration')?.config.roles).toEqual(['arbitration']);
    });

    it("lists every member's gateway, the second bank's, second platform's, arbitration's and second investor's included", () => {
        const expected = Object.fromEntries(topology.orgs.map((org) => [org.mspId, gatewayUrl(org)]));
        for (const { config } of configs) {
            expect(config.peers.gateways).toEqual(expected);
        }
        expect(Object.keys(expected)).toEqual(
            expect.arrayContaining(['Bank2MSP', 'Platform2MSP', 'ArbitrationMSP', 'Investor2MSP']),
        );
    });

    it("gives every gateway the network's roots bundle, and only a notary's a signer and the CJK font for verification reports", () => {
        for (const { org, config } of configs) {
            expect(config.roots).toEqual({ path: rootsBundlePath(topology) });
            if (org.roles.includes('notary')) {
                expect(config.notary?.reportFontPath).toBe('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc');
                expect(Object.keys(config.identities)).toContain(config.notary?.signingIdentity);
            } else {
                expect(config.notary).toBeUndefined();
            }
        }
    });
});
