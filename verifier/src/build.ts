/**
 * Building receipts: turn the block that holds a transaction (and, for a batch, the anchor's inclusion proof) into a
 * self-contained receipt (`@lendledger/verifier/build`). The gateway builds receipts with this.
 */
export { type AnchorProofInput } from './receipt/anchor-proof.js';
export {
    AnchorProofError,
    BlockUnreadableError,
    FingerprintFormatError,
    FingerprintNotWrittenError,
    ReceiptBuildError,
    TransactionNotInBlockError,
    TransactionNotValidError,
} from './receipt/build-errors.js';
export { buildReceipt, withWitness, type BuildReceiptOptions, type WitnessedReceipt } from './receipt/build-receipt.js';
export { witnessEnvelopeOf } from './receipt/witness-envelope.js';
export { FabricDecodeError } from './decode/decode-error.js';
export {
    RECEIPT_FORMAT,
    type Receipt,
    type ReceiptAnchor,
    type ReceiptIdentity,
    type ReceiptSummary,
    type ReceiptWitness,
    type ReceiptWrite,
} from './receipt/receipt.js';
