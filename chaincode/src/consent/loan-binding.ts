import {
    CONSENT_ERRORS,
    type ConsentLoanBinding,
    type ConsentRecord,
    type LoanHead,
    type LoanParties,
    type LoanSubject,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';
import { readJson, txTime, writeJson } from '../core/ledger-state.js';
import { loanHeadKey } from '../evidence/ledger-keys.js';
import { consentBindingKey, loanSubjectKey } from './consent-keys.js';

/**
 * Binding consents to loans. A credit-authorization record filed while the loan has no current one binds the cited
 * consent's subject (a keyed pseudonym) to the loan under a key of its own, apart from the loan head that every
 * evidence write rewrites; from then on every consent used on the loan (another authorization, a correction, a use
 * naming the loan) must be of that subject, collected by the loan's platform and granted to the loan's bank. The
 * binding follows the loan's current authorization evidence: the withdrawal that leaves the loan without a current
 * authorization record deletes the key (the binding entries and the evidence chain keep the history), and the next
 * authorization binds afresh, possibly another subject. So the key is present exactly while a current authorization
 * holds it, and a use reads that key alone, not the loan head, which would make every inquiry conflict with the
 * loan's concurrent evidence writes.
 */

/**
 * Subjects bound (or released: null) earlier in the same transaction: Fabric does not let a transaction read its own
 * writes, and a batch may carry two authorization records of one loan.
 */
const boundInTransaction = new WeakMap<object, Map<string, LoanSubject | null>>();

function remember(ctx: Context, loanRef: string, subject: LoanSubject | null): void {
    const inTransaction = boundInTransaction.get(ctx.stub) ?? new Map<string, LoanSubject | null>();
    inTransaction.set(loanRef, subject);
    boundInTransaction.set(ctx.stub, inTransaction);
}

/**
 * The subject bound to the loan, or undefined while no credit-authorization record binds one. Reads the binding key
 * only; see {@link currentLoanSubjectOf} for evidence writes, which read the loan head anyway.
 */
export async function loanSubjectOf(ctx: Context, loanRef: string): Promise<LoanSubject | undefined> {
    const inTransaction = boundInTransaction.get(ctx.stub);
    if (inTransaction?.has(loanRef)) {
        return inTransaction.get(loanRef) ?? undefined;
    }
    return readJson<LoanSubject>(ctx, loanSubjectKey(ctx, loanRef));
}

/**
 * The subject bound to the loan, checked against the loan head: a binding without a current authorization record
 * (left by a withdrawal before withdrawals released bindings) counts as released, so the loan's next authorization
 * binds afresh and no disbursement relies on it.
 */
export async function currentLoanSubjectOf(ctx: Context, loanRef: string): Promise<LoanSubject | undefined> {
    const bound = await loanSubjectOf(ctx, loanRef);
    if (bound === undefined || boundInTransaction.get(ctx.stub)?.has(loanRef)) {
        return bound;
    }
    const head = await readJson<LoanHead>(ctx, loanHeadKey(ctx, loanRef));
    return (head?.currentStages.CREDIT_AUTHORIZATION ?? 0) > 0 ? bound : undefined;
}

/**
 * Releases the loan's subject binding once the loan has no current credit-authorization record (`head` is the loan
 * head after the transaction's withdrawal); writes nothing while one is still current or nothing is bound.
 */
export async function releaseUnauthorizedLoan(ctx: Context, head: LoanHead): Promise<void> {
    if ((head.currentStages.CREDIT_AUTHORIZATION ?? 0) > 0) {
        return;
    }
    if ((await loanSubjectOf(ctx, head.loanRef)) !== undefined) {
        await ctx.stub.deleteState(loanSubjectKey(ctx, head.loanRef));
        remember(ctx, head.loanRef, null);
    }
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
 * consent's subject to the loan when none is bound (first authorization, or the first after a release). Callers check {@link requireConsentOfLoan} first.
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
        remember(ctx, loanRef, subject);
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
