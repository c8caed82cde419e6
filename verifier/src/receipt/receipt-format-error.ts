import { CodedError } from '@lendledger/domain';

/** Thrown when a receipt does not have the shape of its declared format; `field` is a JSON path such as `$.block`. */
export class ReceiptFormatError extends CodedError {
    readonly field: string;

    constructor(field: string, message: string) {
        super('RECEIPT_FORMAT_INVALID', `${field}: ${message}`);
        this.field = field;
    }
}
