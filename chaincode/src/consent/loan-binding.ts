import {
    CONSENT_ERRORS,
    type ConsentLoanBinding,
    type ConsentRecord,
    type LoanParties,
    type LoanSubject,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';
import { readJson, txTime, writeJson } from '../core/ledger-state.js';
import { consentBindingKey, loanSubjectKey } from './consent-keys.js';

/**
 * Binding consents to loans. A loan's first credit-authorization record binds the cited consent's subject (a keyed
 * pseudonym) to the loan under a write-once key of its own, apart from the loan head that every evidence write
 * rewrites; from then on every consent used on the loan (another authorization, a correction, a use naming the loan)
 * must be of that subject, collected by the loan's platform and granted to the loan's bank.
 */

/**
 * Subjects bound earlier in the same transaction: Fabric does not let a transaction read its own writes, and a batch
 * may carry two authorization records of one loan.
 */
const boundInTransaction = new WeakMap<object, Map<string, LoanSubject>>();

/** The subject bound to the loan, or undefined while no credit-authorization record has bound one. */
export async function loanSubjectOf(ctx: Context, loanRef: string): Promise<LoanSubject | undefined> {
    return boundInTransaction.get(ctx.stub)?.get(loanRef) ?? readJson<LoanSubject>(ctx, loanSubjectKey(ctx, loanRef));
}

/**
 * Refuses a consent that does not belong to the loan: granted to another bank than the loan's, collected by another
 * platform than the loan's, or (once a subject is bound) of another subject. `path` names the request field that
 * cited the consent.
 *
 * @throws {@link ChaincodeError} CONSENT_GRANTEE_MISMATCH, CONSENT_COLLECTOR_MISMATCH or CONSENT_SUBJECT_MISMATCH.
 */
export function requireConsentOfLoan(
    consent: ConsentRecord,
    loan: Readonly<{ loanRef: string; parties: LoanParties; subject: LoanSubject | undefined }>,
    path: string,
): void {
    const { consentId } = consent;
    const { loanRef, parties, subject } = loan;
    if (consent.grantee !== parties.bank) {
        throw new ChaincodeError(
            CONSENT_ERRORS.CONSENT_GRANTEE_MISMATCH,
            `consent ${consentId} was given to ${consent.grantee}, not to ${parties.bank}, the bank of loan ${loanRef}`,
            { field: path, consentId, loanRef, expected: parties.bank, grantee: consent.grantee },
        );
    }
    if (consent.collector !== parties.platform) {
        throw new ChaincodeError(
            CONSENT_ERRORS.CONSENT_COLLECTOR_MISMATCH,
            `consent ${consentId} was collected by ${consent.collector}, not by ${parties.platform}, the platform of loan ${loanRef}`,
            { field: path, consentId, loanRef, expected: parties.platform, collector: consent.collector },
        );
    }
    if (subject !== undefined && subject.subject !== consent.subject) {
        // Neither pseudonym is named: the refusal says which consent bound the loan, which a party can look up.
        throw new ChaincodeError(
            CONSENT_ERRORS.CONSENT_SUBJECT_MISMATCH,
            `consent ${consentId} is of another subject than the one bound to loan ${loanRef} by consent ${subject.consentId}`,
            { field: path, consentId, loanRef, boundBy: subject.consentId },
        );
    }
}

/**
 * Logs that a credit-authorization record cites the consent (a binding entry that spends no use), and binds the
 * consent's subject to the loan when none is bound yet. Callers check {@link requireConsentOfLoan} first.
 */
export async function bindConsentToLoan(
    ctx: Context,
    caller: Caller,
    consent: ConsentRecord,
    binding: Readonly<{ loanRef: string; recordId: string; bound: LoanSubject | undefined }>,
): Promise<void> {
    const time = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const { loanRef, recordId } = binding;
    if (binding.bound === undefined) {
        const subject: LoanSubject = {
            loanRef,
            subject: consent.subject,
            consentId: consent.consentId,
            recordId,
            time,
            txId,
        };
        await writeJson(ctx, loanSubjectKey(ctx, loanRef), subject);
        const inTransaction = boundInTransaction.get(ctx.stub) ?? new Map<string, LoanSubject>();
        inTransaction.set(loanRef, subject);
        boundInTransaction.set(ctx.stub, inTransaction);
    }
    const entry: ConsentLoanBinding = {
        consentId: consent.consentId,
        loanRef,
        subject: consent.subject,
        recordId,
        boundBy: { mspId: caller.mspId, subject: caller.subject },
        time,
        txId,
    };
    await writeJson(ctx, consentBindingKey(ctx, consent.consentId, loanRef, recordId), entry);
}
