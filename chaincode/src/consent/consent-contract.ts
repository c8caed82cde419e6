import {
    COMMON_ERRORS,
    CONSENT_ERRORS,
    CONSENT_EVENTS,
    consentStatusAt,
    MSP_ID_PATTERN,
    MSP_IDS,
    ORGANISATIONS,
    SUBJECT_PATTERN,
    type ConsentRecord,
    type ConsentUse,
    type ConsentView,
} from '@lendledger/domain';
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { requireOrganisation, type Caller } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';
import { allByPartialKey, emitEvent, historyOf, readJson, result, txTime, writeJson } from '../core/ledger-state.js';
import { pageRequestOf, readPage } from '../core/page-reader.js';
import { isoTime, optionalText, parseRequest, text } from '../core/request-fields.js';
import { toFingerprint } from '../core/fingerprint-fields.js';
import { assertInForce, assertPurpose, readConsent } from './consent-checks.js';
import { consentKey, consentUseKey, granteeUseKey, granteeUseRangeKey, subjectIndexKey } from './consent-keys.js';
import { codeOf, consentIdOf, recordRequestOf } from './consent-request.js';

const MEMBERS = ORGANISATIONS.map((org) => MSP_IDS[org]);
/** Organisations that may read any consent: the notary attests, the court adjudicates. */
const OVERSIGHT: readonly string[] = [MSP_IDS.notary, MSP_IDS.court];

/**
 * Consents (personal-information and credit-inquiry authorizations) and their uses. The platform records what the
 * subject signed; the grantee uses it in one transaction that checks and logs the use; the platform withdraws it
 * at the subject's request. Access rules: chaincode/docs/access-matrix-consent.md.
 */
@Info({ title: 'Consent', description: 'Authorizations checked and logged at every use' })
export class ConsentContract extends Contract {
    constructor() {
        super('Consent');
    }

