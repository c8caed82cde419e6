import { CONSENT_ERRORS } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../core/chaincode-error.js';
import { requireInForce, requirePurpose } from './consent-checks.js';
import { requireConsent } from './consent-store.js';

/**
 * The seam between the evidence and consent contracts: a credit-authorization evidence record must reference a
 * consent that is in force at the transaction's time, given to the expected grantee (and purpose, when named).
 *
 * @throws {@link ChaincodeError} CONSENT_NOT_FOUND, CONSENT_WITHDRAWN, CONSENT_SUPERSEDED, CONSENT_EXHAUSTED,
 * CONSENT_NOT_YET_VALID, CONSENT_EXPIRED, CONSENT_GRANTEE_MISMATCH or CONSENT_PURPOSE_MISMATCH.
 */
export async function requireConsentInForce(
    ctx: Context,
    consentId: string,
    expected: Readonly<{ grantee?: string; purpose?: string }> = {},
): Promise<void> {
    const consent = await requireConsent(ctx, consentId);
    requireInForce(ctx, consent);
    if (expected.grantee !== undefined && consent.grantee !== expected.grantee) {
        throw new ChaincodeError(
            CONSENT_ERRORS.CONSENT_GRANTEE_MISMATCH,
            `consent ${consentId} was given to ${consent.grantee}`,
            {
                consentId,
                expected: expected.grantee,
                grantee: consent.grantee,
            },
        );
    }
    if (expected.purpose !== undefined) {
        requirePurpose(consent, expected.purpose);
    }
}
