import { LOAN_BOUND_PURPOSES, LOAN_REF_PATTERN } from '@lendledger/domain';

/** What the console's use form holds: the loan the inquiry serves (as typed) and the data items ticked. */
export interface ConsentUseForm {
    readonly loanRef: string;
    readonly dataScope: readonly string[];
}

/** A field of the use form the API would refuse for its shape. */
export type ConsentUseProblem = keyof ConsentUseForm;

/** True when a use of a consent given for this purpose must name the loan it serves (a credit inquiry). */
export function useNeedsLoan(purpose: string): boolean {
    return LOAN_BOUND_PURPOSES.includes(purpose);
}

/**
 * The fields the API would refuse before the chaincode sees them: a loan-bound purpose needs a loan reference, and a
 * use must read at least one data item, each inside the consent's scope (the chaincode checks the scope again).
 */
export function consentUseProblems(
    consent: { readonly purpose: string; readonly dataScope: readonly string[] },
    form: ConsentUseForm,
): ConsentUseProblem[] {
    const problems: ConsentUseProblem[] = [];
    if (useNeedsLoan(consent.purpose) && !LOAN_REF_PATTERN.test(form.loanRef.trim())) {
        problems.push('loanRef');
    }
    if (form.dataScope.length === 0 || form.dataScope.some((item) => !consent.dataScope.includes(item))) {
        problems.push('dataScope');
    }
    return problems;
}

/**
 * The body of `POST /v1/consents/{consentId}/uses`: the consent's purpose, the data items read (in the consent's
 * order) and, for a loan-bound purpose, the loan. A loan typed for any other purpose is not sent.
 */
export function consentUseRequest(
    consent: { readonly purpose: string; readonly dataScope: readonly string[] },
    form: ConsentUseForm,
): Record<string, unknown> {
    return {
        purpose: consent.purpose,
        dataScope: consent.dataScope.filter((item) => form.dataScope.includes(item)),
        ...(useNeedsLoan(consent.purpose) ? { loanRef: form.loanRef.trim() } : {}),
    };
}
