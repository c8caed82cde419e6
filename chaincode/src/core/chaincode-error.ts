import { encodeCodedError, type ErrorCodeSpec, type ErrorDetails } from '@lendledger/domain';

/**
 * The only error chaincode code throws on purpose. Its message is the canonical JSON envelope
 * `{"code":…,"details":…,"message":…}`, which fabric-contract-api passes to the client unchanged.
 */
export class ChaincodeError extends Error {
    readonly code: string;
    readonly details: ErrorDetails;

    constructor(spec: ErrorCodeSpec, message: string, details: ErrorDetails = {}) {
        super(encodeCodedError({ code: spec.code, message, details }));
        this.name = ChaincodeError.name;
        this.code = spec.code;
        this.details = details;
    }
}
