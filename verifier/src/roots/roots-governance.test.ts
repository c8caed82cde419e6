import { type ConsortiumConsenter, type ConsortiumOrdering } from '@lendledger/domain';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
    draftBundle,
    newCrl,
    newTestConsortium,
    newTestMember,
    signedBy,
    signedByAdmins,
    type TestConsortium,
} from '../testing/test-consortium.js';
import { bftOrderingOf, type BftArrangement, type TestBftOrdering } from '../testing/bft-ordering.js';
import { fixtureRoots } from '../testing/fixtures.js';
import { parseRootsBundle, policyOfBundle, serialiseRootsBundle, type RootsBundle } from './roots-bundle.js';
import { orderingAfter } from './ordering-history.js';
import { followRootsUpdates, rootsBodyHash, verifyRootsBundle } from './roots-governance.js';
import { ROOTS_GOVERNANCE_CODES as CODES, RootsGovernanceError } from './roots-governance-error.js';

let consortium: TestConsortium;
let v1: RootsBundle;

beforeAll(async () => {
    consortium = await newTestConsortium();
    v1 = await signedByAdmins(draftBundle(consortium), consortium.members);
});

async function refusal(promise: Promise<unknown>): Promise<RootsGovernanceError> {
    const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RootsGovernanceError);
    return error as RootsGovernanceError;
}

