import { decodeBlock, type DecodedBlock } from '../decode/block.js';
import { blockSignaturesOf, type BlockSignatures } from '../decode/block-metadata.js';
import { type EndorserAction } from '../decode/endorser-action.js';
import { decodeTransaction, HEADER_TYPE, type DecodedTransaction } from '../decode/transaction.js';
import { fromBase64 } from '../encoding/bytes.js';
import { ReceiptFormatError } from './receipt-format-error.js';

/** A block and the transaction at one of its positions, decoded. */
export interface DecodedEvidence {
    readonly block: DecodedBlock;
    readonly index: number;
    readonly transaction: DecodedTransaction;
    readonly action: EndorserAction;
    readonly signatures: BlockSignatures;
}

/**
 * Decodes the transaction at `index` of a serialized block, which must be an endorser transaction.
 *
 * @throws {@link FabricDecodeError} when the block or the transaction is malformed.
 * @throws {@link ReceiptFormatError} when the block has no entry at `index` or it is not an endorser transaction.
 */
export function decodeEvidence(blockBytes: Uint8Array, index: number): DecodedEvidence {
    return evidenceAt(decodeBlock(blockBytes), index);
}

/**
 * {@link decodeEvidence} for a block already decoded.
 *
 * @throws {@link FabricDecodeError} when the transaction is malformed.
 * @throws {@link ReceiptFormatError} when the block has no entry at `index` or it is not an endorser transaction.
 */
export function evidenceAt(block: DecodedBlock, index: number): DecodedEvidence {
    const envelope = block.data[index];
    if (envelope === undefined) {
        throw new ReceiptFormatError('$.transaction.index', `block has ${block.data.length} entries, no ${index}`);
    }
    const transaction = decodeTransaction(envelope);
    if (transaction.type !== HEADER_TYPE.endorserTransaction || transaction.action === undefined) {
        throw new ReceiptFormatError('$.transaction.index', `entry ${index} is not an endorser transaction`);
    }
    return { block, index, transaction, action: transaction.action, signatures: blockSignaturesOf(block) };
}

/** {@link decodeEvidence} of a receipt's base64 block. */
export function decodeReceiptEvidence(blockBase64: string, index: number): DecodedEvidence {
    return decodeEvidence(fromBase64(blockBase64), index);
}
