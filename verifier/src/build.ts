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
export { buildReceipt, type BuildReceiptOptions } from './receipt/build-receipt.js';
export {
    RECEIPT_FORMAT,
    type Receipt,
    type ReceiptAnchor,
    type ReceiptIdentity,
    type ReceiptSummary,
    type ReceiptWrite,
} from './receipt/receipt.js';
