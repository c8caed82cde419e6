import { COMMON_ERRORS, CONSENT_ERRORS, MSP_IDS, type ConsentRecord, type OrgMspId } from '@lendledger/domain';
import { type Caller } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';

/**
 * Who may do what with a consent (chaincode/docs/access-matrix-consent.md): the platform collects and records;
 * the grantee uses; the collector withdraws; the collector, the grantee and oversight read; a grantee lists its own
 * uses, oversight anyone's.
 */

/** The organisation that records consents: it collects them from subjects. */
export const CONSENT_RECORDERS: readonly OrgMspId[] = [MSP_IDS.platform];

/** Organisations that may list the consents of a subject. */
export const SUBJECT_LISTERS: readonly OrgMspId[] = [MSP_IDS.platform, MSP_IDS.notary, MSP_IDS.court];

/** Organisations that may read any consent: the notary attests, the court adjudicates. */
const OVERSIGHT: readonly string[] = [MSP_IDS.notary, MSP_IDS.court];

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

/**
 * Refuses unless the caller is a party to the consent (collector or grantee) or oversight.
 *
 * @throws {@link ChaincodeError} ACCESS_DENIED.
 */
export function requireConsentReader(caller: Caller, consent: ConsentRecord): void {
    const parties = [consent.collector, consent.grantee, ...OVERSIGHT];
    if (!parties.includes(caller.mspId)) {
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
export function requireUsesReader(caller: Caller, grantee: string): void {
    if (grantee !== caller.mspId && !OVERSIGHT.includes(caller.mspId)) {
        throw new ChaincodeError(COMMON_ERRORS.ACCESS_DENIED, `${caller.mspId} may list only its own consent uses`, {
            action: 'list consent uses of another grantee',
            mspId: caller.mspId,
        });
    }
}
