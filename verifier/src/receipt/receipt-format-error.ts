/** Thrown when a receipt does not have the shape of its declared format; `field` is a JSON path such as `$.block`. */
export class ReceiptFormatError extends Error {
    readonly field: string;

    constructor(field: string, message: string) {
        super(`${field}: ${message}`);
        this.name = ReceiptFormatError.name;
        this.field = field;
    }
}
