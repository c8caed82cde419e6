import { errorSection } from './error-code.js';

/** Errors of the evidence contracts. */
export const EVIDENCE_ERRORS = errorSection({});
