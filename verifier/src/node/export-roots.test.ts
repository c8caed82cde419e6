import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureRoots } from '../testing/fixtures.js';
import { outsiderCredential } from '../testing/outsider.js';
import { exportRootsBundle, mspIdOfDomain } from './export-roots.js';
import { loadRootsBundle } from './load-roots.js';

const dir = mkdtempSync(join(tmpdir(), 'roots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function place(path: string, text: string): void {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
}

describe('exportRootsBundle', () => {
    it('collects each organisation’s signing CA and ignores its TLS CA and keys', async () => {
        const roots = fixtureRoots().roots;
        const tls = await outsiderCredential({ commonName: 'tls' });
        place('peerOrganizations/bank.lendledger.test/ca/ca.bank.lendledger.test-cert.pem', roots.BankMSP![0]!);
        place('peerOrganizations/bank.lendledger.test/ca/priv_sk', 'not a certificate');
        place(
            'peerOrganizations/bank.lendledger.test/tlsca/tlsca.bank.lendledger.test-cert.pem',
            tls.ca.certificatePem,
        );
        place(
            'ordererOrganizations/orderer.lendledger.test/ca/ca.orderer.lendledger.test-cert.pem',
            roots.OrdererMSP![0]!,
        );

        const bundle = exportRootsBundle(dir, { network: 'test', mspIds: { 'orderer.lendledger.test': 'OrdererMSP' } });

        expect(bundle).toEqual({
            format: 'lendledger-roots/1',
            network: 'test',
            roots: { BankMSP: roots.BankMSP, OrdererMSP: roots.OrdererMSP },
        });
    });

    it('names MSPs after the first label of the domain', () => {
        expect(mspIdOfDomain('investor.lendledger.test')).toBe('InvestorMSP');
    });

    it('throws for a folder without organisations', () => {
        expect(() => exportRootsBundle(join(dir, 'nothing'))).toThrow(/has no peerOrganizations/);
    });
});

describe('loadRootsBundle', () => {
    it('reads a bundle file and reports a missing one', () => {
        place('bundle.pem', `MSP: BankMSP\n${fixtureRoots().roots.BankMSP![0]}`);

        expect(Object.keys(loadRootsBundle(join(dir, 'bundle.pem')).roots)).toEqual(['BankMSP']);
        expect(() => loadRootsBundle(join(dir, 'missing.json'))).toThrow(/cannot read/);
    });
});
