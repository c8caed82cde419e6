import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from '../core/ledger-contract.js';
import { result } from '../core/ledger-state.js';
import { parseRequest } from '../core/request-fields.js';
import { requireMember, requireRole } from '../membership/member-access.js';
import { CONSENT_RECORDERS, SUBJECT_LISTERS } from './consent-access.js';
import { readRecordingBatch, readUseBatch, recordConsents, useConsents } from './consent-batches.js';
import { consentsOfSubject, consentView, usesOfGrantee } from './consent-reads.js';
import {
    consentIdOf,
    readGranteeUsesQuery,
    readRecording,
    readSubjectQuery,
    readUse,
    readWithdrawal,
} from './consent-request.js';
import { recordConsent } from './record-consent.js';
import { useConsent } from './use-consent.js';
import { withdrawConsent } from './withdraw-consent.js';

/**
 * Consents (personal-information and credit-inquiry authorizations) and their uses. A platform records what the
 * subject signed, granted to a bank that admitted it; the grantee bank uses it in one transaction that checks and
 * logs the use; the platform withdraws it at the subject's request. Requests and answers: chaincode/docs/consent-api.md; access rules:
 * chaincode/docs/access-matrix.md.
 */
@Info({ title: 'Consent', description: 'Authorizations checked and logged at every use' })
export class ConsentContract extends LedgerContract {
    constructor() {
        super('Consent');
    }

    /**
     * Records a signed consent (a platform, for a bank that admitted it for the product); the same request again
     * answers the stored consent.
     */
    @Transaction()
    @Returns('string')
    async Record(ctx: Context, requestJson: string): Promise<string> {
        const caller = await requireRole(ctx, CONSENT_RECORDERS, 'record a consent');
        return result(await recordConsent(ctx, caller, parseRequest(requestJson, readRecording)));
    }

    /**
     * Records up to 500 consents in one transaction, each checked as `Record` checks it; one refused item refuses
     * the batch and is named in `details.item`. Answers `{ created, items }`, items in request order.
     */
    @Transaction()
    @Returns('string')
    async RecordBatch(ctx: Context, requestJson: string): Promise<string> {
        const caller = await requireRole(ctx, CONSENT_RECORDERS, 'record a consent');
        const items = await recordConsents(ctx, caller, parseRequest(requestJson, readRecordingBatch));
        return result({ created: items.filter((item) => item.created).length, items });
    }

    /**
     * Uses up to 500 consents (one use each) in one transaction, each checked and logged as `Use` does; one refused
     * item refuses the batch and is named in `details.item`. Answers `{ items }`, each a use and its consent.
     */
    @Transaction()
    @Returns('string')
    async UseBatch(ctx: Context, requestJson: string): Promise<string> {
        const caller = await requireMember(ctx, 'use a consent');
        return result({ items: await useConsents(ctx, caller, parseRequest(requestJson, readUseBatch)) });
    }

    /**
     * Uses a consent (its grantee only): checks it and logs the use atomically, answering the use and its ticket.
     * Any failed check refuses the use with its own code and writes nothing.
     */
    @Transaction()
    @Returns('string')
    async Use(ctx: Context, requestJson: string): Promise<string> {
        // Any member gets this far; only the consent's grantee (a bank by construction) passes the party check.
        const caller = await requireMember(ctx, 'use a consent');
        return result(await useConsent(ctx, caller, parseRequest(requestJson, readUse)));
    }

    /** Withdraws a consent (its collector only, at the subject's request). Uses before it stay valid. */
    @Transaction()
    @Returns('string')
    async Withdraw(ctx: Context, requestJson: string): Promise<string> {
        const caller = await requireMember(ctx, 'withdraw a consent');
        return result(await withdrawConsent(ctx, caller, parseRequest(requestJson, readWithdrawal)));
    }

    /** A consent with its status now, its status history and all its uses. */
    @Transaction(false)
    @Returns('string')
    async Get(ctx: Context, requestJson: string): Promise<string> {
        const caller = await requireMember(ctx, 'read a consent');
        return result(await consentView(ctx, caller, parseRequest(requestJson, consentIdOf)));
    }

    /**
     * Consents of one subject pseudonym, a page at a time: oversight (notary, court, arbitration commission) sees
     * all, a platform those it collected.
     */
    @Transaction(false)
    @Returns('string')
    async ListBySubject(ctx: Context, requestJson: string): Promise<string> {
        const caller = await requireRole(ctx, SUBJECT_LISTERS, 'list consents of a subject');
        return result(await consentsOfSubject(ctx, caller, parseRequest(requestJson, readSubjectQuery)));
    }

    /**
     * Uses by a grantee in [from, to), oldest first, for reconciliation with its credit-bureau query log. A grantee
     * lists its own uses; oversight (notary, court, arbitration commission) may name any grantee.
     */
    @Transaction(false)
    @Returns('string')
    async ListUsesByGrantee(ctx: Context, requestJson: string): Promise<string> {
        const caller = await requireMember(ctx, 'list consent uses');
        return result(await usesOfGrantee(ctx, caller, parseRequest(requestJson, readGranteeUsesQuery)));
    }
}