describe('verifyRootsBundle', () => {
    it('accepts the recorded network’s bundle: version 1 signed by the admins of all five members', async () => {
        const recorded = fixtureRoots();

        await expect(verifyRootsBundle(recorded, { pin: rootsBodyHash(recorded) })).resolves.toBe(recorded);
        expect(recorded.signatures.map((s) => s.mspId).sort()).toEqual(recorded.members.map((m) => m.mspId).sort());
    });

    it('accepts version 1 signed by all five members’ admins', async () => {
        await expect(verifyRootsBundle(v1)).resolves.toBe(v1);
    });

    it('is valid exactly when a strict majority of distinct members signed (any subset, any order, repeats)', async () => {
        const ids = consortium.members.map((m) => m.mspId);
        await fc.assert(
            fc.asyncProperty(fc.array(fc.constantFrom(...ids), { maxLength: 8 }), async (signers) => {
                const draft = draftBundle(consortium);
                const bundle = await signedByAdmins(
                    draft,
                    signers.map((id) => consortium.member(id)),
                );
                const distinct = new Set(signers).size;
                const outcome = await verifyRootsBundle(bundle).then(
                    () => 'valid',
                    (e: RootsGovernanceError) => e.code,
                );
                expect(outcome).toBe(distinct * 2 > ids.length ? 'valid' : CODES.minority);
            }),
            { numRuns: 40 },
        );
    });

    it('refuses a bundle signed by two of five with ROOTS_MINORITY, naming who signed', async () => {
        const bundle = await signedByAdmins(draftBundle(consortium), consortium.members.slice(0, 2));

        const error = await refusal(verifyRootsBundle(bundle));

        expect(error.code).toBe(CODES.minority);
        expect(error.version).toBe(1);
        expect(error.message).toMatch(/signed by 2 of 5 .*a strict majority is 3/);
    });

    it('refuses a signer whose certificate is not an admin certificate (a client of a member)', async () => {
        const [platform] = consortium.members;
        const bundle = await signedBy(v1, platform!.mspId, platform!.identities.client);

        const error = await refusal(verifyRootsBundle(bundle));

        expect(error.code).toBe(CODES.signerNotAdmin);
        expect(error.mspId).toBe(platform!.mspId);
    });

    it('refuses a signature from an organisation that is not a member', async () => {
        const outsider = await newTestMember('OutsiderMSP');
        const bundle = await signedBy(v1, outsider.mspId, outsider.identities.admin);

        expect((await refusal(verifyRootsBundle(bundle))).code).toBe(CODES.signerNotMember);
    });

    it('refuses an admin of one member signing in another member’s name', async () => {
        const [platform, bank] = consortium.members;
        const bundle = await signedBy(v1, bank!.mspId, platform!.identities.admin);

        const error = await refusal(verifyRootsBundle(bundle));

        expect(error.code).toBe(CODES.signerUntrusted);
        expect(error.message).toMatch(/not issued by any BankMSP root/);
    });

    it('refuses the signatures once any member of the body is edited', async () => {
        const edits: ((b: RootsBundle) => RootsBundle)[] = [
            (b) => ({ ...b, channel: 'other' }),
            (b) => ({ ...b, chaincode: 'other' }),
            (b) => ({ ...b, network: 'other' }),
            (b) => ({ ...b, issuedAt: '2026-01-02T00:00:00.000Z' }),
            (b) => ({ ...b, endorsementPolicy: { ...b.endorsementPolicy, outOf: 1 } }),
            (b) => ({ ...b, endorsementPolicy: { ...b.endorsementPolicy, writerRoles: ['admin'] } }),
            (b) => ({ ...b, members: b.members.map((m, i) => (i === 0 ? { ...m, purpose: 'other' } : m)) }),
            (b) => ({ ...b, members: b.members.map((m, i) => (i === 1 ? { ...m, roots: b.orderers[0]!.roots } : m)) }),
            (b) => ({ ...b, orderers: [{ ...b.orderers[0]!, role: 'peer' }] }),
            (b) => ({ ...b, timestampAuthorities: [{ name: 'tsa', certificates: b.orderers[0]!.roots }] }),
        ];
        for (const edit of edits) {
            const error = await refusal(verifyRootsBundle(edit(v1)));
            expect(error.code).toBe(CODES.badSignature);
        }
    });

    it('refuses a bundle that does not hash to the pin', async () => {
        await expect(verifyRootsBundle(v1, { pin: rootsBodyHash(v1) })).resolves.toBe(v1);
        const error = await refusal(verifyRootsBundle(v1, { pin: '0'.repeat(64) }));
        expect(error.code).toBe(CODES.pinMismatch);
    });

    it('refuses a CRL listed under a member but not signed by that member’s CA', async () => {
        const [platform, bank] = consortium.members;
        // Issued in the Platform CA's name, signed with the Bank CA's key.
        const forged = await newCrl(platform!.ca, [], bank!.ca);
        const bundle = await signedByAdmins(
            draftBundle(consortium, { crls: { [platform!.mspId]: [forged] } }),
            consortium.members,
        );

        const error = await refusal(verifyRootsBundle(bundle));

        expect(error.code).toBe(CODES.crlInvalid);
        expect(error.message).toMatch(/PlatformMSP .*not signed by a PlatformMSP CA/);
    });

    it('refuses a signer the bundle’s own CRL revoked before the bundle was issued', async () => {
        const [platform, bank, notary] = consortium.members;
        const crl = await newCrl(platform!.ca, [
            { serial: platform!.identities.admin.serial, at: new Date('2025-06-01T00:00:00Z') },
        ]);
        const bundle = await signedByAdmins(draftBundle(consortium, { crls: { [platform!.mspId]: [crl] } }), [
            platform!,
            bank!,
            notary!,
        ]);

        const error = await refusal(verifyRootsBundle(bundle));

        expect(error.code).toBe(CODES.signerUntrusted);
        expect(error.message).toMatch(/was revoked on 2025-06-01/);
    });
});

