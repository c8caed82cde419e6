import { CodedError } from '@lendledger/domain';

/**
 * Errors of {@link buildReceipt}, one class per step that can fail. Each carries a stable `code` (for the
 * gateway's problem+json mapping) and the data needed to act on it.
 */

/** Base class of the receipt builder's errors, in the one pattern of domain's `CodedError`. */
export abstract class ReceiptBuildError extends CodedError {}

/** The block bytes could not be decoded, or the transaction in it is not an endorser transaction. */
export class BlockUnreadableError extends ReceiptBuildError {
    constructor(message: string, options?: ErrorOptions) {
        super('RECEIPT_BLOCK_UNREADABLE', `the block cannot be read: ${message}`, options);
    }
}

/** No entry of the block carries the transaction ID. */
export class TransactionNotInBlockError extends ReceiptBuildError {
    readonly transactionId: string;
    readonly blockNumber: number;

    constructor(transactionId: string, blockNumber: number) {
        super('RECEIPT_TRANSACTION_NOT_IN_BLOCK', `transaction ${transactionId} is not in block ${blockNumber}`);
        this.transactionId = transactionId;
        this.blockNumber = blockNumber;
    }
}

/** The committing peer marked the transaction invalid, so it wrote nothing. */
export class TransactionNotValidError extends ReceiptBuildError {
    readonly transactionId: string;
    readonly validationCode: string;

    constructor(transactionId: string, validationCode: string) {
        super(
            'RECEIPT_TRANSACTION_NOT_VALID',
            `transaction ${transactionId} was not committed as valid (${validationCode})`,
        );
        this.transactionId = transactionId;
        this.validationCode = validationCode;
    }
}

/** The transaction wrote no record holding the fingerprint (or the anchor root) in a document member. */
export class FingerprintNotWrittenError extends ReceiptBuildError {
    readonly transactionId: string;
    readonly target: string;

    constructor(transactionId: string, target: string) {
        super('RECEIPT_FINGERPRINT_NOT_WRITTEN', `transaction ${transactionId} wrote no record holding ${target}`);
        this.transactionId = transactionId;
        this.target = target;
    }
}

/** The anchor inclusion proof is for another fingerprint, malformed, or does not lead to its root. */
export class AnchorProofError extends ReceiptBuildError {
    readonly anchorId: string;

    constructor(anchorId: string, message: string) {
        super('RECEIPT_ANCHOR_PROOF_INVALID', `the inclusion proof in anchor ${anchorId} is unusable: ${message}`);
        this.anchorId = anchorId;
    }
}

/** The fingerprint is not in canonical `<algorithm>:<hex>` form. */
export class FingerprintFormatError extends ReceiptBuildError {
    readonly fingerprint: string;

    constructor(fingerprint: string) {
        super(
            'RECEIPT_FINGERPRINT_INVALID',
            `"${fingerprint.slice(0, 80)}" is not a canonical fingerprint (sha256:<64 hex> or sm3:<64 hex>)`,
        );
        this.fingerprint = fingerprint;
    }
}
