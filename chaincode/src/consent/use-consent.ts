import { CONSENT_EVENTS, type ConsentRecord, type ConsentUse } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../core/caller.js';
import { requireAdmission } from '../membership/admissions/admission-in-force.js';
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
 * Uses a consent: checks it and logs the use atomically. The use that reaches `maxUses` consumes the consent. A use
 * extends the grantee's business with the collector, so the grantee's admission of the collector for the consent's
 * product must be in force at the use too (consents recorded before they named a product are not checked).
 *
 * @throws {@link ChaincodeError} CONSENT_NOT_FOUND, CONSENT_NOT_GRANTEE, PARTNER_NOT_ADMITTED or a refusal of the
 * in-force and purpose checks; nothing is written then.
 */
export async function useConsent(ctx: Context, caller: Caller, request: Use): Promise<UseResult> {
    const consent = await requireConsent(ctx, request.consentId);
    requireGrantee(caller, consent);
    requireInForce(ctx, consent);
    requirePurpose(consent, request.purpose);
    if (consent.product !== undefined) {
        await requireAdmission(
            ctx,
            { bank: consent.grantee, platform: consent.collector, product: consent.product },
            'use a consent collected by this platform',
        );
    }
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