describe('followRootsUpdates', () => {
    it('returns the pinned bundle when there is no update', async () => {
        await expect(followRootsUpdates(v1, [])).resolves.toBe(v1);
    });

    it('follows an update signed by three of five and refuses one signed by two', async () => {
        const draft = draftBundle(consortium, { previous: v1 });
        const byThree = await signedByAdmins(draft, consortium.members.slice(2));
        const byTwo = await signedByAdmins(draft, consortium.members.slice(3));

        await expect(followRootsUpdates(v1, [byThree])).resolves.toBe(byThree);
        const error = await refusal(followRootsUpdates(v1, [byTwo]));
        expect(error.code).toBe(CODES.minority);
        expect(error.version).toBe(2);
    });

    it('refuses an update whose previous is not the hash of the version it follows', async () => {
        const draft = { ...draftBundle(consortium, { previous: v1 }), previous: 'ab'.repeat(32) };
        const update = await signedByAdmins(draft, consortium.members);

        const error = await refusal(followRootsUpdates(v1, [update]));

        expect(error.code).toBe(CODES.wrongPrevious);
        expect(error.message).toContain(rootsBodyHash(v1));
    });

    it('refuses an update that skips a version or repeats one', async () => {
        const v2 = await signedByAdmins(draftBundle(consortium, { previous: v1 }), consortium.members);
        const skipped = await signedByAdmins(
            { ...draftBundle(consortium, { previous: v1 }), version: 3 },
            consortium.members,
        );

        expect((await refusal(followRootsUpdates(v1, [skipped]))).code).toBe(CODES.versionNotNext);
        expect((await refusal(followRootsUpdates(v1, [v2, v2]))).code).toBe(CODES.versionNotNext);
    });

    it('follows a chain of two updates, each governed by the version before it', async () => {
        const [platform, bank, notary, court, investor] = consortium.members;
        const audit = await newTestMember('AuditMSP');
        // Version 2 replaces the investor by an auditor; three of version 1's five sign it.
        const v2 = await signedByAdmins(
            draftBundle(consortium, { previous: v1, members: [platform!, bank!, notary!, court!, audit] }),
            [platform!, bank!, court!],
        );
        const v3Draft = draftBundle(consortium, { previous: v2, members: [platform!, bank!, notary!, court!, audit] });
        // The auditor now governs; the investor no longer does.
        const v3 = await signedByAdmins(v3Draft, [audit, notary!, court!]);
        const v3WithInvestor = await signedByAdmins(v3Draft, [audit, notary!, investor!]);

        const effective = await followRootsUpdates(v1, [v2, v3]);

        expect(effective.version).toBe(3);
        expect(effective.members.map((m) => m.mspId)).toContain('AuditMSP');
        const error = await refusal(followRootsUpdates(v1, [v2, v3WithInvestor]));
        expect(error.code).toBe(CODES.signerNotMember);
        expect(error.mspId).toBe('InvestorMSP');
        // Signed by the auditor alone of the new members, version 2 would not have bound under version 1.
        const v2ByNewcomer = await signedByAdmins(
            draftBundle(consortium, { previous: v1, members: [platform!, bank!, notary!, court!, audit] }),
            [audit, platform!, bank!],
        );
        expect((await refusal(followRootsUpdates(v1, [v2ByNewcomer]))).code).toBe(CODES.signerNotMember);
    });

    it('refuses an update signed by admins the governing version revoked, however early the update dates itself', async () => {
        // Version 2 (issued in June) revokes three admins as of May. Those three then sign a version 3 dated in
        // April: an update cannot have been issued before the version it follows, so they are judged as of June.
        const revokedAt = new Date('2026-05-01T00:00:00.000Z');
        const crls: Record<string, string[]> = {};
        for (const member of consortium.members.slice(0, 3)) {
            crls[member.mspId] = [await newCrl(member.ca, [{ serial: member.identities.admin.serial, at: revokedAt }])];
        }
        const v2 = await signedByAdmins(
            { ...draftBundle(consortium, { previous: v1, crls }), issuedAt: '2026-06-01T00:00:00.000Z' },
            consortium.members,
        );
        const v3Draft = { ...draftBundle(consortium, { previous: v2 }), issuedAt: '2026-04-01T00:00:00.000Z' };

        const backdated = await refusal(
            followRootsUpdates(v1, [v2, await signedByAdmins(v3Draft, consortium.members.slice(0, 3))]),
        );
        expect(backdated.code).toBe(CODES.signerUntrusted);
        expect(backdated.message).toMatch(/was revoked on 2026-05-01/);
        // The control: the two members not revoked and a third signing after v2 would be judged as usual.
        const honest = await signedByAdmins(
            { ...v3Draft, issuedAt: '2026-07-01T00:00:00.000Z' },
            consortium.members.slice(2),
        );
        expect((await refusal(followRootsUpdates(v1, [v2, honest]))).mspId).toBe(consortium.members[2]!.mspId);
        const unrevoked = await signedByAdmins(
            { ...v3Draft, issuedAt: '2026-07-01T00:00:00.000Z' },
            consortium.members.slice(3),
        );
        expect((await refusal(followRootsUpdates(v1, [v2, unrevoked]))).code).toBe(CODES.minority);
    });
});

