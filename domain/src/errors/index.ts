import { COMMON_ERRORS } from './common.js';
import { type ErrorCodeSpec } from './error-code.js';

export { COMMON_ERRORS } from './common.js';
export { errorSection, type ErrorCodeSpec } from './error-code.js';
export { decodeCodedError, encodeCodedError, type CodedErrorBody, type ErrorDetails } from './coded-error.js';

/**
 * Every error code the chaincode can raise, with its HTTP status. The gateway maps chaincode errors to problem
 * documents with this one table. Each contract area adds its section here.
 */
export const ERROR_CATALOGUE: Readonly<Record<string, ErrorCodeSpec>> = Object.freeze({
    ...COMMON_ERRORS,
});
