import { CONSENT_ERRORS, type ConsentLoanBinding, type ConsentRecord, type ConsentUse } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { allByPartialKey, historyOf, readJson, readRequired, type HistoryEntry } from '../core/ledger-state.js';
import { consentKey } from './consent-keys.js';

/** Reading consents and their uses from committed state. */

/**
 * The consent with this identifier.
 *
 * @throws {@link ChaincodeError} CONSENT_NOT_FOUND.
 */
export function requireConsent(ctx: Context, consentId: string): Promise<ConsentRecord> {
    return readRequired<ConsentRecord>(
        ctx,
        consentKey(ctx, consentId),
        `consent ${consentId}`,
        CONSENT_ERRORS.CONSENT_NOT_FOUND,
        { consentId },
    );
}

/** The consent with this identifier, or `undefined`. */
export function readConsent(ctx: Context, consentId: string): Promise<ConsentRecord | undefined> {
    return readJson<ConsentRecord>(ctx, consentKey(ctx, consentId));
}

/** Every use of a consent, in use order. */
export function consentUses(ctx: Context, consentId: string): Promise<ConsentUse[]> {
    return allByPartialKey<ConsentUse>(ctx, 'consent.use', [consentId]);
}

/**
 * Every credit-authorization record citing the consent, by loan: bounded by design, since only the loan's platform
 * files them, one per authorization document.
 */
export function consentBindings(ctx: Context, consentId: string): Promise<ConsentLoanBinding[]> {
    return allByPartialKey<ConsentLoanBinding>(ctx, 'consent.binding', [consentId]);
}

/** Every committed version of a consent, newest first. */
export function consentHistory(ctx: Context, consentId: string): Promise<HistoryEntry<ConsentRecord>[]> {
    return historyOf<ConsentRecord>(ctx, consentKey(ctx, consentId));
}
