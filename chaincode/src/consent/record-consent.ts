import { COMMON_ERRORS, CONSENT_ERRORS, CONSENT_EVENTS, type ConsentRecord } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../core/chaincode-error.js';
import { emitEvent, txTime, writeJson } from '../core/ledger-state.js';
import { requireAdmission } from '../membership/admissions/admission-in-force.js';
import { type MemberCaller } from '../membership/member-access.js';
import { requireCollector, requireGranteeBank } from './consent-access.js';
import { consentKey, subjectIndexKey } from './consent-keys.js';
import { type Recording } from './consent-request.js';
import { readConsent, requireConsent } from './consent-store.js';

/** What `Consent:Record` answers: the consent, and whether this call created it. */
export interface RecordResult {
    readonly created: boolean;
    readonly consent: ConsentRecord;
}

/**
 * Records a signed consent collected by the caller (a platform) for a grantee bank. The grantee must hold the bank
 * role, and must have admitted the caller for the consent's product at the transaction's time (名单制): a platform
 * cannot collect authorizations for a bank that does not work with it. The same request again answers the stored
 * consent (`created: false`), even after the admission ended, since it writes nothing; other content under the same
 * identifier is a CONFLICT. A consent that supersedes another ends the old one in the same transaction.
 *
 * @throws {@link ChaincodeError} INVALID_ARGUMENT, CONSENT_GRANTEE_NOT_BANK, CONFLICT, CONSENT_EXPIRED,
 *   PARTNER_NOT_ADMITTED, or a refusal of the superseding.
 */
export async function recordConsent(ctx: Context, caller: MemberCaller, request: Recording): Promise<RecordResult> {
    if (request.grantee === caller.mspId) {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, 'the grantee must be another organisation', {
            field: 'grantee',
        });
    }
    requireGranteeBank(caller.registry, request.grantee);
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
    const existing = await readConsent(ctx, request.consentId);
    if (existing) {
        return { created: false, consent: requireSameConsent(existing, consent) };
    }
    if (request.validUntil <= now) {
        throw new ChaincodeError(CONSENT_ERRORS.CONSENT_EXPIRED, 'the consent window has already closed', {
            field: 'validUntil',
            time: now,
        });
    }
    await requireAdmission(
        ctx,
        { bank: request.grantee, platform: caller.mspId, product: request.product },
        'record a consent for this bank',
    );
    const superseded = request.supersedes ? await supersede(ctx, caller, consent, request.supersedes) : undefined;
    await writeJson(ctx, consentKey(ctx, consent.consentId), consent);
    await writeJson(ctx, subjectIndexKey(ctx, consent.subject, consent.consentId), { consentId: consent.consentId });
    emitEvent(ctx, CONSENT_EVENTS.recorded, {
        consentId: consent.consentId,
        grantee: consent.grantee,
        purpose: consent.purpose,
        superseded,
        txId: consent.txId,
    });
    return { created: true, consent };
}

/** Ends the old consent in favour of the next one: same collector, same subject, and the old one still ACTIVE. */
async function supersede(ctx: Context, caller: MemberCaller, next: ConsentRecord, oldId: string): Promise<string> {
    const old = await requireConsent(ctx, oldId);
    requireCollector(caller, old, { consentId: oldId });
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

const COMPARED = [
    'subject',
    'grantee',
    'product',
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

/** The stored consent if the repeated request carries the same content, otherwise CONFLICT. */
function requireSameConsent(existing: ConsentRecord, requested: ConsentRecord): ConsentRecord {
    const differing = COMPARED.filter((field) => existing[field] !== requested[field]);
    if (differing.length > 0 || existing.dataScope.join(',') !== requested.dataScope.join(',')) {
        throw new ChaincodeError(COMMON_ERRORS.CONFLICT, `consent ${existing.consentId} exists with other content`, {
            consentId: existing.consentId,
            fields: differing.join(','),
        });
    }
    return existing;
}
