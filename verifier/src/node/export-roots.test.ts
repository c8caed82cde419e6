import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LENDLEDGER_POLICY } from '../policy.js';
import { parseRootsBundle, serialiseRootsBundle } from '../roots/roots-bundle.js';
import { bftOrderingOf } from '../testing/bft-ordering.js';
import { rootsBodyHash, verifyRootsBundle } from '../roots/roots-governance.js';
import { newCrl, newTestConsortium, type TestConsortium } from '../testing/test-consortium.js';
import { outsiderCredential } from '../testing/outsider.js';
import { exportRootsBundle, mspIdOfDomain } from './export-roots.js';
import { loadRootsBundle } from './load-roots.js';

const dir = mkdtempSync(join(tmpdir(), 'roots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let consortium: TestConsortium;

function place(path: string, text: string): void {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
}

function domainOf(mspId: string): string {
    return `${mspId.replace(/MSP$/, '').toLowerCase()}.lendledger.test`;
}

beforeAll(async () => {
    consortium = await newTestConsortium();
    const tls = await outsiderCredential({ commonName: 'tls' });
    for (const member of consortium.members) {
        const org = `peerOrganizations/${domainOf(member.mspId)}`;
        place(`${org}/ca/ca-cert.pem`, member.ca.pem);
        place(`${org}/ca/priv_sk`, 'not a certificate');
        place(`${org}/tlsca/tlsca-cert.pem`, tls.ca.certificatePem);
    }
    place('ordererOrganizations/orderer.lendledger.test/ca/ca-cert.pem', consortium.orderer.ca.pem);
    const bank = consortium.member('BankMSP');
    place(
        `peerOrganizations/bank.lendledger.test/msp/crls/crl.pem`,
        await newCrl(bank.ca, [{ serial: bank.identities.peer.serial, at: new Date('2026-01-01T00:00:00Z') }]),
    );
});

describe('exportRootsBundle', () => {
    it('draws up version 1 with the policy, each organisation’s signing CA and CRLs, never its TLS CA or keys', () => {
        const bundle = exportRootsBundle(dir, { network: 'test', issuedAt: new Date('2026-02-01T00:00:00Z') });

        expect(bundle).toMatchObject({
            format: 'lendledger-roots/3',
            ordering: { consensus: 'etcdraft' },
            version: 1,
            network: 'test',
            channel: LENDLEDGER_POLICY.channel,
            chaincode: LENDLEDGER_POLICY.chaincode,
            endorsementPolicy: { outOf: 2, members: LENDLEDGER_POLICY.organisations },
            orderers: [{ mspId: 'OrdererMSP', role: 'orderer' }],
            issuedAt: '2026-02-01T00:00:00.000Z',
            signatures: [],
        });
        expect(bundle.previous).toBeUndefined();
        const trimmed = (pems: readonly string[]): string[] => pems.map((pem) => pem.trim());
        expect(bundle.members.map((m) => [m.mspId, trimmed(m.roots)])).toEqual(
            consortium.members.map((m) => [m.mspId, [m.ca.pem.trim()]]),
        );
        expect(trimmed(bundle.orderers[0]!.roots)).toEqual([consortium.orderer.ca.pem.trim()]);
        expect(bundle.members.find((m) => m.mspId === 'BankMSP')!.crls).toHaveLength(1);
        expect(bundle.members.find((m) => m.mspId === 'PlatformMSP')!.crls).toEqual([]);
    });

    it('draws up the next version naming the previous one’s hash', () => {
        const v1 = exportRootsBundle(dir);
        const v2 = exportRootsBundle(dir, { previous: v1 });

        expect(v2.version).toBe(2);
        expect(v2.previous).toBe(rootsBodyHash(v1));
    });

    it('records the Raft arrangement it replaces, and keeps its ordering organisation, when the next version moves to BFT', () => {
        const v1 = exportRootsBundle(dir);
        const bft = bftOrderingOf(consortium.members.slice(1)).ordering;

        const v2 = exportRootsBundle(dir, { previous: v1, ordering: bft, untilBlock: 57 });

        expect(v2.ordering).toEqual({
            ...bft,
            earlier: [{ untilBlock: 57, consensus: 'etcdraft', mspId: 'OrdererMSP' }],
        });
        expect(v2.orderers.map((o) => o.mspId)).toEqual(['OrdererMSP']);
        expect(parseRootsBundle(serialiseRootsBundle(v2))).toEqual(v2);
        // The next version keeping BFT carries the history on; without the last block, a change cannot be drafted.
        expect(exportRootsBundle(dir, { previous: v2 }).ordering).toEqual(v2.ordering);
        expect(() => exportRootsBundle(dir, { previous: v1, ordering: bft })).toThrow(
            /the last block its arrangement signed must be given/,
        );
    });

    it('keeps the previous version’s members and quorum in the next version unless given another policy', () => {
        const three = ['PlatformMSP', 'BankMSP', 'CourtMSP'];
        const v1 = exportRootsBundle(dir, { policy: { ...LENDLEDGER_POLICY, organisations: three } });
        const v2 = exportRootsBundle(dir, { previous: v1 });
        expect(v2.endorsementPolicy).toEqual(v1.endorsementPolicy);
        expect(v2.members.map((m) => m.mspId)).toEqual(three);
        const v3 = exportRootsBundle(dir, { previous: v2, policy: LENDLEDGER_POLICY });
        expect(v3.members.map((m) => m.mspId)).toEqual([...LENDLEDGER_POLICY.organisations]);
    });

    it('draws up a bundle whose CRLs the members’ CAs signed', async () => {
        const bundle = exportRootsBundle(dir);
        // Unsigned, so it fails for want of signatures, not for its CRLs.
        await expect(verifyRootsBundle(bundle)).rejects.toMatchObject({ code: 'ROOTS_MINORITY' });
    });

    it('names MSPs after the first label of the domain', () => {
        expect(mspIdOfDomain('investor.lendledger.test')).toBe('InvestorMSP');
    });

    it('throws for a folder without the consortium’s organisations', () => {
        expect(() => exportRootsBundle(join(dir, 'nothing'))).toThrow(/has no ca\/\*\.pem certificate for PlatformMSP/);
    });
});

describe('loadRootsBundle', () => {
    it('reads a bundle file and reports a missing one', () => {
        const bundle = exportRootsBundle(dir);
        place('bundle.json', serialiseRootsBundle(bundle));

        expect(loadRootsBundle(join(dir, 'bundle.json'))).toEqual(bundle);
        expect(() => loadRootsBundle(join(dir, 'missing.json'))).toThrow(/cannot read/);
    });
});
