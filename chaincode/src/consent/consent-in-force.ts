import {
    CREDIT_AUTHORIZATION_PURPOSE,
    EVIDENCE_ERRORS,
    type ConsentRecord,
    type LoanParties,
    type LoanSubject,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';
import { requireInForce, requirePurpose } from './consent-checks.js';
import { requireConsent } from './consent-store.js';
import { bindConsentToLoan, loanSubjectOf, requireConsentOfLoan } from './loan-binding.js';

/**
 * The seam between the evidence and consent contracts: a credit-authorization evidence record (or its correction)
 * must cite a consent in force at the transaction's time, given for credit inquiries, granted to the loan's bank,
 * collected by the loan's platform and, once the loan has a subject, of that subject. Filing the record binds the
 * consent to the loan (see {@link bindAuthorizingConsent}); it spends none of the consent's uses.
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
    const bound = await loanSubjectOf(ctx, loan.loanRef);
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
 * Refuses a disbursement of the loan unless the bank logged a credit inquiry on it (`Consent:Use` naming the loan),
 * which was checked then against a consent in force, bound to the loan. The consent need not be in force at the
 * disbursement: a later withdrawal stops further uses, it does not undo a lawful inquiry.
 *
 * @throws {@link ChaincodeError} CREDIT_INQUIRY_REQUIRED naming the loan and the bank.
 */
export async function requireCreditInquiry(
    ctx: Context,
    loan: Readonly<{ loanRef: string; bank: string; path: string }>,
): Promise<void> {
    const iterator = await ctx.stub.getStateByPartialCompositeKey('consent.loan-use', [
        loan.loanRef,
        CREDIT_AUTHORIZATION_PURPOSE,
        loan.bank,
    ]);
    let found: boolean;
    try {
        found = !(await iterator.next()).done;
    } finally {
        await iterator.close();
    }
    if (!found) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.CREDIT_INQUIRY_REQUIRED,
            `${loan.path}: ${loan.bank} logged no credit inquiry on loan ${loan.loanRef} under a consent bound to it (Consent:Use naming the loan)`,
            { field: loan.path, stage: 'DISBURSEMENT', loanRef: loan.loanRef, bank: loan.bank },
        );
    }
}
