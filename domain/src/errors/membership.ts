import { errorSection } from './error-code.js';

/** Errors of the membership registry. */
export const MEMBERSHIP_ERRORS = errorSection({
    REGISTRY_MISSING: { status: 409, title: 'The membership registry has not been set up on this channel' },
    REGISTRY_EXISTS: { status: 409, title: 'The membership registry is already set up' },
    PARTNER_NOT_ADMITTED: {
        status: 403,
        title: "The loan's bank has no admission in force for its platform and product at the transaction's time",
    },
    PARTNER_ROLE_MISSING: { status: 422, title: 'The organisation named does not hold the role the request needs' },
    ADMISSION_NOT_FOUND: { status: 404, title: 'No admission has this identifier, or none matches' },
    ADMISSION_WITHDRAWN: { status: 409, title: 'The admission has already been withdrawn' },
    ADMISSION_WINDOW_INVALID: {
        status: 422,
        title: 'An admission must end after it starts and after the time it is recorded',
    },
});
