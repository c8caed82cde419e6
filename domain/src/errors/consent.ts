import { errorSection } from './error-code.js';

/** Errors of the consent contract: every refused use says exactly which check failed. */
export const CONSENT_ERRORS = errorSection({
    CONSENT_NOT_FOUND: { status: 404, title: 'No consent has this identifier' },
    CONSENT_NOT_GRANTEE: { status: 403, title: "The caller's organisation is not the consent's grantee" },
    CONSENT_NOT_COLLECTOR: { status: 403, title: "The caller's organisation did not collect this consent" },
    CONSENT_PURPOSE_MISMATCH: { status: 422, title: 'The consent was not given for this purpose' },
    CONSENT_GRANTEE_MISMATCH: { status: 422, title: 'The consent was given to another organisation' },
    CONSENT_GRANTEE_NOT_BANK: { status: 422, title: 'A consent is granted to a member holding the bank role' },
    CONSENT_SUBJECT_MISMATCH: {
        status: 422,
        title: "The consent's subject is not the subject bound to the loan (or of the consent it supersedes)",
    },
    CONSENT_COLLECTOR_MISMATCH: { status: 422, title: "The consent was collected by another platform than the loan's" },
    CONSENT_SCOPE_EXCEEDED: { status: 422, title: "The use reads data items outside the consent's data scope" },
    CONSENT_LOAN_UNBOUND: {
        status: 409,
        title: 'No credit-authorization record has bound a consent subject to the loan yet',
    },
    CONSENT_NOT_YET_VALID: { status: 409, title: 'The consent window has not opened yet' },
    CONSENT_EXPIRED: { status: 409, title: 'The consent window has closed' },
    CONSENT_EXHAUSTED: { status: 409, title: 'The consent has no uses left' },
    CONSENT_WITHDRAWN: { status: 409, title: 'The subject withdrew the consent' },
    CONSENT_SUPERSEDED: { status: 409, title: 'A newer consent replaced this one' },
});
