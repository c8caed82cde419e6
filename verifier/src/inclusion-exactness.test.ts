import { rfc9162 } from '@lendledger/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSignatureVerifier } from './crypto/default-verifier.js';
import { rememberingVerifier } from './crypto/remembering-verifier.js';
import { fromHex, toHex, utf8 } from './encoding/bytes.js';
import { SHA256_TREE } from './merkle/sha256-tree.js';
import { type Receipt } from './receipt/receipt.js';
import { TrustStore } from './roots/trust-store.js';
import { fixtureReceipt, fixtureRoots } from './testing/fixtures.js';
import { positionsSharingPath, type TreePosition } from './testing/proof-positions.js';
import { check, failedChecks } from './testing/results.js';
import { verifyReceipt, type VerificationResult } from './verify-receipt.js';

/*
 * RFC 9162's verification reads only the index and the size to decide the side of each step, so one audit path
 * verifies, to the same root, at every (index, size) making the same decisions. These tests rewrite the genuine
 * anchored and sealed receipts to such positions, with the summary edited to match as a forger would, and expect
 * the verifier to hold the size to the one the ledger recorded and the index to the leaf.
 */
const roots = new TrustStore(fixtureRoots(), rememberingVerifier(defaultSignatureVerifier()));

function verify(receipt: Receipt): Promise<VerificationResult> {
    return verifyReceipt(receipt, { roots });
}

beforeAll(async () => {
    for (const kind of ['anchored', 'sealed'] as const) {
        expect((await verify(fixtureReceipt(kind))).checks.filter((c) => c.status === 'fail')).toEqual([]);
    }
});

/** The receipt's proof claimed at another position, its summary's statement edited to say so. */
function movedTo(receipt: Receipt, to: TreePosition): Receipt {
    const anchor = receipt.anchor!;
    const claim = (at: TreePosition): string => `leaf ${at.index} of ${at.treeSize} in anchor`;
    const statement = receipt.summary.statement.replace(claim(anchor), claim(to));
    expect(statement).not.toBe(receipt.summary.statement);
    return {
        ...receipt,
        anchor: { ...anchor, index: to.index, treeSize: to.treeSize },
        summary: { ...receipt.summary, statement },
    };
}

/** The root the receipt's audit path leads to at the position it claims, as RFC 9162 alone computes it. */
function rootReached(receipt: Receipt): string | undefined {
    const { anchor } = receipt;
    const leaf = SHA256_TREE.hashLeaf(utf8(receipt.fingerprint));
    const path = anchor!.auditPath.map(fromHex);
    const root = rfc9162.rootFromInclusionProof(SHA256_TREE, leaf, anchor!.index, anchor!.treeSize, path);
    return root === undefined ? undefined : toHex(root);
}

describe('the forgeries reported in issue 12', () => {
    it('refuses a sealed-batch receipt for leaf 6 of 7 rewritten to leaf 3 of 4', async () => {
        const genuine = fixtureReceipt('sealed');
        expect(genuine.anchor).toMatchObject({ index: 6, treeSize: 7 });
        const forged = movedTo(genuine, { index: 3, treeSize: 4 });
        // A real forgery: the same path leads to the same root at the new position.
        expect(rootReached(forged)).toBe(genuine.anchor!.root);

        const result = await verify(forged);

        expect(result.ok).toBe(false);
        expect(failedChecks(result)).toEqual(['inclusion-proof', 'summary']);
        expect(check(result, 'inclusion-proof').reason).toContain('the ledger recorded 7');
    });

    it('refuses an anchored receipt for leaf 2 of 5 rewritten to leaf 2 of 6', async () => {
        const genuine = fixtureReceipt('anchored');
        expect(genuine.anchor).toMatchObject({ index: 2, treeSize: 5 });
        const forged = movedTo(genuine, { index: 2, treeSize: 6 });
        expect(rootReached(forged)).toBe(genuine.anchor!.root);

        const result = await verify(forged);

        expect(result.ok).toBe(false);
        expect(failedChecks(result)).toEqual(['inclusion-proof', 'summary']);
        expect(check(result, 'inclusion-proof').reason).toContain('the ledger recorded 5');
    });
});

describe('every other position the same audit path verifies at', () => {
    it.each(['anchored', 'sealed'] as const)(
        'is refused, with inclusion-proof and summary failing, for the %s receipt',
        async (kind) => {
            const genuine = fixtureReceipt(kind);
            const anchor = genuine.anchor!;
            const positions = positionsSharingPath(anchor, anchor.auditPath.length, 64);
            expect(positions.length).toBeGreaterThan(2);
            const accepted: string[] = [];
            for (const position of positions) {
                const forged = movedTo(genuine, position);
                expect(rootReached(forged)).toBe(anchor.root);
                const failed = failedChecks(await verify(forged));
                if (!failed.includes('inclusion-proof') || !failed.includes('summary')) {
                    accepted.push(`leaf ${position.index} of ${position.treeSize}: failed [${failed.join(', ')}]`);
                }
            }
            expect(accepted).toEqual([]);
        },
    );

    it('lists exactly the positions at which RFC 9162 verification reaches the same root', () => {
        const leaves = Array.from({ length: 7 }, (_, i) => SHA256_TREE.hashLeaf(utf8(`leaf ${i}`)));
        const root = toHex(rfc9162.rootOfLeafHashes(SHA256_TREE, leaves));
        const path = rfc9162.inclusionProof(SHA256_TREE, leaves, 6);
        const reaching: string[] = [];
        for (let treeSize = 1; treeSize <= 40; treeSize++) {
            for (let index = 0; index < treeSize; index++) {
                const reached = rfc9162.rootFromInclusionProof(SHA256_TREE, leaves[6]!, index, treeSize, path);
                if (reached !== undefined && toHex(reached) === root && (index !== 6 || treeSize !== 7)) {
                    reaching.push(`${index}/${treeSize}`);
                }
            }
        }

        const listed = positionsSharingPath({ index: 6, treeSize: 7 }, path.length, 40);

        expect(listed.map((p) => `${p.index}/${p.treeSize}`)).toEqual(reaching);
        expect(reaching).toContain('3/4');
    });
});
