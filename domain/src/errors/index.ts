import { ABS_ERRORS } from './abs.js';
import { COMMON_ERRORS } from './common.js';
import { CONSENT_ERRORS } from './consent.js';
import { type ErrorCodeSpec } from './error-code.js';
import { EVIDENCE_ERRORS } from './evidence.js';
import { MEMBERSHIP_ERRORS } from './membership.js';

export { ABS_ERRORS } from './abs.js';
export { COMMON_ERRORS } from './common.js';
export { CONSENT_ERRORS } from './consent.js';
export { EVIDENCE_ERRORS } from './evidence.js';
export { MEMBERSHIP_ERRORS } from './membership.js';
export { errorSection, type ErrorCodeSpec } from './error-code.js';
export { decodeCodedError, encodeCodedError, type CodedErrorBody, type ErrorDetails } from './coded-error.js';
export { CodedError } from './coded-error-class.js';

/**
 * Every error code the chaincode can raise, with its HTTP status. The gateway maps chaincode errors to problem
 * documents with this one table.
 */
export const ERROR_CATALOGUE: Readonly<Record<string, ErrorCodeSpec>> = Object.freeze({
    ...COMMON_ERRORS,
    ...EVIDENCE_ERRORS,
    ...CONSENT_ERRORS,
    ...ABS_ERRORS,
    ...MEMBERSHIP_ERRORS,
});
