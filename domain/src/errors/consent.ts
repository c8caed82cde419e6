import { errorSection } from './error-code.js';

/** Errors of the consent contracts. */
export const CONSENT_ERRORS = errorSection({});
