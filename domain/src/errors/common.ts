import { errorSection } from './error-code.js';

/** Errors any contract can raise. */
export const COMMON_ERRORS = errorSection({
    ACCESS_DENIED: { status: 403, title: "The caller's organisation may not perform this action" },
    INVALID_ARGUMENT: { status: 400, title: 'A request field is missing or malformed' },
    INVALID_JSON: { status: 400, title: 'The request is not valid JSON' },
    INVALID_BOOKMARK: { status: 400, title: 'The bookmark is not one this query issued' },
    BATCH_TOO_LARGE: { status: 400, title: 'The batch holds more items than one transaction accepts' },
    BATCH_EMPTY: { status: 400, title: 'The batch holds no items' },
    NOT_FOUND: { status: 404, title: 'The requested record does not exist' },
    CONFLICT: { status: 409, title: 'The record already exists with different content' },
    INVALID_STATE: { status: 409, title: 'The record is not in a state that allows this action' },
    UNKNOWN_TRANSACTION: { status: 400, title: 'The chaincode has no such transaction' },
});
