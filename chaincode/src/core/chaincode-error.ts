import { CodedError, encodeCodedError, type ErrorCodeSpec, type ErrorDetails } from '@lendledger/domain';

/**
 * The only error chaincode code throws on purpose. Its message is the canonical JSON envelope
 * `{"code":…,"details":…,"message":…}`, which fabric-contract-api passes to the client unchanged.
 */
export class ChaincodeError extends CodedError {
    readonly details: ErrorDetails;
    readonly #spec: ErrorCodeSpec;
    readonly #text: string;

    constructor(spec: ErrorCodeSpec, message: string, details: ErrorDetails = {}) {
        super(spec.code, encodeCodedError({ code: spec.code, message, details }));
        this.details = details;
        this.#spec = spec;
        this.#text = message;
    }

    /** The same refusal (code and message) with `extra` added to its details. */
    withDetails(extra: ErrorDetails): ChaincodeError {
        return new ChaincodeError(this.#spec, this.#text, { ...this.details, ...extra });
    }
}
