import { CONSENT_EVENTS, type ConsentRecord, type ConsentUse } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../core/caller.js';
import { emitEvent, txTime, writeJson } from '../core/ledger-state.js';
import { requireGrantee } from './consent-access.js';
import { requireInForce, requirePurpose } from './consent-checks.js';
import { consentKey, consentUseKey, granteeUseKey } from './consent-keys.js';
import { type Use } from './consent-request.js';
import { requireConsent } from './consent-store.js';

/** What `Consent:Use` answers: the logged use with its ticket, and the consent after it. */
export interface UseResult {
    readonly use: ConsentUse;
    readonly consent: ConsentRecord;
}

/**
 * Uses a consent: checks it and logs the use atomically. The use that reaches `maxUses` consumes the consent.
 *
 * @throws {@link ChaincodeError} CONSENT_NOT_FOUND, CONSENT_NOT_GRANTEE or a refusal of the in-force and purpose
 * checks; nothing is written then.
 */
export async function useConsent(ctx: Context, caller: Caller, request: Use): Promise<UseResult> {
    const consent = await requireConsent(ctx, request.consentId);
    requireGrantee(caller, consent);
    requireInForce(ctx, consent);
    requirePurpose(consent, request.purpose);
    const now = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const use: ConsentUse = {
        ticketId: `ticket:${txId}`,
        consentId: consent.consentId,
        useNo: consent.usesCount + 1,
        grantee: consent.grantee,
        purpose: request.purpose,
        usedBy: { mspId: caller.mspId, subject: caller.subject },
        ...(request.inquiryFingerprint ? { inquiryFingerprint: request.inquiryFingerprint } : {}),
        time: now,
        txId,
    };
    const updated: ConsentRecord = {
        ...consent,
        usesCount: use.useNo,
        status: use.useNo >= consent.maxUses ? 'CONSUMED' : 'ACTIVE',
        updatedAt: now,
    };
    await writeJson(ctx, consentKey(ctx, consent.consentId), updated);
    await writeJson(ctx, consentUseKey(ctx, consent.consentId, use.useNo), use);
    await writeJson(ctx, granteeUseKey(use.grantee, now, txId), use);
    emitEvent(ctx, CONSENT_EVENTS.used, {
        consentId: consent.consentId,
        ticketId: use.ticketId,
        useNo: use.useNo,
        status: updated.status,
        txId,
    });
    return { use, consent: updated };
}
