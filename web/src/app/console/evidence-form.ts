import {
    CONSENT_ID_PATTERN,
    CONSENT_STAGES,
    LIFECYCLE_STAGES,
    LOAN_REF_PATTERN,
    MSP_ID_PATTERN,
    PRODUCT_CODE_PATTERN,
    SHORT_CODE_PATTERN,
    STAGE_WRITERS,
    type LifecycleStage,
} from '@lendledger/domain';

/**
 * The stages an organisation with these consortium roles may write (the domain's stage-writer rule), in lifecycle
 * order. The form offers only these; the chaincode still decides, and its refusal is shown with its code.
 */
export function stagesFor(memberRoles: readonly string[]): LifecycleStage[] {
    return LIFECYCLE_STAGES.filter((stage) => STAGE_WRITERS[stage].some((role) => memberRoles.includes(role)));
}

/** True when a record of this stage must name the credit-inquiry consent it relies on. */
export function needsConsent(stage: LifecycleStage): boolean {
    return CONSENT_STAGES.includes(stage);
}

/** A suggested evidence type per stage, the codes the project's own examples use; the user may type another. */
export const SUGGESTED_EVIDENCE_TYPES: Readonly<Record<LifecycleStage, string>> = {
    IDENTITY_VERIFICATION: 'ID_CHECK_REPORT',
    CREDIT_AUTHORIZATION: 'CREDIT_AUTH_FORM',
    CONTRACT_SIGNING: 'E_SIGNED_CONTRACT',
    CREDIT_DECISION: 'CREDIT_APPROVAL',
    DISBURSEMENT: 'DISBURSEMENT_RECEIPT',
    REPAYMENT: 'REPAYMENT_RECEIPT',
    OVERDUE_NOTICE: 'OVERDUE_NOTICE',
    COLLECTION: 'COLLECTION_RECORD',
    DISPUTE: 'DISPUTE_RECORD',
    OTHER: 'DOCUMENT',
};

/** What the registration form holds, as typed. */
export interface RegistrationForm {
    readonly fingerprint: string;
    readonly loanRef: string;
    readonly stage: LifecycleStage;
    readonly evidenceType: string;
    readonly consentId: string;
    /** The loan's parties; used only for its first record. */
    readonly bank: string;
    readonly product: string;
    readonly platform: string;
}

/** A field of the form that does not have the shape the API accepts. */
export type FormProblem = keyof RegistrationForm;

/**
 * The fields of the form that the API would refuse for their shape, so the page can say which before sending.
 * `firstRecord` is whether the loan has no record yet: only then are its parties needed.
 */
export function formProblems(form: RegistrationForm, firstRecord: boolean): FormProblem[] {
    const problems: FormProblem[] = [];
    if (!/^sha256:[0-9a-f]{64}$/.test(form.fingerprint)) {
        problems.push('fingerprint');
    }
    if (!LOAN_REF_PATTERN.test(form.loanRef)) {
        problems.push('loanRef');
    }
    if (!SHORT_CODE_PATTERN.test(form.evidenceType)) {
        problems.push('evidenceType');
    }
    if (needsConsent(form.stage) && !CONSENT_ID_PATTERN.test(form.consentId)) {
        problems.push('consentId');
    }
    if (firstRecord) {
        if (!MSP_ID_PATTERN.test(form.bank)) {
            problems.push('bank');
        }
        if (!PRODUCT_CODE_PATTERN.test(form.product)) {
            problems.push('product');
        }
        if (form.platform !== '' && !MSP_ID_PATTERN.test(form.platform)) {
            problems.push('platform');
        }
    }
    return problems;
}

/**
 * The body of `POST /v1/evidence` for a salted document. `previous` is the loan's head (null for its first record,
 * which alone binds the parties); a consent is named only on the stages that need one. The document itself is
 * never part of it: only its fingerprint.
 */
export function registrationRequest(form: RegistrationForm, previous: string | null): Record<string, unknown> {
    return {
        fingerprint: form.fingerprint,
        salted: true,
        evidenceType: form.evidenceType,
        stage: form.stage,
        loanRef: form.loanRef,
        previous,
        ...(needsConsent(form.stage) ? { consentId: form.consentId } : {}),
        ...(previous === null
            ? {
                  parties: {
                      ...(form.platform === '' ? {} : { platform: form.platform }),
                      bank: form.bank,
                      product: form.product,
                  },
              }
            : {}),
    };
}
