import {
    consentStatusAt,
    type ConsentRecord,
    type ConsentStatus,
    type ConsentUse,
    type ConsentView,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { txTime } from '../core/ledger-state.js';
import { readPage, type Page } from '../core/page-reader.js';
import { type MemberCaller } from '../membership/member-access.js';
import { mayReadConsent, requireConsentReader, requireUsesReader } from './consent-access.js';
import { granteeUseRangeKey } from './consent-keys.js';
import { type GranteeUsesQuery, type SubjectQuery } from './consent-request.js';
import { consentBindings, consentHistory, consentUses, requireConsent } from './consent-store.js';

/** The answers of the consent contract's queries. */

/** A consent with its status now, its status history and all its uses, for a party to it or oversight. */
export async function consentView(ctx: Context, caller: MemberCaller, consentId: string): Promise<ConsentView> {
    const consent = await requireConsent(ctx, consentId);
    requireConsentReader(caller, consent);
    const uses = await consentUses(ctx, consent.consentId);
    const { bindings, more } = await consentBindings(ctx, consent.consentId);
    const history = await consentHistory(ctx, consent.consentId);
    return {
        consent,
        status: consentStatusAt(consent, txTime(ctx)),
        usesLeft: consent.status === 'ACTIVE' ? consent.maxUses - consent.usesCount : 0,
        uses,
        bindings,
        bindingsTruncated: more,
        history: history.map((entry) => ({
            txId: entry.txId,
            time: entry.time,
            status: entry.value?.status ?? 'DELETED',
        })),
    };
}

/**
 * One page of a subject's consents, each with its status now: oversight sees all of them, a platform those it
 * collected (subject pseudonyms are keyed per collector, but a listing must not rely on that). `fetched` counts the
 * entries scanned, so a platform's page may hold fewer items.
 */
export async function consentsOfSubject(
    ctx: Context,
    caller: MemberCaller,
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
        items: items
            .filter((consent) => mayReadConsent(caller, consent))
            .map((consent) => ({ consent, status: consentStatusAt(consent, now) })),
        bookmark: page.bookmark,
        fetched: page.fetched,
    };
}

/** One page of a grantee's uses in [from, to), oldest first; the caller's own unless it is oversight. */
export async function usesOfGrantee(
    ctx: Context,
    caller: MemberCaller,
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
