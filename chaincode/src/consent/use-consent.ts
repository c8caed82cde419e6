import {
    CONSENT_ERRORS,
    CONSENT_EVENTS,
    EVIDENCE_ERRORS,
    type ConsentRecord,
    type ConsentUse,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';
import { loanPartiesOf } from '../evidence/records/loan-parties.js';
import { requireAdmission } from '../membership/admissions/admission-in-force.js';
import { emitEvent, txTime, writeJson } from '../core/ledger-state.js';
import { requireGrantee } from './consent-access.js';
import { requireInForce, requirePurpose, requireScope } from './consent-checks.js';
import { consentKey, consentUseKey, granteeUseKey, loanUseKey } from './consent-keys.js';
import { type Use } from './consent-request.js';
import { requireConsent } from './consent-store.js';
import { loanSubjectOf, requireConsentOfLoan } from './loan-binding.js';

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
 * A use names the data items it reads, each inside the consent's dataScope. A use naming a loan (which a credit
 * inquiry must) is checked against it: the consent must be granted to the loan's bank, collected by its platform
 * and of the subject its current credit-authorization evidence binds; the use is then indexed under the loan, where
 * a disbursement looks for it.
 *
 * @throws {@link ChaincodeError} CONSENT_NOT_FOUND, CONSENT_NOT_GRANTEE, CONSENT_SCOPE_EXCEEDED, LOAN_NOT_FOUND,
 * CONSENT_LOAN_UNBOUND, CONSENT_GRANTEE_MISMATCH, CONSENT_COLLECTOR_MISMATCH, CONSENT_SUBJECT_MISMATCH,
 * PARTNER_NOT_ADMITTED or a refusal of the in-force and purpose checks; nothing is written then.
 */
export async function useConsent(ctx: Context, caller: Caller, request: Use, slot?: number): Promise<UseResult> {
    const consent = await requireConsent(ctx, request.consentId);
    requireGrantee(caller, consent);
    requireInForce(ctx, consent);
    requirePurpose(consent, request.purpose);
    requireScope(consent, request.dataScope);
    if (request.loanRef !== undefined) {
        await requireLoanOfUse(ctx, consent, request.loanRef);
    }
    if (consent.product !== undefined) {
        await requireAdmission(
            ctx,
            { bank: consent.grantee, platform: consent.collector, product: consent.product },
            'use a consent collected by this platform',
        );
    }
    const now = txTime(ctx);
    const txId = ctx.stub.getTxID();
    // A batch logs many uses in one transaction: the item's place keeps its ticket and keys apart.
    const useKey = slot === undefined ? txId : `${txId}:${slot}`;
    const useNo = consent.usesCount + 1;
    const status = useNo >= consent.maxUses ? 'CONSUMED' : 'ACTIVE';
    const use: ConsentUse = {
        ticketId: `ticket:${useKey}`,
        consentId: consent.consentId,
        useNo,
        grantee: consent.grantee,
        purpose: request.purpose,
        usedBy: { mspId: caller.mspId, subject: caller.subject },
        ...(request.inquiryFingerprint ? { inquiryFingerprint: request.inquiryFingerprint } : {}),
        ...(request.loanRef ? { loanRef: request.loanRef } : {}),
        dataScope: [...request.dataScope],
        subject: consent.subject,
        validFrom: consent.validFrom,
        validUntil: consent.validUntil,
        consentStatus: status,
        time: now,
        txId,
    };
    const updated: ConsentRecord = { ...consent, usesCount: use.useNo, status, updatedAt: now };
    await writeJson(ctx, consentKey(ctx, consent.consentId), updated);
    await writeJson(ctx, consentUseKey(ctx, consent.consentId, use.useNo), use);
    await writeJson(ctx, granteeUseKey(use.grantee, now, useKey), use);
    if (use.loanRef !== undefined) {
        await writeJson(ctx, loanUseKey(ctx, use.loanRef, use.purpose, use.grantee, useKey), use);
    }
    emitEvent(ctx, CONSENT_EVENTS.used, {
        consentId: consent.consentId,
        ticketId: use.ticketId,
        useNo: use.useNo,
        status: updated.status,
        txId,
    });
    return { use, consent: updated };
}

/**
 * Refuses a use naming a loan the consent does not belong to, or a loan without a current credit-authorization
 * record binding a subject: the bank may inquire for a loan only while its platform's authorization of the borrower
 * stands. The binding key is present exactly while a current authorization holds it (the withdrawal of the last one
 * deletes it), so the use reads that key and not the loan head, which every evidence write on the loan rewrites.
 */
async function requireLoanOfUse(ctx: Context, consent: ConsentRecord, loanRef: string): Promise<void> {
    const parties = await loanPartiesOf(ctx, loanRef);
    if (parties === undefined) {
        throw new ChaincodeError(EVIDENCE_ERRORS.LOAN_NOT_FOUND, `loan ${loanRef} has no evidence on the ledger`, {
            field: 'loanRef',
            loanRef,
        });
    }
    const subject = await loanSubjectOf(ctx, loanRef);
    if (subject === undefined) {
        throw new ChaincodeError(
            CONSENT_ERRORS.CONSENT_LOAN_UNBOUND,
            `loan ${loanRef} has no current credit-authorization record citing a consent`,
            { field: 'loanRef', loanRef, consentId: consent.consentId },
        );
    }
    requireConsentOfLoan(consent, { loanRef, parties, subject }, 'loanRef');
}
