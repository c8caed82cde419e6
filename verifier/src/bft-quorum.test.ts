import { beforeAll, describe, expect, it } from 'vitest';
import { utf8 } from './encoding/bytes.js';
import { type Receipt } from './receipt/receipt.js';
import { policyOfBundle, type RootsBundle } from './roots/roots-bundle.js';
import { bftBundle, newBftOrdering, withBlockSignatures, type TestBftOrdering } from './testing/bft-ordering.js';
import { fixtureReceipt, fixtureRoots } from './testing/fixtures.js';
import { check, failedChecks } from './testing/results.js';
import { newTestMember, type TestMember } from './testing/test-consortium.js';
import { verifyReceipt, type VerificationResult } from './verify-receipt.js';

/*
 * The recorded receipts re-signed by four test consenters (Bank, Notary, Court, Investor) whose keys the test holds:
 * n = 4 tolerates f = 1, so a block needs 3 distinct consenters' signatures. Only the SIGNATURES metadata changes,
 * so every other check still judges a real network's bytes.
 */
let bft: TestBftOrdering;
let roots: RootsBundle;
let bank2: TestMember;

beforeAll(async () => {
    bft = await newBftOrdering();
    roots = bftBundle(fixtureRoots(), bft);
    bank2 = await newTestMember('BankMSP');
});

function consenter(i: number): TestBftOrdering['consenters'][number] {
    return bft.consenters[i]!;
}

async function signedBy(...indexes: number[]): Promise<Receipt> {
    return withBlockSignatures(
        fixtureReceipt('direct'),
        indexes.map((i) => ({ consenter: consenter(i) })),
    );
}

function verify(receipt: Receipt, bundle: RootsBundle = roots): Promise<VerificationResult> {
    return verifyReceipt(receipt, { roots: bundle });
}

describe('a BFT block', () => {
    it('verifies with all four consenters’ signatures and names each signer', async () => {
        const result = await verify(await signedBy(0, 1, 2, 3));

        expect(failedChecks(result)).toEqual([]);
        const reason = check(result, 'orderer-signature').reason;
        expect(reason).toMatch(/^4 of 4 consenters signed \(quorum 3\): /);
        for (const mspId of ['BankMSP', 'NotaryMSP', 'CourtMSP', 'InvestorMSP']) {
            expect(reason).toContain(`(${mspId}, consenter #`);
        }
    });

    it('verifies exactly when at least 3 of the 4 consenters signed, for every subset', async () => {
        for (let mask = 0; mask < 16; mask++) {
            const subset = [0, 1, 2, 3].filter((i) => mask & (1 << i));
            const result = await verify(await signedBy(...subset));

            expect({ subset, ok: result.ok }).toEqual({ subset, ok: subset.length >= 3 });
            expect(failedChecks(result)).toEqual(subset.length >= 3 ? [] : ['orderer-signature']);
        }
    });

    it('verifies with consenters that name themselves in a signature header with their registered identity', async () => {
        const receipt = await withBlockSignatures(fixtureReceipt('direct'), [
            { signer: consenter(0).identity, mspId: 'BankMSP' },
            { consenter: consenter(1) },
            { consenter: consenter(2) },
        ]);

        expect(failedChecks(await verify(receipt))).toEqual([]);
    });

    it('summarises the consenters by number, or by name when the summary is checked with the consenter set', async () => {
        const receipt = await signedBy(0, 1, 2);

        expect(receipt.summary.orderedBy.map((o) => o.subject)).toEqual([
            'consenter #1',
            'consenter #2',
            'consenter #3',
        ]);
        expect(check(await verify(receipt), 'summary').status).toBe('pass');
    });
});

