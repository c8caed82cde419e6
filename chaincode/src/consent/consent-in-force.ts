import { type Context } from 'fabric-contract-api';

/**
 * The seam between the evidence and consent contracts: a credit-authorization evidence record must reference a
 * consent that is in force at the transaction's time. Owned by the consent area.
 *
 * @throws ChaincodeError (consent area codes) when the consent is unknown or not in force.
 */
export async function requireConsentInForce(
    ctx: Context,
    consentId: string,
    expected: Readonly<{ grantee?: string; purpose?: string }> = {},
): Promise<void> {
    void ctx;
    void consentId;
    void expected;
    throw new Error('requireConsentInForce: the consent contract is not implemented yet');
}
