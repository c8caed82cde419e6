import { type JWTPayload } from 'jose';
import { type Role } from '../config/gateway-config.js';
import { ProblemError } from '../errors/problem-error.js';

/** Every role, in the order documentation lists them. */
export const ROLES: readonly Role[] = ['submitter', 'auditor', 'admin'];

/** Roles that may run reads (evaluate): every role. */
export const READ_ROLES: readonly Role[] = ROLES;

/** Roles that may run writes (submit). */
export const WRITE_ROLES: readonly Role[] = ['submitter', 'admin'];

/** Who is calling: the verified token subject, who is also the Fabric identity that signs. */
export interface Principal {
    readonly subject: string;
    readonly org: string;
    readonly roles: ReadonlySet<Role>;
}

/** What {@link principalOf} checks a token against. */
export interface PrincipalRules {
    readonly org: string;
    readonly mspId: string;
    readonly orgClaim: string;
    readonly rolesClaim: string;
    /** Subjects that have a Fabric identity here. */
    readonly subjects: ReadonlySet<string>;
}

/**
 * Turns a verified token into a principal: the org claim must name this organisation (by key or MSP ID) and the
 * subject must be one of its Fabric identities.
 *
 * @throws {@link ProblemError} WRONG_ORGANISATION or IDENTITY_NOT_FOUND (403).
 */
export function principalOf(payload: JWTPayload & { sub: string }, rules: Readonly<PrincipalRules>): Principal {
    const org = payload[rules.orgClaim];
    if (org !== rules.org && org !== rules.mspId) {
        throw new ProblemError(
            'WRONG_ORGANISATION',
            `this gateway serves ${rules.org}; the token names ${String(org)}`,
            {
                fields: { expected: rules.org },
            },
        );
    }
    if (!rules.subjects.has(payload.sub)) {
        throw new ProblemError('IDENTITY_NOT_FOUND', `subject ${payload.sub} has no Fabric identity at ${rules.org}`);
    }
    return {
        subject: payload.sub,
        org: rules.org,
        roles: new Set(rolesOf(payload[rules.rolesClaim])),
    };
}

/**
 * Refuses a principal holding none of the roles; `admin` holds every role.
 *
 * @throws {@link ProblemError} ROLE_REQUIRED (403).
 */
export function requireRole(principal: Principal, allowed: readonly Role[]): void {
    if (principal.roles.has('admin') || allowed.some((role) => principal.roles.has(role))) {
        return;
    }
    throw new ProblemError('ROLE_REQUIRED', `this operation needs one of the roles ${allowed.join(', ')}`, {
        fields: { requiredRoles: [...allowed] },
    });
}

function rolesOf(claim: unknown): Role[] {
    const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/\s+/) : [];
    return values.filter((value): value is Role => (ROLES as readonly unknown[]).includes(value));
}
