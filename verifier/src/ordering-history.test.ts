import { type ConsortiumOrdering } from '@lendledger/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Receipt } from './receipt/receipt.js';
import { orderingAfter } from './roots/ordering-history.js';
import { parseRootsBundle, ROOTS_FORMAT, serialiseRootsBundle, type RootsBundle } from './roots/roots-bundle.js';
import { followRootsUpdates, rootsBodyHash } from './roots/roots-governance.js';
import { bftOrderingOf, withBlockSignatures, type TestBftOrdering } from './testing/bft-ordering.js';
import { fixtureDocument, fixtureReceipt, fixtureRoots } from './testing/fixtures.js';
import { check, failedChecks } from './testing/results.js';
import { issueIdentity, newTestConsortium, signedByAdmins, type TestConsortium } from './testing/test-consortium.js';
import { verifyReceipt } from './verify-receipt.js';

/*
 * A receipt is judged by the ordering arrangement that signed its block, which the roots bundle keeps in
 * `ordering.earlier` after an update replaces it. The recorded networks' bundles are taken over by a test
 * consortium (each member's CA added to its roots) so that the test can sign the updates, and the BFT receipt is
 * re-signed by that consortium's consenters; every other check still judges a real network's bytes.
 */
let consortium: TestConsortium;
let bft: TestBftOrdering;
const { document, salt } = fixtureDocument();

beforeAll(async () => {
    consortium = await newTestConsortium();
    bft = bftOrderingOf(consortium.members.slice(1));
});

/** Version 1 of a recorded network's bundle, governed by the test consortium's admins, with `ordering`. */
async function takenOver(base: RootsBundle, ordering?: ConsortiumOrdering): Promise<RootsBundle> {
    const draft: { -readonly [K in keyof RootsBundle]: RootsBundle[K] } = {
        ...base,
        version: 1,
        members: base.members.map((m) => ({ ...m, roots: [...m.roots, consortium.member(m.mspId).ca.pem] })),
        signatures: [],
    };
    delete draft.previous;
    delete draft.ordering;
    if (ordering !== undefined) {
        draft.ordering = ordering;
    }
    return parseRootsBundle(serialiseRootsBundle(await signedByAdmins(draft, consortium.members)));
}

/** The signed `lendledger-roots/3` update of `previous` stating `ordering`. */
async function updated(previous: RootsBundle, ordering: ConsortiumOrdering): Promise<RootsBundle> {
    const draft: RootsBundle = {
        ...previous,
        format: ROOTS_FORMAT,
        version: previous.version + 1,
        previous: rootsBodyHash(previous),
        ordering,
        signatures: [],
    };
    return followRootsUpdates(previous, [await signedByAdmins(draft, consortium.members)]);
}

describe('a BFT receipt after the consenter set changed', () => {
    let v1: RootsBundle;
    let receipt: Receipt;
    let block: number;

    beforeAll(async () => {
        v1 = await takenOver(fixtureRoots(), bft.ordering);
        receipt = await withBlockSignatures(
            fixtureReceipt('direct'),
            bft.consenters.slice(0, 3).map((consenter) => ({ consenter })),
        );
        block = receipt.summary.blockNumber;
    });

    function withFifth(): ConsortiumOrdering {
        const platform = consortium.members[0]!;
        return {
            consensus: 'BFT',
            consenters: [
                ...bft.ordering.consenters,
                { id: 5, mspId: platform.mspId, identity: platform.identities.orderer.pem },
            ],
        };
    }

    it('verifies against the version before the change (the control)', async () => {
        expect(failedChecks(await verifyReceipt(receipt, { roots: v1, document, salt }))).toEqual([]);
    });

    it('still verifies after a fifth consenter (quorum 4) joins after its block', async () => {
        const v2 = await updated(v1, orderingAfter(v1, withFifth(), block));

        const result = await verifyReceipt(receipt, { roots: v2, document, salt });

        expect(failedChecks(result)).toEqual([]);
        expect(check(result, 'orderer-signature').reason).toMatch(
            new RegExp(
                `^block ${block} was ordered by the BFT arrangement in force until block ${block}: 3 of 4 consenters signed \\(quorum 3\\)`,
            ),
        );
    });

    it('still verifies after one consenter’s certificate is rotated after its block, naming the old certificate', async () => {
        const court = consortium.member('CourtMSP');
        const rotatedIdentity = await issueIdentity(court, 'orderer');
        const rotated: ConsortiumOrdering = {
            consensus: 'BFT',
            consenters: bft.ordering.consenters.map((c) =>
                c.mspId === court.mspId ? { ...c, identity: rotatedIdentity.pem } : c,
            ),
        };
        const v2 = await updated(v1, orderingAfter(v1, rotated, block + 10));

        const result = await verifyReceipt(receipt, { roots: v2, document, salt });

        expect(failedChecks(result)).toEqual([]);
        expect(check(result, 'summary').status).toBe('pass');
    });

    it('is judged by the newer arrangement when its block comes after untilBlock, and then lacks a quorum', async () => {
        const v2 = await updated(v1, orderingAfter(v1, withFifth(), block - 1));

        const result = await verifyReceipt(receipt, { roots: v2, document, salt });

        expect(failedChecks(result)).toEqual(['orderer-signature']);
        expect(check(result, 'orderer-signature').reason).toMatch(/^3 of 5 consenters signed \(quorum 4\)/);
    });
});

describe('a Raft receipt after its network moved from lendledger-roots/2 to BFT', () => {
    let v1: RootsBundle;
    let receipt: Receipt;
    let block: number;

    beforeAll(async () => {
        v1 = await takenOver(fixtureRoots('raft-v2'));
        receipt = fixtureReceipt('direct', 'raft-v2');
        block = receipt.summary.blockNumber;
    });

    it('still verifies: the Raft arrangement, with its ordering organisation still listed, judges its block', async () => {
        const v2 = await updated(v1, orderingAfter(v1, bft.ordering, block));

        const result = await verifyReceipt(receipt, { roots: v2, document, salt });

        expect(v1.format).toBe('lendledger-roots/2');
        expect(v2.ordering?.earlier).toEqual([{ untilBlock: block, consensus: 'etcdraft', mspId: 'OrdererMSP' }]);
        expect(failedChecks(result)).toEqual([]);
        expect(check(result, 'orderer-signature').reason).toMatch(
            new RegExp(
                `^block ${block} was ordered by the etcdraft arrangement in force until block ${block}: signed by .*\\(OrdererMSP\\)`,
            ),
        );
    });

    it('fails when the Raft arrangement ended before its block: the BFT consenters never signed it', async () => {
        const v2 = await updated(v1, orderingAfter(v1, bft.ordering, block - 1));

        const result = await verifyReceipt(receipt, { roots: v2 });

        expect(failedChecks(result)).toEqual(['orderer-signature']);
        expect(check(result, 'orderer-signature').reason).toMatch(/^0 of 4 consenters signed \(quorum 3\)/);
    });
});
