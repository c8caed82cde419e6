import { describe, expect, it } from 'vitest';
import {
    type FixtureKind,
    type FixtureSet,
    fixtureDocument,
    fixtureReceipt,
    fixtureRoots,
} from './testing/fixtures.js';
import { check, failedChecks } from './testing/results.js';
import { verifyReceipt } from './verify-receipt.js';

/*
 * Evidence outlives networks: a receipt issued while Raft ordered the channel must keep verifying against the
 * lendledger-roots/2 bundle it was issued under, and each network's bundle must refuse the other's blocks, whose
 * ordering signatures its rule cannot attribute.
 */
const KINDS: readonly FixtureKind[] = ['direct', 'anchored', 'sealed'];
const { document, salt } = fixtureDocument();

describe.each<[FixtureSet, FixtureSet]>([
    ['raft-v2', 'bft'],
    ['bft', 'raft-v2'],
])('receipts of the %s network', (set, other) => {
    it.each(KINDS)('verify the %s receipt against their own bundle, every check passing or skipped', async (kind) => {
        const result = await verifyReceipt(fixtureReceipt(kind, set), { roots: fixtureRoots(set), document, salt });

        expect(failedChecks(result)).toEqual([]);
        expect(result.ok).toBe(true);
        expect(check(result, 'document-hash').status).toBe('pass');
    });

    it.each(KINDS)(`fail orderer-signature for the %s receipt against the ${other} bundle`, async (kind) => {
        const result = await verifyReceipt(fixtureReceipt(kind, set), { roots: fixtureRoots(other) });

        expect(result.ok).toBe(false);
        expect(failedChecks(result)).toContain('orderer-signature');
    });
});

describe('the ordering rule of the bundle decides why the other network’s block is refused', () => {
    it('a Raft block’s signer, an OrdererMSP orderer, is no consenter of the BFT bundle', async () => {
        const result = await verifyReceipt(fixtureReceipt('direct', 'raft-v2'), { roots: fixtureRoots('bft') });

        expect(check(result, 'orderer-signature').reason).toMatch(
            /^0 of 4 consenters signed \(quorum 3\): none; not counted: orderer\d\.orderer\.lendledger\.test \(OrdererMSP\) signed but is not a consenter$/,
        );
    });

    it('a BFT block’s consenters, named by number, are refused by the Raft bundle', async () => {
        const receipt = fixtureReceipt('direct', 'bft');
        const result = await verifyReceipt(receipt, { roots: fixtureRoots('raft-v2') });

        const refusal =
            'a signature names its signer by consenter number (SmartBFT), but the roots bundle states Raft ordering';
        expect(check(result, 'orderer-signature').reason).toBe(receipt.summary.orderedBy.map(() => refusal).join('; '));
    });
});