    /** Records a signed consent (platform only); the same request again answers the stored consent. */
    @Transaction()
    @Returns('string')
    async Record(ctx: Context, requestJson: string): Promise<string> {
        const caller = requireOrganisation(ctx, [MSP_IDS.platform], 'record a consent');
        const request = recordRequestOf(parseRequest(requestJson));
        if (request.grantee === caller.mspId) {
            throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, 'the grantee must be another organisation', {
                field: 'grantee',
            });
        }
        const now = txTime(ctx);
        const consent: ConsentRecord = {
            ...request,
            collector: caller.mspId,
            usesCount: 0,
            status: 'ACTIVE',
            recordedBy: { mspId: caller.mspId, subject: caller.subject },
            recordedAt: now,
            txId: ctx.stub.getTxID(),
            updatedAt: now,
        };
        const existing = await readJson<ConsentRecord>(ctx, consentKey(ctx, request.consentId));
        if (existing) {
            return result({ created: false, consent: sameConsent(existing, consent) });
        }
        if (request.validUntil <= now) {
            throw new ChaincodeError(CONSENT_ERRORS.CONSENT_EXPIRED, 'the consent window has already closed', {
                field: 'validUntil',
                time: now,
            });
        }
        const superseded = request.supersedes
            ? await this.#supersede(ctx, caller, consent, request.supersedes)
            : undefined;
        await writeJson(ctx, consentKey(ctx, consent.consentId), consent);
        await writeJson(ctx, subjectIndexKey(ctx, consent.subject, consent.consentId), {
            consentId: consent.consentId,
        });
        emitEvent(ctx, CONSENT_EVENTS.recorded, {
            consentId: consent.consentId,
            grantee: consent.grantee,
            purpose: consent.purpose,
            superseded,
            txId: consent.txId,
        });
        return result({ created: true, consent });
    }

    /**
     * Uses a consent (its grantee only): checks it and logs the use atomically, answering the use and its ticket.
     * Any failed check refuses the use with its own code and writes nothing.
     */
    @Transaction()
    @Returns('string')
    async Use(ctx: Context, requestJson: string): Promise<string> {
        const caller = requireOrganisation(ctx, MEMBERS, 'use a consent');
        const fields = parseRequest(requestJson);
        const consentId = consentIdOf(fields);
        const purpose = codeOf(fields, 'purpose');
        const inquiryFingerprint =
            fields.inquiryFingerprint === undefined
                ? undefined
                : toFingerprint(fields.inquiryFingerprint, 'inquiryFingerprint');
        const consent = await readConsent(ctx, consentId);
        if (consent.grantee !== caller.mspId) {
            throw new ChaincodeError(
                CONSENT_ERRORS.CONSENT_NOT_GRANTEE,
                `${caller.mspId} is not the grantee of consent ${consentId}`,
                {
                    consentId,
                    grantee: consent.grantee,
                    mspId: caller.mspId,
                },
            );
        }
        assertInForce(ctx, consent);
        assertPurpose(consent, purpose);
        const now = txTime(ctx);
        const txId = ctx.stub.getTxID();
        const use: ConsentUse = {
            ticketId: `ticket:${txId}`,
            consentId,
            useNo: consent.usesCount + 1,
            grantee: consent.grantee,
            purpose,
            usedBy: { mspId: caller.mspId, subject: caller.subject },
            ...(inquiryFingerprint ? { inquiryFingerprint } : {}),
            time: now,
            txId,
        };
        const updated: ConsentRecord = {
            ...consent,
            usesCount: use.useNo,
            status: use.useNo >= consent.maxUses ? 'CONSUMED' : 'ACTIVE',
            updatedAt: now,
        };
        await writeJson(ctx, consentKey(ctx, consentId), updated);
        await writeJson(ctx, consentUseKey(ctx, consentId, use.useNo), use);
        await writeJson(ctx, granteeUseKey(use.grantee, now, txId), use);
        emitEvent(ctx, CONSENT_EVENTS.used, {
            consentId,
            ticketId: use.ticketId,
            useNo: use.useNo,
            status: updated.status,
            txId,
        });
        return result({ use, consent: updated });
    }

    /** Withdraws a consent (its collector only, at the subject's request). Uses before it stay valid. */
    @Transaction()
    @Returns('string')
    async Withdraw(ctx: Context, requestJson: string): Promise<string> {
        const caller = requireOrganisation(ctx, MEMBERS, 'withdraw a consent');
        const fields = parseRequest(requestJson);
        const consent = await readConsent(ctx, consentIdOf(fields));
        const reasonCode = codeOf(fields, 'reasonCode');
        if (consent.collector !== caller.mspId) {
            throw new ChaincodeError(
                CONSENT_ERRORS.CONSENT_NOT_COLLECTOR,
                `${caller.mspId} did not collect consent ${consent.consentId}`,
                {
                    consentId: consent.consentId,
                    collector: consent.collector,
                    mspId: caller.mspId,
                },
            );
        }
        if (consent.status !== 'ACTIVE') {
            throw new ChaincodeError(COMMON_ERRORS.INVALID_STATE, `consent ${consent.consentId} is ${consent.status}`, {
                consentId: consent.consentId,
                status: consent.status,
            });
        }
        const now = txTime(ctx);
        const updated: ConsentRecord = {
            ...consent,
            status: 'WITHDRAWN',
            withdrawal: { reasonCode, time: now, by: { mspId: caller.mspId, subject: caller.subject } },
            updatedAt: now,
        };
        await writeJson(ctx, consentKey(ctx, consent.consentId), updated);
        emitEvent(ctx, CONSENT_EVENTS.withdrawn, {
            consentId: consent.consentId,
            reasonCode,
            txId: ctx.stub.getTxID(),
        });
        return result({ consent: updated });
    }

    /** A consent with its status now, its status history and all its uses. */
    @Transaction(false)
    @Returns('string')
    async Get(ctx: Context, requestJson: string): Promise<string> {
        const caller = requireOrganisation(ctx, MEMBERS, 'read a consent');
        const consent = await readConsent(ctx, consentIdOf(parseRequest(requestJson)));
        assertMayRead(caller, consent);
        const uses = await allByPartialKey<ConsentUse>(ctx, 'consent.use', [consent.consentId]);
        const history = await historyOf<ConsentRecord>(ctx, consentKey(ctx, consent.consentId));
        const view: ConsentView = {
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
        return result(view);
    }

    /** Consents of one subject pseudonym, a page at a time (platform, notary and court). */
    @Transaction(false)
    @Returns('string')
    async ListBySubject(ctx: Context, requestJson: string): Promise<string> {
        requireOrganisation(ctx, [MSP_IDS.platform, MSP_IDS.notary, MSP_IDS.court], 'list consents of a subject');
        const fields = parseRequest(requestJson);
        const subject = text(fields, 'subject', { max: 69, pattern: SUBJECT_PATTERN });
        const page = await readPage<{ consentId: string }>(
            ctx,
            { objectType: 'consent.subject', attributes: [subject] },
            pageRequestOf(fields),
        );
        const now = txTime(ctx);
        const items = await Promise.all(page.items.map((entry) => readConsent(ctx, entry.consentId)));
        return result({
            items: items.map((consent) => ({ consent, status: consentStatusAt(consent, now) })),
            bookmark: page.bookmark,
            fetched: page.fetched,
        });
    }

    /**
     * Uses by a grantee in [from, to), oldest first, for reconciliation with its credit-bureau query log. A grantee
     * lists its own uses; the notary and the court may name any grantee.
     */
    @Transaction(false)
    @Returns('string')
    async ListUsesByGrantee(ctx: Context, requestJson: string): Promise<string> {
        const caller = requireOrganisation(ctx, MEMBERS, 'list consent uses');
        const fields = parseRequest(requestJson);
        const grantee = optionalText(fields, 'grantee', { max: 64, pattern: MSP_ID_PATTERN }) ?? caller.mspId;
        if (grantee !== caller.mspId && !OVERSIGHT.includes(caller.mspId)) {
            throw new ChaincodeError(
                COMMON_ERRORS.ACCESS_DENIED,
                `${caller.mspId} may list only its own consent uses`,
                {
                    action: 'list consent uses of another grantee',
                    mspId: caller.mspId,
                },
            );
        }
        const from = isoTime(fields, 'from');
        const to = isoTime(fields, 'to');
        // Both are normalised to one length, so string order is time order.
        if (from > to) {
            throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, 'from must not be later than to', {
                field: 'from',
                from,
                to,
            });
        }
        const page = await readPage<ConsentUse>(
            ctx,
            { startKey: granteeUseRangeKey(grantee, from), endKey: granteeUseRangeKey(grantee, to) },
            pageRequestOf(fields),
        );
        return result({ grantee, from, to, ...page });
    }

    async #supersede(ctx: Context, caller: Caller, next: ConsentRecord, oldId: string): Promise<string> {
        const old = await readConsent(ctx, oldId);
        if (old.collector !== caller.mspId) {
            throw new ChaincodeError(
                CONSENT_ERRORS.CONSENT_NOT_COLLECTOR,
                `${caller.mspId} did not collect consent ${oldId}`,
                {
                    consentId: oldId,
                },
            );
        }
        if (old.subject !== next.subject) {
            throw new ChaincodeError(
                CONSENT_ERRORS.CONSENT_SUBJECT_MISMATCH,
                `consent ${oldId} belongs to another subject`,
                {
                    consentId: oldId,
                    field: 'supersedes',
                },
            );
        }
        if (old.status !== 'ACTIVE') {
            throw new ChaincodeError(
                COMMON_ERRORS.INVALID_STATE,
                `consent ${oldId} is ${old.status} and cannot be superseded`,
                {
                    consentId: oldId,
                    status: old.status,
                },
            );
        }
        await writeJson(ctx, consentKey(ctx, oldId), {
            ...old,
            status: 'SUPERSEDED',
            supersededBy: next.consentId,
            updatedAt: next.recordedAt,
        } satisfies ConsentRecord);
        return oldId;
    }
}

function assertMayRead(caller: Caller, consent: ConsentRecord): void {
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

/** The stored consent if the repeated request carries the same content, otherwise CONFLICT. */
function sameConsent(existing: ConsentRecord, requested: ConsentRecord): ConsentRecord {
    const fields = [
        'subject',
        'grantee',
        'purpose',
        'purposeListVersion',
        'useMode',
        'maxUses',
        'validFrom',
        'validUntil',
        'documentFingerprint',
        'signingMethod',
        'noticeVersion',
        'collector',
    ] as const;
    const differing = fields.filter((field) => existing[field] !== requested[field]);
    if (differing.length > 0 || existing.dataScope.join(',') !== requested.dataScope.join(',')) {
        throw new ChaincodeError(COMMON_ERRORS.CONFLICT, `consent ${existing.consentId} exists with other content`, {
            consentId: existing.consentId,
            fields: differing.join(','),
        });
    }
    return existing;
}