describe('a BFT ordering in the roots bundle', () => {
    const consentersOf = (): TestBftOrdering => bftOrderingOf(consortium.members.slice(1));

    it('refuses the signatures once the consenter set is edited', async () => {
        const bft = consentersOf();
        const signed = await signedByAdmins(draftBundle(consortium, { ordering: bft.ordering }), consortium.members);
        const set = bft.consenters.map((c) => ({ id: c.id, mspId: c.member.mspId, identity: c.identity.pem }));
        const platformOrderer = consortium.members[0]!.identities.orderer.pem;
        const edits: ((b: RootsBundle) => RootsBundle)[] = [
            (b) => ({ ...b, ordering: { consensus: 'BFT', consenters: set.slice(1) } }),
            (b) => ({
                ...b,
                ordering: { consensus: 'BFT', consenters: set.map((c, i) => (i === 0 ? { ...c, id: 7 } : c)) },
            }),
            (b) => ({
                ...b,
                ordering: {
                    consensus: 'BFT',
                    consenters: [...set, { id: 5, mspId: 'PlatformMSP', identity: platformOrderer }],
                },
            }),
            (b) => ({
                ...b,
                ordering: {
                    consensus: 'BFT',
                    consenters: set.map((c, i) => (i === 0 ? { ...c, identity: platformOrderer } : c)),
                },
            }),
            (b) => ({ ...b, ordering: { consensus: 'etcdraft' } }),
        ];

        await expect(verifyRootsBundle(signed)).resolves.toBe(signed);
        for (const edit of edits) {
            expect((await refusal(verifyRootsBundle(edit(signed)))).code).toBe(CODES.badSignature);
        }
    });

    it('follows a Raft lendledger-roots/2 bundle, whose signed body has no ordering, to a BFT /3 update', async () => {
        // A /2 body has no "ordering" member at all, not even an undefined one.
        const draft: Record<string, unknown> = { ...draftBundle(consortium), format: 'lendledger-roots/2' };
        delete draft.ordering;
        const v2Format = await signedByAdmins(draft as unknown as RootsBundle, consortium.members);
        const reread = parseRootsBundle(serialiseRootsBundle(v2Format));
        // The Raft arrangement moves into the history, ending at the last block it signed.
        const ordering = orderingAfter(reread, consentersOf().ordering, 41);
        const update = await signedByAdmins(
            draftBundle(consortium, { previous: reread, ordering }),
            consortium.members.slice(2),
        );

        expect(reread).not.toHaveProperty('ordering');
        expect(policyOfBundle(reread).ordering).toEqual({ consensus: 'etcdraft' });
        await expect(verifyRootsBundle(reread, { pin: rootsBodyHash(v2Format) })).resolves.toBe(reread);
        const effective = await followRootsUpdates(reread, [update]);
        expect(effective.format).toBe('lendledger-roots/3');
        expect(policyOfBundle(effective).ordering?.consensus).toBe('BFT');
        expect(effective.ordering?.earlier).toEqual([{ untilBlock: 41, consensus: 'etcdraft', mspId: 'OrdererMSP' }]);
    });
});

