import {
    consentStatusAt,
    type ConsentRecord,
    type ConsentStatus,
    type ConsentUse,
    type ConsentView,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../core/caller.js';
import { txTime } from '../core/ledger-state.js';
import { readPage, type Page } from '../core/page-reader.js';
import { requireConsentReader, requireUsesReader } from './consent-access.js';
import { granteeUseRangeKey } from './consent-keys.js';
import { type GranteeUsesQuery, type SubjectQuery } from './consent-request.js';
import { consentHistory, consentUses, requireConsent } from './consent-store.js';

/** The answers of the consent contract's queries. */

/** A consent with its status now, its status history and all its uses, for a party to it or oversight. */
export async function consentView(ctx: Context, caller: Caller, consentId: string): Promise<ConsentView> {
    const consent = await requireConsent(ctx, consentId);
    requireConsentReader(caller, consent);
    const uses = await consentUses(ctx, consent.consentId);
    const history = await consentHistory(ctx, consent.consentId);
    return {
        consent,
        status: consentStatusAt(consent, txTime(ctx)),
        usesLeft: consent.status === 'ACTIVE' ? consent.maxUses - consent.usesCount : 0,
        uses,
        history: history.map((entry) => ({
            txId: entry.txId,
            time: entry.time,
            status: entry.value?.status ?? 'DELETED',
        })),
    };
}

/** One page of a subject's consents, each with its status now. */
export async function consentsOfSubject(
    ctx: Context,
    query: SubjectQuery,
): Promise<{ items: { consent: ConsentRecord; status: ConsentStatus }[]; bookmark: string; fetched: number }> {
    const page = await readPage<{ consentId: string }>(
        ctx,
        { objectType: 'consent.subject', attributes: [query.subject] },
        query.page,
    );
    const now = txTime(ctx);
    const items = await Promise.all(page.items.map((entry) => requireConsent(ctx, entry.consentId)));
    return {
        items: items.map((consent) => ({ consent, status: consentStatusAt(consent, now) })),
        bookmark: page.bookmark,
        fetched: page.fetched,
    };
}

/** One page of a grantee's uses in [from, to), oldest first; the caller's own unless it is oversight. */
export async function usesOfGrantee(
    ctx: Context,
    caller: Caller,
    query: GranteeUsesQuery,
): Promise<{ grantee: string; from: string; to: string } & Page<ConsentUse>> {
    const grantee = query.grantee ?? caller.mspId;
    requireUsesReader(caller, grantee);
    const page = await readPage<ConsentUse>(
        ctx,
        { startKey: granteeUseRangeKey(grantee, query.from), endKey: granteeUseRangeKey(grantee, query.to) },
        query.page,
    );
    return { grantee, from: query.from, to: query.to, ...page };
}
