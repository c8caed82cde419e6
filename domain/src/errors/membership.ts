import { errorSection } from './error-code.js';

/** Errors of the membership registry. */
export const MEMBERSHIP_ERRORS = errorSection({
    REGISTRY_MISSING: { status: 409, title: 'The membership registry has not been set up on this channel' },
    REGISTRY_EXISTS: { status: 409, title: 'The membership registry is already set up' },
});
