import { consentStatusAt, CONSENT_ERRORS, type ConsentRecord } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../core/chaincode-error.js';
import { txTime } from '../core/ledger-state.js';

/** The rules a consent must meet at the time of its use. */

/**
 * Refuses unless the consent is in force at the transaction's time: ACTIVE (not consumed, withdrawn or superseded)
 * and validFrom ≤ time < validUntil. Each failure has its own code, so a refused use says why.
 */
export function requireInForce(ctx: Context, consent: ConsentRecord): void {
    const now = txTime(ctx);
    const details = { consentId: consent.consentId, status: consent.status, time: now };
    switch (consent.status) {
        case 'WITHDRAWN':
            throw new ChaincodeError(
                CONSENT_ERRORS.CONSENT_WITHDRAWN,
                `consent ${consent.consentId} was withdrawn`,
                details,
            );
        case 'SUPERSEDED':
            throw new ChaincodeError(CONSENT_ERRORS.CONSENT_SUPERSEDED, `consent ${consent.consentId} was superseded`, {
                ...details,
                supersededBy: consent.supersededBy,
            });
        case 'CONSUMED':
            throw new ChaincodeError(
                CONSENT_ERRORS.CONSENT_EXHAUSTED,
                `consent ${consent.consentId} has no uses left`,
                {
                    ...details,
                    maxUses: consent.maxUses,
                },
            );
        default:
            break;
    }
    if (now < consent.validFrom) {
        throw new ChaincodeError(
            CONSENT_ERRORS.CONSENT_NOT_YET_VALID,
            `consent ${consent.consentId} is valid from ${consent.validFrom}`,
            {
                ...details,
                validFrom: consent.validFrom,
            },
        );
    }
    if (consentStatusAt(consent, now) === 'EXPIRED') {
        throw new ChaincodeError(
            CONSENT_ERRORS.CONSENT_EXPIRED,
            `consent ${consent.consentId} expired at ${consent.validUntil}`,
            {
                ...details,
                validUntil: consent.validUntil,
            },
        );
    }
}

/** Refuses unless the consent was given for the purpose; `field` names the request field that cited the consent. */
export function requirePurpose(consent: ConsentRecord, purpose: string, field = 'purpose'): void {
    if (consent.purpose !== purpose) {
        throw new ChaincodeError(
            CONSENT_ERRORS.CONSENT_PURPOSE_MISMATCH,
            `consent ${consent.consentId} was not given for ${purpose}`,
            {
                field,
                consentId: consent.consentId,
                expected: consent.purpose,
                purpose,
            },
        );
    }
}

/**
 * Refuses a use that reads data items outside the consent's dataScope, naming every such item.
 *
 * @throws {@link ChaincodeError} CONSENT_SCOPE_EXCEEDED.
 */
export function requireScope(consent: ConsentRecord, dataScope: readonly string[]): void {
    const outside = [...new Set(dataScope.filter((item) => !consent.dataScope.includes(item)))];
    if (outside.length > 0) {
        throw new ChaincodeError(
            CONSENT_ERRORS.CONSENT_SCOPE_EXCEEDED,
            `consent ${consent.consentId} does not cover ${outside.join(', ')}`,
            { field: 'dataScope', consentId: consent.consentId, outside, allowed: [...consent.dataScope] },
        );
    }
}
