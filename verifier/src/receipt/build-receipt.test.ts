import { describe, expect, it } from 'vitest';
import { fromBase64 } from '../encoding/bytes.js';
import { editMetadata } from '../testing/tamper.js';
import { policyOfBundle } from '../roots/roots-bundle.js';
import { fixtureReceipt, fixtureRoots } from '../testing/fixtures.js';
import {
    AnchorProofError,
    BlockUnreadableError,
    FingerprintFormatError,
    FingerprintNotWrittenError,
    TransactionNotInBlockError,
    TransactionNotValidError,
} from './build-errors.js';
import { buildReceipt, withWitness } from './build-receipt.js';
import { parseReceipt } from './parse-receipt.js';
import { type Receipt } from './receipt.js';

/** The fixture as the builder makes it: the time-stamp token is added by whoever asks a TSA (the gateway). */
function asBuilt(receipt: Receipt): Receipt {
    const { timestamp, ...built } = receipt;
    return timestamp === undefined ? receipt : built;
}

const direct = asBuilt(fixtureReceipt('direct'));
const policy = policyOfBundle(fixtureRoots());
const anchored = fixtureReceipt('anchored');
const block = fromBase64(direct.block.bytes);
const txId = direct.transaction.id;

describe('buildReceipt', () => {
    it('builds the fixture receipt again from the block qscc returned', () => {
        const issuedAt = new Date(direct.issuedAt!);

        const witness = fromBase64(direct.witness!.envelope);

        // The fixtures were built as a gateway builds receipts: with the roots bundle's policy, which names consenters.
        expect(buildReceipt({ block, txId, fingerprint: direct.fingerprint, issuedAt, witness, policy })).toEqual(
            direct,
        );
        expect(
            JSON.stringify(buildReceipt({ block, txId, fingerprint: direct.fingerprint, issuedAt, witness, policy })),
        ).toBe(JSON.stringify(direct));
    });

    it('builds a receipt without a witness when none is given, and withWitness adds it before the summary', () => {
        const issuedAt = new Date(direct.issuedAt!);
        const bare = buildReceipt({ block, txId, fingerprint: direct.fingerprint, issuedAt });

        expect(bare.witness).toBeUndefined();
        expect(Object.keys(withWitness(bare, fromBase64(direct.witness!.envelope)))).toEqual(Object.keys(direct));
    });

    it('builds an anchored receipt whose write holds the anchor root', () => {
        const receipt = buildReceipt({
            block: fromBase64(anchored.block.bytes),
            txId: anchored.transaction.id,
            fingerprint: anchored.fingerprint,
            anchor: { ...anchored.anchor!, fingerprint: anchored.fingerprint },
        });

        expect(receipt.anchor).toEqual(anchored.anchor);
        expect(receipt.write).toEqual(anchored.write);
        expect(parseReceipt(JSON.parse(JSON.stringify(receipt)))).toEqual(receipt);
    });

    it('throws TransactionNotInBlockError for a transaction the block does not hold', () => {
        const other = 'e'.repeat(64);

        expect(() => buildReceipt({ block, txId: other, fingerprint: direct.fingerprint })).toThrow(
            expect.objectContaining({
                code: 'RECEIPT_TRANSACTION_NOT_IN_BLOCK',
                transactionId: other,
                blockNumber: direct.block.number,
            }),
        );
        expect(() => buildReceipt({ block, txId: other, fingerprint: direct.fingerprint })).toThrow(
            TransactionNotInBlockError,
        );
    });

    it('throws FingerprintNotWrittenError for a fingerprint the transaction did not write', () => {
        const fingerprint = `sha256:${'0'.repeat(64)}`;

        expect(() => buildReceipt({ block, txId, fingerprint })).toThrow(FingerprintNotWrittenError);
        expect(() => buildReceipt({ block, txId, fingerprint })).toThrow(
            expect.objectContaining({ target: fingerprint }),
        );
    });

    it('throws AnchorProofError for a proof of another fingerprint or one that misses its root', () => {
        const input = {
            block: fromBase64(anchored.block.bytes),
            txId: anchored.transaction.id,
            fingerprint: anchored.fingerprint,
        };

        expect(() =>
            buildReceipt({
                ...input,
                anchor: { ...anchored.anchor!, fingerprint: direct.fingerprint.replace('4', '5') },
            }),
        ).toThrow(AnchorProofError);
        expect(() => buildReceipt({ ...input, anchor: { ...anchored.anchor!, index: 3 } })).toThrow(/leads to root/);
    });

    it('builds a sealed receipt, and refuses a proof claiming another position of the same path', () => {
        const sealed = fixtureReceipt('sealed');
        const input = {
            block: fromBase64(sealed.block.bytes),
            txId: sealed.transaction.id,
            fingerprint: sealed.fingerprint,
            issuedAt: new Date(sealed.issuedAt!),
            witness: fromBase64(sealed.witness!.envelope),
            policy,
        };

        expect(buildReceipt({ ...input, anchor: sealed.anchor! })).toEqual(asBuilt(sealed));
        // Leaf 6 of 7's path reaches the same root as leaf 3 of 4; the seal recorded 7 leaves.
        const moved = { ...sealed.anchor!, index: 3, treeSize: 4 };
        expect(() => buildReceipt({ ...input, anchor: moved })).toThrow(AnchorProofError);
        expect(() => buildReceipt({ ...input, anchor: moved })).toThrow(/the ledger recorded 7/);
    });

    it('throws AnchorProofError for an anchored proof claiming a size or anchor the ledger did not record', () => {
        const input = {
            block: fromBase64(anchored.block.bytes),
            txId: anchored.transaction.id,
            fingerprint: anchored.fingerprint,
        };

        expect(() => buildReceipt({ ...input, anchor: { ...anchored.anchor!, treeSize: 6 } })).toThrow(
            /claims a tree of 6 leaves, the ledger recorded 5/,
        );
        expect(() => buildReceipt({ ...input, anchor: { ...anchored.anchor!, anchorId: 'cd'.repeat(32) } })).toThrow(
            AnchorProofError,
        );
    });

    it('throws TransactionNotValidError when the peer marked the transaction invalid', () => {
        const invalid = editMetadata(direct, (metadata) => {
            metadata[2] = Uint8Array.of(11);
        });

        expect(() =>
            buildReceipt({ block: fromBase64(invalid.block.bytes), txId, fingerprint: direct.fingerprint }),
        ).toThrow(
            expect.objectContaining({ name: TransactionNotValidError.name, validationCode: 'MVCC_READ_CONFLICT' }),
        );
    });

    it('throws BlockUnreadableError for bytes that are not a block, and FingerprintFormatError for a bad fingerprint', () => {
        expect(() => buildReceipt({ block: Uint8Array.of(1, 2, 3), txId, fingerprint: direct.fingerprint })).toThrow(
            BlockUnreadableError,
        );
        expect(() => buildReceipt({ block, txId, fingerprint: 'SHA256:ab' })).toThrow(FingerprintFormatError);
    });
});