describe('an update that changes the ordering', () => {
    let bftV1: RootsBundle;
    const four = (): TestBftOrdering => bftOrderingOf(consortium.members.slice(1));

    beforeAll(async () => {
        bftV1 = await signedByAdmins(draftBundle(consortium, { ordering: four().ordering }), consortium.members);
    });

    /** Version 2 of `bftV1` with `ordering`, signed by the admins of `signers` (all five members by default). */
    function update(ordering: ConsortiumOrdering, signers = consortium.members): Promise<RootsBundle> {
        return signedByAdmins(draftBundle(consortium, { previous: bftV1, ordering }), signers);
    }

    function withConsenters(consenters: readonly ConsortiumConsenter[]): BftArrangement {
        return { consensus: 'BFT', consenters };
    }

    it('is followed when it adds a fifth consenter and records the four that ordered until then', async () => {
        const [platform] = consortium.members;
        const five = withConsenters([
            ...four().ordering.consenters,
            { id: 5, mspId: platform!.mspId, identity: platform!.identities.orderer.pem },
        ]);

        const v2 = await update(orderingAfter(bftV1, five, 120));

        await expect(followRootsUpdates(bftV1, [v2])).resolves.toBe(v2);
        expect(v2.ordering?.earlier).toEqual([{ untilBlock: 120, ...four().ordering }]);
    });

    it('refuses a return from BFT to Raft with ROOTS_ORDERING_DOWNGRADE, whoever signs it', async () => {
        const v2 = await update(orderingAfter(bftV1, { consensus: 'etcdraft' }, 120));

        const error = await refusal(followRootsUpdates(bftV1, [v2]));

        expect(error.code).toBe(CODES.orderingDowngrade);
        expect(error.message).toMatch(/returns the ordering to Raft/);
    });

    it('refuses a new consenter set signed by a majority of members that runs fewer than a quorum of the old consenters', async () => {
        const [platform, bank, notary, court] = consortium.members;
        const rotated = withConsenters(
            four().ordering.consenters.map((c) =>
                c.mspId === court!.mspId ? { ...c, identity: platform!.identities.orderer.pem } : c,
            ),
        );
        const ordering = orderingAfter(bftV1, rotated, 120);

        // Platform runs no consenter: Bank and Notary run 2 of 4, short of the quorum of 3.
        const short = await refusal(followRootsUpdates(bftV1, [await update(ordering, [platform!, bank!, notary!])]));
        expect(short.code).toBe(CODES.consenterQuorum);
        expect(short.message).toMatch(
            /a quorum \(3 of 4\) of version 1's consenters .*the signers run 2 \(BankMSP, NotaryMSP\)/,
        );
        const enough = await update(ordering, [bank!, notary!, court!]);
        await expect(followRootsUpdates(bftV1, [enough])).resolves.toBe(enough);
    });

    it('refuses a one-consenter set (quorum 1) without the old consenters’ quorum, and the parser refuses it anyway', async () => {
        const [platform, bank, notary] = consortium.members;
        const lone = withConsenters([{ id: 1, mspId: platform!.mspId, identity: platform!.identities.orderer.pem }]);
        const v2 = await update(orderingAfter(bftV1, lone, 120), [platform!, bank!, notary!]);

        expect((await refusal(followRootsUpdates(bftV1, [v2]))).code).toBe(CODES.consenterQuorum);
        expect(() => parseRootsBundle(serialiseRootsBundle(v2))).toThrow(/PlatformMSP runs 1 of 1 consenters/);
    });

    it('refuses with ROOTS_ORDERING_HISTORY_REWRITTEN an update that drops, edits, forgets or invents history', async () => {
        const [platform] = consortium.members;
        const five = withConsenters([
            ...four().ordering.consenters,
            { id: 5, mspId: platform!.mspId, identity: platform!.identities.orderer.pem },
        ]);
        const v2 = await update(orderingAfter(bftV1, five, 120));
        const next = (ordering: ConsortiumOrdering): Promise<RootsBundle> =>
            signedByAdmins(draftBundle(consortium, { previous: v2, ordering }), consortium.members);
        const recorded = v2.ordering!.earlier!;
        const cases: [ConsortiumOrdering, RegExp][] = [
            [five, /drops entry 0 of version 2's history \(BFT until block 120\)/],
            [{ ...five, earlier: [{ ...recorded[0]!, untilBlock: 7 }] }, /edits entry 0/],
            [{ ...four().ordering, earlier: recorded }, /must end with exactly version 2's arrangement/],
            [{ ...five, earlier: [...recorded, { untilBlock: 130, ...four().ordering }] }, /adds 1 arrangement/],
            [
                { ...four().ordering, earlier: [...recorded, { untilBlock: 90, ...five }] },
                /at block 90, before block 120/,
            ],
        ];

        // The control: the same arrangement with the same history is followed.
        const kept = await next(v2.ordering!);
        await expect(followRootsUpdates(bftV1, [v2, kept])).resolves.toBe(kept);
        for (const [ordering, message] of cases) {
            const outcome = await followRootsUpdates(bftV1, [v2, await next(ordering)]).then(
                () => undefined,
                (e: unknown) => e,
            );
            expect(outcome).toBeInstanceOf(RootsGovernanceError);
            expect((outcome as RootsGovernanceError).code).toBe(CODES.historyRewritten);
            expect((outcome as RootsGovernanceError).message).toMatch(message);
        }
    });
});
