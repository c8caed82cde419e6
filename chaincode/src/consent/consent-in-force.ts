import {
    CREDIT_AUTHORIZATION_PURPOSE,
    EVIDENCE_ERRORS,
    type ConsentRecord,
    type ConsentUse,
    type LoanHead,
    type LoanParties,
    type LoanSubject,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';
import { requireInForce, requirePurpose } from './consent-checks.js';
import { readJson } from '../core/ledger-state.js';
import { consentKey } from './consent-keys.js';
import { requireConsent } from './consent-store.js';
import {
    bindConsentToLoan,
    currentLoanSubjectOf,
    releaseUnauthorizedLoan,
    requireConsentOfLoan,
} from './loan-binding.js';

/**
 * The seam between the evidence and consent contracts: a credit-authorization evidence record (or its correction)
 * must cite a consent in force at the transaction's time, given for credit inquiries, granted to the loan's bank,
 * collected by the loan's platform and, while the loan has a subject, of that subject. Filing the record binds the
 * consent to the loan (see {@link bindAuthorizingConsent}); it spends none of the consent's uses. Withdrawing the
 * loan's last current authorization releases the subject (see {@link releaseAfterWithdrawal}).
 */

/** A consent an authorization record may cite, checked, with the loan's subject as it stood. */
export interface AuthorizingConsent {
    readonly consent: ConsentRecord;
    readonly bound: LoanSubject | undefined;
}

/**
 * Checks the consent a credit-authorization record of the loan cites; writes nothing.
 *
 * @throws {@link ChaincodeError} CONSENT_NOT_FOUND, CONSENT_WITHDRAWN, CONSENT_SUPERSEDED, CONSENT_EXHAUSTED,
 * CONSENT_NOT_YET_VALID, CONSENT_EXPIRED, CONSENT_GRANTEE_MISMATCH, CONSENT_COLLECTOR_MISMATCH,
 * CONSENT_SUBJECT_MISMATCH or CONSENT_PURPOSE_MISMATCH.
 */
export async function requireAuthorizingConsent(
    ctx: Context,
    consentId: string,
    loan: Readonly<{ loanRef: string; parties: LoanParties; path: string }>,
): Promise<AuthorizingConsent> {
    const consent = await requireConsent(ctx, consentId);
    requireInForce(ctx, consent);
    const bound = await currentLoanSubjectOf(ctx, loan.loanRef);
    requireConsentOfLoan(consent, { loanRef: loan.loanRef, parties: loan.parties, subject: bound }, loan.path);
    requirePurpose(consent, CREDIT_AUTHORIZATION_PURPOSE, loan.path);
    return { consent, bound };
}

/** Logs the record's binding of a consent checked by {@link requireAuthorizingConsent}, after every check passed. */
export async function bindAuthorizingConsent(
    ctx: Context,
    caller: Caller,
    checked: AuthorizingConsent,
    record: Readonly<{ loanRef: string; recordId: string }>,
): Promise<void> {
    await bindConsentToLoan(ctx, caller, checked.consent, { ...record, bound: checked.bound });
}

/**
 * After a withdrawal of a credit-authorization record: releases the loan's subject when no current authorization
 * record is left (`head` is the loan head after the withdrawal), so the loan's next authorization binds afresh and
 * inquiries under the released subject's consents no longer count for a disbursement.
 */
export async function releaseAfterWithdrawal(
    ctx: Context,
    withdrawn: Readonly<{ stage: string }>,
    head: LoanHead,
): Promise<void> {
    if (withdrawn.stage === 'CREDIT_AUTHORIZATION') {
        await releaseUnauthorizedLoan(ctx, head);
    }
}

/**
 * Refuses a disbursement of the loan unless the bank logged a credit inquiry on it (`Consent:Use` naming the loan)
 * under a consent of the subject the loan's current authorization evidence binds: an inquiry under a released
 * binding's subject (its authorization withdrawn) no longer counts. Each use names its consent's subject; for a use
 * logged before uses named it, the subject is read from its consent record. The consent need not be in force at the
 * disbursement: a later withdrawal of the consent stops further uses, it does not undo a lawful inquiry.
 *
 * @throws {@link ChaincodeError} CREDIT_INQUIRY_REQUIRED naming the loan and the bank.
 */
export async function requireCreditInquiry(
    ctx: Context,
    loan: Readonly<{ loanRef: string; bank: string; path: string }>,
): Promise<void> {
    const bound = await currentLoanSubjectOf(ctx, loan.loanRef);
    if (bound === undefined || !(await hasInquiryOf(ctx, loan, bound.subject))) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.CREDIT_INQUIRY_REQUIRED,
            `${loan.path}: ${loan.bank} logged no credit inquiry on loan ${loan.loanRef} under a consent of the subject its current credit authorization binds (Consent:Use naming the loan)`,
            { field: loan.path, stage: 'DISBURSEMENT', loanRef: loan.loanRef, bank: loan.bank },
        );
    }
}

/** True when one of the bank's credit inquiries on the loan was made under a consent of `subject`. */
async function hasInquiryOf(
    ctx: Context,
    loan: Readonly<{ loanRef: string; bank: string }>,
    subject: string,
): Promise<boolean> {
    const iterator = await ctx.stub.getStateByPartialCompositeKey('consent.loan-use', [
        loan.loanRef,
        CREDIT_AUTHORIZATION_PURPOSE,
        loan.bank,
    ]);
    try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
            const use = JSON.parse(Buffer.from(next.value.value).toString('utf8')) as ConsentUse;
            const used = use.subject ?? (await readJson<ConsentRecord>(ctx, consentKey(ctx, use.consentId)))?.subject;
            if (used === subject) {
                return true;
            }
        }
        return false;
    } finally {
        await iterator.close();
    }
}
