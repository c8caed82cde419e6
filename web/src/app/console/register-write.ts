import { isLoanRef, type EvidenceWriteResult, type LoanHead } from '@lendledger/domain';
import { api, ApiError, idempotencyKey } from '../../common/api.ts';
import { formProblems, registrationRequest, type FormProblem, type RegistrationForm } from './evidence-form.ts';

/** What a write answers over REST: the chaincode's result with the transaction that committed it. */
export interface Committed<T> {
    readonly txId: string;
    readonly blockNumber: number;
    readonly result: T;
}

/** Whether the user's gateway roles include one that writes; the API decides, this only hides a dead button. */
export function mayWrite(roles: readonly string[]): boolean {
    return roles.includes('submitter') || roles.includes('admin');
}

/** The loan's head, or null when the ledger has no record of it yet (the next record is its first). */
async function headOf(loanRef: string): Promise<string | null> {
    try {
        return (await api<LoanHead>(`/v1/loans/${encodeURIComponent(loanRef)}`)).head.id;
    } catch (error) {
        if (error instanceof ApiError && error.code === 'LOAN_NOT_FOUND') {
            return null;
        }
        throw error;
    }
}

/** A registration that failed the form's checks before anything was sent. */
export interface Refused {
    readonly problems: FormProblem[];
}

/**
 * Writes the form as the loan's next record: the head is read again just before writing (another writer may have
 * appended since the page loaded), and the same body sent again (a retry after a timeout, a double click) reuses
 * its Idempotency-Key, so it writes once.
 */
export async function writeRegistration(
    form: RegistrationForm,
    attempt: { current: { body: string; key: string } | undefined },
): Promise<Committed<EvidenceWriteResult> | Refused> {
    const previous = isLoanRef(form.loanRef) ? await headOf(form.loanRef) : null;
    const problems = formProblems(form, previous === null);
    if (problems.length > 0) {
        return { problems };
    }
    const body = registrationRequest(form, previous);
    const text = JSON.stringify(body);
    if (attempt.current?.body !== text) {
        attempt.current = { body: text, key: idempotencyKey() };
    }
    return api<Committed<EvidenceWriteResult>>('/v1/evidence', {
        method: 'POST',
        body,
        headers: { 'idempotency-key': attempt.current.key },
    });
}
