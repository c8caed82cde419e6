import { beforeAll, describe, expect, it } from 'vitest';
import { bftBundle, newBftOrdering, type TestBftOrdering } from '../testing/bft-ordering.js';
import { fixtureRoots } from '../testing/fixtures.js';
import { reissueIdentity } from '../testing/test-consortium.js';
import {
    parseRootsBundle,
    ROOTS_FORMAT,
    policyOfBundle,
    RootsBundleError,
    serialiseRootsBundle,
    type RootsBundle,
} from './roots-bundle.js';

/** The BFT network's bundle (`lendledger-roots/3`), and the Raft network's before it (`lendledger-roots/2`). */
const bundle = fixtureRoots();
const raft = fixtureRoots('raft-v2');
const MEMBERS = ['PlatformMSP', 'BankMSP', 'NotaryMSP', 'CourtMSP', 'InvestorMSP'];

function reparsed(edit: (value: Record<string, unknown>) => void): () => RootsBundle {
    const value = JSON.parse(serialiseRootsBundle(raft)) as Record<string, unknown>;
    edit(value);
    return () => parseRootsBundle(JSON.stringify(value));
}

describe('parseRootsBundle', () => {
    it('reads the five members and four member consenters, with no ordering organisation, and serialises back to the same bundle', () => {
        expect(bundle.format).toBe(ROOTS_FORMAT);
        expect(bundle.members.map((m) => m.mspId)).toEqual(MEMBERS);
        expect(bundle.orderers).toEqual([]);
        expect(bundle.ordering?.consensus).toBe('BFT');
        const consenters = bundle.ordering?.consensus === 'BFT' ? bundle.ordering.consenters : [];
        expect(consenters.map((c) => [c.id, c.mspId])).toEqual([
            [1, 'BankMSP'],
            [2, 'NotaryMSP'],
            [3, 'CourtMSP'],
            [4, 'InvestorMSP'],
        ]);
        expect(parseRootsBundle(serialiseRootsBundle(bundle))).toEqual(bundle);
    });

    it('reads a Raft network’s lendledger-roots/2 bundle: five members, one ordering organisation, no ordering', () => {
        expect(raft.format).toBe('lendledger-roots/2');
        expect(raft.members.map((m) => m.mspId)).toEqual(MEMBERS);
        expect(raft.orderers.map((o) => o.mspId)).toEqual(['OrdererMSP']);
        expect(raft.ordering).toBeUndefined();
        expect(parseRootsBundle(serialiseRootsBundle(raft))).toEqual(raft);
    });

    it('states the consortium policy every check uses, with the consenter set the bundle lists', () => {
        const common = {
            channel: 'lending',
            chaincode: 'lendledger',
            organisations: MEMBERS,
            requiredEndorsingOrganisations: 2,
            endorserRole: 'peer',
            writerRoles: ['client', 'admin'],
            ordererRole: 'orderer',
        };

        // With no ordering organisation the first consenter's MSP stands in for ordererMspId (only Raft reads it).
        expect(policyOfBundle(bundle)).toEqual({ ...common, ordererMspId: 'BankMSP', ordering: bundle.ordering });
        expect(policyOfBundle(raft)).toEqual({
            ...common,
            ordererMspId: 'OrdererMSP',
            ordering: { consensus: 'etcdraft' },
        });
    });

    it('throws RootsBundleError naming the member of a lendledger-roots/2 bundle that is wrong', () => {
        const cases: [(value: Record<string, unknown>) => void, RegExp][] = [
            [
                (v) => (v.format = 'lendledger-roots/1'),
                /"format" must be one of "lendledger-roots\/2", "lendledger-roots\/3"/,
            ],
            [(v) => (v.ordering = { consensus: 'etcdraft' }), /lendledger-roots\/2 has no "ordering"/],
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

describe('parseRootsBundle of lendledger-roots/3', () => {
    let bft: TestBftOrdering;
    let v3: RootsBundle;

    beforeAll(async () => {
        bft = await newBftOrdering();
        v3 = bftBundle(bundle, bft);
    });

    function reparsedV3(edit: (value: Record<string, unknown> & { ordering: Record<string, unknown> }) => void) {
        const value = JSON.parse(serialiseRootsBundle(v3)) as Record<string, unknown> & {
            ordering: Record<string, unknown>;
        };
        edit(value);
        return () => parseRootsBundle(JSON.stringify(value));
    }

    it('reads a BFT ordering of four member consenters with no ordering organisation, and states it in the policy', () => {
        const parsed = parseRootsBundle(serialiseRootsBundle(v3));

        expect(parsed).toEqual(v3);
        expect(parsed.orderers).toEqual([]);
        expect(policyOfBundle(parsed).ordering).toEqual({
            consensus: 'BFT',
            consenters: bft.consenters.map((c) => ({ id: c.id, mspId: c.member.mspId, identity: c.identity.pem })),
        });
    });

    it('reads an etcdraft ordering with its one ordering organisation', () => {
        const etcdraft = { ...raft, format: ROOTS_FORMAT, ordering: { consensus: 'etcdraft' } } as RootsBundle;

        expect(policyOfBundle(parseRootsBundle(serialiseRootsBundle(etcdraft))).ordering).toEqual({
            consensus: 'etcdraft',
        });
    });

    it('throws RootsBundleError naming what is wrong with the ordering', () => {
        const consenters = (v: { ordering: Record<string, unknown> }): Record<string, unknown>[] =>
            v.ordering.consenters as Record<string, unknown>[];
        const cases: [(value: Record<string, unknown> & { ordering: Record<string, unknown> }) => void, RegExp][] = [
            [(v) => delete (v as Record<string, unknown>).ordering, /\$\.ordering must be an object/],
            [(v) => (v.ordering.consensus = 'solo'), /consensus must be "etcdraft" or "BFT"/],
            [(v) => (v.ordering.consenters = []), /at least one consenter/],
            [(v) => (consenters(v)[1]!.id = 1), /consenters\[1\]\.id 1 is already the number of another consenter/],
            [(v) => (consenters(v)[0]!.id = 0), /consenters\[0\]\.id must be a positive integer/],
            [(v) => (consenters(v)[0]!.id = 1.5), /consenters\[0\]\.id must be a positive integer/],
            [(v) => (consenters(v)[2]!.mspId = 'OrdererMSP'), /OrdererMSP is neither a member nor an orderer/],
            [(v) => (consenters(v)[0]!.identity = 'x'), /consenters\[0\]\.identity\[0\] must be a PEM certificate/],
            [
                (v) => (consenters(v)[3]!.identity = consenters(v)[0]!.identity),
                /consenters\[3\]\.identity carries the public key of consenter #1/,
            ],
            [(v) => (v.ordering = { consensus: 'etcdraft' }), /exactly one ordering organisation/],
            [(v) => (v.ordering = { consensus: 'etcdraft', consenters: [] }), /etcdraft lists no "consenters"/],
        ];
        for (const [edit, message] of cases) {
            expect(reparsedV3(edit)).toThrow(RootsBundleError);
            expect(reparsedV3(edit)).toThrow(message);
        }
    });

    it('refuses two consenters whose different certificates carry one public key', async () => {
        const first = bft.consenters[0]!;
        const again = await reissueIdentity(first.member, first.identity, 'orderer');
        const sameKey = reparsedV3((v) => {
            (v.ordering.consenters as Record<string, unknown>[])[1]!.identity = again.pem;
        });

        expect(again.pem).not.toBe(first.identity.pem);
        expect(sameKey).toThrow(RootsBundleError);
        expect(sameKey).toThrow(/consenters\[1\]\.identity carries the public key of consenter #1/);
    });

    it('refuses a set in which one organisation runs more than f = ⌊(n − 1) / 3⌋ consenters', () => {
        const runBy = (mspIds: readonly string[]) =>
            reparsedV3((v) => {
                const identities = bft.consenters.flatMap((c) => [c.identity.pem, c.member.identities.peer.pem]);
                v.ordering.consenters = mspIds.map((mspId, i) => ({ id: i + 1, mspId, identity: identities[i] }));
            });

        expect(runBy(['BankMSP', 'BankMSP', 'BankMSP', 'CourtMSP'])).toThrow(
            /BankMSP runs 3 of 4 consenters, but with 4 no organisation may run more than f = 1/,
        );
        expect(runBy(['BankMSP', 'BankMSP', 'NotaryMSP', 'CourtMSP'])).toThrow(/BankMSP runs 2 of 4 consenters/);
        expect(runBy(['BankMSP', 'NotaryMSP', 'CourtMSP'])).toThrow(/runs 1 of 3 consenters, .* f = 0/);
        // Seven tolerate two faulty: two each is allowed.
        const seven = ['BankMSP', 'BankMSP', 'NotaryMSP', 'NotaryMSP', 'CourtMSP', 'CourtMSP', 'InvestorMSP'];
        expect(runBy(seven)).not.toThrow();
        expect(runBy([...seven.slice(0, 6), 'BankMSP'])).toThrow(/BankMSP runs 3 of 7 consenters/);
    });

    it('reads the ordering history and serialises it back unchanged', () => {
        const earlier = [{ untilBlock: 40, ...bft.ordering }];
        const withHistory = { ...v3, ordering: { ...bft.ordering, earlier } } as RootsBundle;

        const parsed = parseRootsBundle(serialiseRootsBundle(withHistory));

        expect(parsed.ordering?.earlier).toEqual(earlier);
        expect(parsed).toEqual(withHistory);
    });

    it('throws RootsBundleError naming what is wrong with the ordering history', () => {
        const entry = (untilBlock: unknown): Record<string, unknown> => ({ untilBlock, ...bft.ordering });
        const cases: [(value: { ordering: Record<string, unknown> }) => void, RegExp][] = [
            [(v) => (v.ordering.earlier = {}), /\$\.ordering\.earlier must be an array/],
            [(v) => (v.ordering.earlier = [entry(-1)]), /earlier\[0\]\.untilBlock must be a block number/],
            [(v) => (v.ordering.earlier = [entry('7')]), /earlier\[0\]\.untilBlock must be a block number/],
            [
                (v) => (v.ordering.earlier = [entry(10), entry(5)]),
                /earlier\[1\]\.untilBlock must be a block number, no lower than the entry before it \(10\)/,
            ],
            [
                (v) => (v.ordering.earlier = [{ ...entry(10), earlier: [] }]),
                /earlier\[0\] is one arrangement and has no "earlier"/,
            ],
            [
                (v) => (v.ordering.earlier = [{ untilBlock: 10, consensus: 'etcdraft', mspId: 'OrdererMSP' }]),
                /earlier\[0\]\.mspId OrdererMSP must stay listed under "orderers"/,
            ],
            [
                (v) => (v.ordering.earlier = [{ untilBlock: 10, consensus: 'etcdraft' }]),
                /earlier\[0\]\.mspId must be a non-empty string/,
            ],
        ];
        for (const [edit, message] of cases) {
            expect(reparsedV3(edit)).toThrow(RootsBundleError);
            expect(reparsedV3(edit)).toThrow(message);
        }
    });
});
