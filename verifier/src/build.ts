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
    type ReceiptTimestamp,
    type ReceiptWrite,
} from './receipt/receipt.js';
export {
    parseTimestampReply,
    TIMESTAMP_QUERY_TYPE,
    TIMESTAMP_REPLY_TYPE,
    timestampQuery,
    TimestampReplyError,
    type TimestampQueryOptions,
    type TimestampReply,
} from './timestamp/timestamp-query.js';
export { type TspFailure } from './timestamp/tsp-failure.js';
export { decodeTimestampToken, TimestampTokenError, type DecodedTimestampToken } from './timestamp/timestamp-token.js';
export { blockImprint, type BlockImprint } from './timestamp/block-imprint.js';
