import { CONSENT_ERRORS, type ConsentLoanBinding, type ConsentRecord, type ConsentUse } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { allByPartialKey, historyOf, readJson, readRequired, type HistoryEntry } from '../core/ledger-state.js';
import { readPage } from '../core/page-reader.js';
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

/** The most bindings a consent read lists: the collecting platform can file any number of records citing one consent. */
export const MAX_LISTED_BINDINGS = 100;

/**
 * The first {@link MAX_LISTED_BINDINGS} credit-authorization records citing the consent, in key order (by loan), and
 * whether there are more: one page of a paginated query, so a consent cited by thousands of records cannot make a
 * read unbounded (every record also cites the consent on its loan's chain, where each loan's are read). Read-only
 * transactions only: Fabric refuses paginated queries in a transaction that writes.
 */
export async function consentBindings(
    ctx: Context,
    consentId: string,
): Promise<{ bindings: ConsentLoanBinding[]; more: boolean }> {
    const page = await readPage<ConsentLoanBinding>(
        ctx,
        { objectType: 'consent.binding', attributes: [consentId] },
        { pageSize: MAX_LISTED_BINDINGS, bookmark: '' },
    );
    return { bindings: page.items, more: page.bookmark !== '' };
}

/** Every committed version of a consent, newest first. */
export function consentHistory(ctx: Context, consentId: string): Promise<HistoryEntry<ConsentRecord>[]> {
    return historyOf<ConsentRecord>(ctx, consentKey(ctx, consentId));
}
