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
    MEMBER_ADMIN_REQUIRED: { status: 403, title: "Registry changes are proposed and approved by a member's admin" },
    PROPOSAL_NOT_FOUND: { status: 404, title: 'The registry proposal does not exist' },
    PROPOSAL_EXISTS: { status: 409, title: 'A registry proposal with this ID already exists' },
    PROPOSAL_CLOSED: { status: 409, title: 'The registry proposal was already applied or withdrawn' },
    PROPOSAL_EXPIRED: { status: 409, title: 'The registry proposal expired before it gathered a majority' },
    PROPOSAL_STALE: { status: 409, title: 'The registry changed since the proposal was made; propose again' },
    ALREADY_APPROVED: { status: 409, title: 'The member has already approved this proposal' },
    CHANGE_CONFLICT: { status: 409, title: 'The change does not apply to the registry in force' },
    REGISTRY_FULL: { status: 409, title: 'The registry holds as many members as it can' },
});
