import { describe, expect, it } from 'vitest';
import { fixtureRoots } from '../testing/fixtures.js';
import {
    parseRootsBundle,
    policyOfBundle,
    RootsBundleError,
    serialiseRootsBundle,
    type RootsBundle,
} from './roots-bundle.js';

const bundle = fixtureRoots();

function reparsed(edit: (value: Record<string, unknown>) => void): () => RootsBundle {
    const value = JSON.parse(serialiseRootsBundle(bundle)) as Record<string, unknown>;
    edit(value);
    return () => parseRootsBundle(JSON.stringify(value));
}

describe('parseRootsBundle', () => {
    it('reads the five members and the ordering service, and serialises back to the same bundle', () => {
        expect(bundle.members.map((m) => m.mspId)).toEqual([
            'PlatformMSP',
            'BankMSP',
            'NotaryMSP',
            'CourtMSP',
            'InvestorMSP',
        ]);
        expect(bundle.orderers.map((o) => o.mspId)).toEqual(['OrdererMSP']);
        expect(parseRootsBundle(serialiseRootsBundle(bundle))).toEqual(bundle);
    });

    it('states the consortium policy every check uses', () => {
        expect(policyOfBundle(bundle)).toEqual({
            channel: 'lending',
            chaincode: 'lendledger',
            organisations: ['PlatformMSP', 'BankMSP', 'NotaryMSP', 'CourtMSP', 'InvestorMSP'],
            requiredEndorsingOrganisations: 2,
            endorserRole: 'peer',
            writerRoles: ['client', 'admin'],
            ordererMspId: 'OrdererMSP',
            ordererRole: 'orderer',
        });
    });

    it('throws RootsBundleError naming the member that is wrong', () => {
        const cases: [(value: Record<string, unknown>) => void, RegExp][] = [
            [(v) => (v.format = 'lendledger-roots/1'), /"format" must be "lendledger-roots\/2"/],
            [(v) => (v.version = 0), /"version" must be an integer of at least 1/],
            [(v) => (v.version = 1.5), /"version" must be an integer/],
            [(v) => (v.previous = 'ab'.repeat(32)), /version 1 has no "previous"/],
            [(v) => (v.version = 2), /"previous" must be the lower-case hex SHA-256/],
            [(v) => delete v.channel, /\$\.channel must be a non-empty string/],
            [(v) => (v.members = {}), /\$\.members must be an array/],
            [
                (v) => ((v.members as { roots: unknown }[])[1]!.roots = ['x']),
                /\$\.members\[1\]\.roots\[0\] must be a PEM certificate/,
            ],
            [
                (v) => ((v.members as { crls: unknown }[])[0]!.crls = ['x']),
                /\$\.members\[0\]\.crls\[0\] must be a PEM X509 CRL/,
            ],
            [(v) => ((v.endorsementPolicy as { outOf: unknown }).outOf = 6), /outOf" must be an integer from 1/],
            [
                (v) => ((v.endorsementPolicy as { members: string[] }).members = ['PlatformMSP']),
                /must name exactly the bundle's members/,
            ],
            [
                (v) => ((v.endorsementPolicy as { endorserRole: string }).endorserRole = 'boss'),
                /endorserRole must be one of/,
            ],
            [(v) => (v.orderers = []), /exactly one ordering organisation/],
            [(v) => (v.issuedAt = 'yesterday'), /\$\.issuedAt must be an ISO 8601 UTC time/],
            [
                (v) => (v.signatures = [{ mspId: 'BankMSP', certificate: 'x', signature: 'AA==' }]),
                /\$\.signatures\[0\]\.certificate/,
            ],
            [(v) => (v.orderers = [{ ...(v.orderers as object[])[0], mspId: 'BankMSP' }]), /BankMSP is listed twice/],
        ];
        for (const [edit, message] of cases) {
            expect(reparsed(edit)).toThrow(RootsBundleError);
            expect(reparsed(edit)).toThrow(message);
        }
        expect(() => parseRootsBundle('not json')).toThrow(/not valid JSON/);
    });
});
