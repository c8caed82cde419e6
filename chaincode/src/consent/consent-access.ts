import {
    COMMON_ERRORS,
    CONSENT_ERRORS,
    FORUM_ROLES,
    holdsRole,
    type ConsentRecord,
    type MemberRole,
    type MembershipRegistry,
} from '@lendledger/domain';
import { type Caller } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';
import { type MemberCaller } from '../membership/member-access.js';

/**
 * Who may do what with a consent (chaincode/docs/access-matrix.md), by role and by the consent's parties:
 * a platform collects and records, for a bank that admitted it; the grantee bank uses; the collector withdraws; the
 * collector, the grantee and oversight read; a grantee lists its own uses, oversight anyone's.
 */

/** The role that records consents: a platform collects them from subjects. */
export const CONSENT_RECORDERS: readonly MemberRole[] = ['platform'];

/** The role a consent is granted to: the bank whose credit inquiry it authorizes. */
export const CONSENT_GRANTEES: readonly MemberRole[] = ['bank'];

/** Roles that may read any consent: a notary attests, a court or an arbitration commission adjudicates. */
export const CONSENT_OVERSIGHT: readonly MemberRole[] = ['notary', ...FORUM_ROLES];

/** Roles that may list the consents of a subject; a platform sees only those it collected. */
export const SUBJECT_LISTERS: readonly MemberRole[] = [...CONSENT_RECORDERS, ...CONSENT_OVERSIGHT];

function isOversight(caller: MemberCaller): boolean {
    return caller.roles.some((role) => CONSENT_OVERSIGHT.includes(role));
}

/**
 * Refuses a grantee that does not hold the bank role in the registry in force.
 *
 * @throws {@link ChaincodeError} CONSENT_GRANTEE_NOT_BANK naming the grantee.
 */
export function requireGranteeBank(registry: MembershipRegistry, grantee: string): void {
    if (!CONSENT_GRANTEES.some((role) => holdsRole(registry, grantee, role))) {
        throw new ChaincodeError(CONSENT_ERRORS.CONSENT_GRANTEE_NOT_BANK, `${grantee} does not hold the bank role`, {
            field: 'grantee',
            grantee,
        });
    }
}

/**
 * Refuses unless the caller is the consent's grantee.
 *
 * @throws {@link ChaincodeError} CONSENT_NOT_GRANTEE.
 */
export function requireGrantee(caller: Caller, consent: ConsentRecord): void {
    if (consent.grantee !== caller.mspId) {
        throw new ChaincodeError(
            CONSENT_ERRORS.CONSENT_NOT_GRANTEE,
            `${caller.mspId} is not the grantee of consent ${consent.consentId}`,
            { consentId: consent.consentId, grantee: consent.grantee, mspId: caller.mspId },
        );
    }
}

/**
 * Refuses unless the caller collected the consent. `details` are the fields the refusal names.
 *
 * @throws {@link ChaincodeError} CONSENT_NOT_COLLECTOR.
 */
export function requireCollector(
    caller: Caller,
    consent: ConsentRecord,
    details: Readonly<Record<string, string>> = {
        consentId: consent.consentId,
        collector: consent.collector,
        mspId: caller.mspId,
    },
): void {
    if (consent.collector !== caller.mspId) {
        throw new ChaincodeError(
            CONSENT_ERRORS.CONSENT_NOT_COLLECTOR,
            `${caller.mspId} did not collect consent ${consent.consentId}`,
            details,
        );
    }
}

/** Whether the caller is a party to the consent (collector or grantee) or oversight. */
export function mayReadConsent(caller: MemberCaller, consent: ConsentRecord): boolean {
    return [consent.collector, consent.grantee].includes(caller.mspId) || isOversight(caller);
}

/**
 * Refuses unless the caller is a party to the consent (collector or grantee) or oversight.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED.
 */
export function requireConsentReader(caller: MemberCaller, consent: ConsentRecord): void {
    if (!mayReadConsent(caller, consent)) {
        throw new ChaincodeError(
            COMMON_ERRORS.ACCESS_DENIED,
            `${caller.mspId} may not read consent ${consent.consentId}`,
            {
                action: 'read a consent',
                mspId: caller.mspId,
            },
        );
    }
}

/**
 * Refuses unless the caller lists its own uses or is oversight.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED.
 */
export function requireUsesReader(caller: MemberCaller, grantee: string): void {
    if (grantee !== caller.mspId && !isOversight(caller)) {
        throw new ChaincodeError(COMMON_ERRORS.ACCESS_DENIED, `${caller.mspId} may list only its own consent uses`, {
            action: 'list consent uses of another grantee',
            mspId: caller.mspId,
        });
    }
}