describe('a BFT block fails orderer-signature', () => {
    it('when a signature is removed below the quorum (2 of 4)', async () => {
        const result = await verify(await signedBy(0, 1));

        expect(failedChecks(result)).toEqual(['orderer-signature']);
        expect(check(result, 'orderer-signature').reason).toMatch(/^2 of 4 consenters signed \(quorum 3\)/);
    });

    it('when a member’s valid orderer certificate outside the set takes a consenter’s place', async () => {
        const outsider = bank2.identities.orderer;
        const withOutsiderRoots: RootsBundle = {
            ...roots,
            members: roots.members.map((m) =>
                m.mspId === 'BankMSP' ? { ...m, roots: [...m.roots, bank2.ca.pem] } : m,
            ),
        };
        const receipt = await withBlockSignatures(fixtureReceipt('direct'), [
            { consenter: consenter(0) },
            { consenter: consenter(1) },
            { signer: outsider, mspId: 'BankMSP' },
        ]);
        const result = await verify(receipt, withOutsiderRoots);

        expect(failedChecks(result)).toEqual(['orderer-signature']);
        expect(check(result, 'orderer-signature').reason).toMatch(
            /not counted: .*\(BankMSP\) signed but is not a consenter/,
        );
    });

    it('when one consenter signs twice under its own number', async () => {
        const receipt = await withBlockSignatures(fixtureReceipt('direct'), [
            { consenter: consenter(0) },
            { consenter: consenter(0) },
            { consenter: consenter(1) },
        ]);
        const result = await verify(receipt);

        expect(failedChecks(result)).toEqual(['orderer-signature']);
        expect(check(result, 'orderer-signature').reason).toMatch(/^2 of 4 .*again, which counts once/);
    });

    it('when one consenter signs under another consenter’s number', async () => {
        const receipt = await withBlockSignatures(fixtureReceipt('direct'), [
            { consenter: consenter(0) },
            { consenter: consenter(1) },
            { consenter: consenter(0), as: 3 },
        ]);
        const result = await verify(receipt);

        expect(failedChecks(result)).toEqual(['orderer-signature']);
        expect(check(result, 'orderer-signature').reason).toMatch(/consenter #3 .*does not verify over this block/);
    });

    it('when a signature names a consenter number that is not in the set', async () => {
        const receipt = await withBlockSignatures(fixtureReceipt('direct'), [
            { consenter: consenter(0) },
            { consenter: consenter(1) },
            { consenter: consenter(2), as: 9 },
        ]);
        const result = await verify(receipt);

        expect(failedChecks(result)).toEqual(['orderer-signature']);
        expect(check(result, 'orderer-signature').reason).toContain(
            "names consenter #9, who is not in the roots bundle's consenter set",
        );
    });

    it('when a consenter signed a different block header', async () => {
        const receipt = await withBlockSignatures(fixtureReceipt('direct'), [
            { consenter: consenter(0) },
            { consenter: consenter(1) },
            { consenter: consenter(2), header: utf8('another header') },
        ]);
        const result = await verify(receipt);

        expect(failedChecks(result)).toEqual(['orderer-signature']);
        expect(check(result, 'orderer-signature').reason).toMatch(/consenter #3 .*does not verify over this block/);
    });

    it('when a consenter’s registered certificate does not chain to its organisation’s roots', async () => {
        const foreign = await newTestMember('CourtMSP');
        const bundle: RootsBundle = {
            ...roots,
            ordering: {
                consensus: 'BFT',
                consenters: bft.consenters.map((c) => ({
                    id: c.id,
                    mspId: c.member.mspId,
                    identity: c.id === 3 ? foreign.identities.orderer.pem : c.identity.pem,
                })),
            },
        };
        const receipt = await withBlockSignatures(fixtureReceipt('direct'), [
            { consenter: consenter(0) },
            { consenter: consenter(1) },
            { consenter: { ...consenter(2), identity: foreign.identities.orderer } },
        ]);
        const result = await verify(receipt, bundle);

        expect(failedChecks(result)).toEqual(['certificate-chains', 'orderer-signature']);
        expect(check(result, 'orderer-signature').reason).toMatch(
            /consenter #3 .*\(CourtMSP\): its certificate is not trusted: not issued by any CourtMSP root/,
        );
    });

    it('when the consenter signs with its peer certificate registered as its identity (not role orderer)', async () => {
        const bundle: RootsBundle = {
            ...roots,
            ordering: {
                consensus: 'BFT',
                consenters: bft.consenters.map((c) => ({
                    id: c.id,
                    mspId: c.member.mspId,
                    identity: c.id === 3 ? c.member.identities.peer.pem : c.identity.pem,
                })),
            },
        };
        const receipt = await withBlockSignatures(fixtureReceipt('direct'), [
            { consenter: consenter(0) },
            { consenter: consenter(1) },
            { consenter: { ...consenter(2), identity: consenter(2).member.identities.peer } },
        ]);
        const result = await verify(receipt, bundle);

        expect(failedChecks(result)).toEqual(['orderer-signature']);
        expect(check(result, 'orderer-signature').reason).toContain('has role peer, not orderer');
    });
});

describe('an empty consenter set', () => {
    it('fails orderer-signature when a policy given directly names no consenters, whatever signed the block', async () => {
        const policy = { ...policyOfBundle(roots), ordering: { consensus: 'BFT', consenters: [] } as const };

        const result = await verifyReceipt(await signedBy(0, 1, 2, 3), { roots, policy });

        expect(failedChecks(result)).toEqual(['orderer-signature']);
        expect(check(result, 'orderer-signature').reason).toBe(
            'the BFT consenter set is empty, so no block can reach a quorum',
        );
    });
});

describe('a Raft roots bundle', () => {
    it('refuses consenter signatures, which only a BFT bundle can attribute', async () => {
        // The Raft network's own receipt and /2 bundle, so that only the ordering signatures are in question.
        const receipt = await withBlockSignatures(
            fixtureReceipt('direct', 'raft-v2'),
            [0, 1, 2, 3].map((i) => ({ consenter: consenter(i) })),
        );
        const result = await verify(receipt, fixtureRoots('raft-v2'));

        expect(failedChecks(result)).toEqual(['orderer-signature']);
        expect(check(result, 'orderer-signature').reason).toContain('the roots bundle states Raft ordering');
    });
});
