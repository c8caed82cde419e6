import { errorSection } from './error-code.js';

/** Errors of the abs contracts. */
export const ABS_ERRORS = errorSection({});
