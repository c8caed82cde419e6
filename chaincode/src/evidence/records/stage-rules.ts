import {
    CONSENT_STAGES,
    CREDIT_INQUIRY_STAGES,
    EVIDENCE_ERRORS,
    SALT_REQUIRED_STAGES,
    STAGE_PREREQUISITES,
    STAGE_WRITERS,
    type LifecycleStage,
    type LoanHead,
    type LoanParties,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import {
    requireAuthorizingConsent,
    requireCreditInquiry,
    type AuthorizingConsent,
} from '../../consent/consent-in-force.js';
import { type MemberCaller } from '../../membership/member-access.js';

/** The stage rules of domain/src/evidence/stages.ts, applied to one record. */

/**
 * Refuses a stage no role of the caller's organisation may write.
 *
 * @throws {@link ChaincodeError} STAGE_NOT_PERMITTED naming the roles allowed and the caller's.
 */
export function requireStageWriter(caller: MemberCaller, stage: LifecycleStage, path: string): void {
    const allowed = STAGE_WRITERS[stage];
    if (!caller.roles.some((role) => (allowed as readonly string[]).includes(role))) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.STAGE_NOT_PERMITTED,
            `${caller.mspId} may not write ${stage} evidence`,
            {
                field: path,
                stage,
                mspId: caller.mspId,
                roles: [...caller.roles],
                allowedRoles: [...allowed],
            },
        );
    }
}

/**
 * Refuses a writer that is not the loan's party in a role that writes the stage: a platform writes pre-loan evidence
 * only on loans it acquired, a bank loan evidence only on loans it funds.
 *
 * @throws {@link ChaincodeError} NOT_LOAN_PARTY naming the loan, the stage and the parties.
 */
export function requireStageParty(
    caller: MemberCaller,
    parties: LoanParties,
    stage: LifecycleStage,
    loanRef: string,
    path: string,
): void {
    const roles = STAGE_WRITERS[stage].filter((role) => caller.roles.includes(role));
    if (!roles.some((role) => parties[role] === caller.mspId)) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.NOT_LOAN_PARTY,
            `${caller.mspId} is not the ${STAGE_WRITERS[stage].join(' or ')} of loan ${loanRef} and may not write ${stage} evidence on it`,
            {
                field: path,
                stage,
                loanRef,
                mspId: caller.mspId,
                platform: parties.platform,
                bank: parties.bank,
            },
        );
    }
}

/**
 * Refuses an unsalted fingerprint for stages that describe the borrower.
 *
 * @throws {@link ChaincodeError} UNSALTED_FINGERPRINT.
 */
export function requireSaltWhereNeeded(stage: LifecycleStage, salted: boolean, path: string): void {
    if (!salted && SALT_REQUIRED_STAGES.includes(stage)) {
        throw new ChaincodeError(EVIDENCE_ERRORS.UNSALTED_FINGERPRINT, `${stage} evidence must be salted`, {
            field: path,
            stage,
        });
    }
}

/**
 * Refuses a record whose stage needs an earlier stage the loan's chain does not (or no longer) hold.
 *
 * @throws {@link ChaincodeError} STAGE_PREREQUISITE_MISSING.
 */
export function requirePrerequisite(stage: LifecycleStage, head: LoanHead | undefined, path: string): void {
    const required = STAGE_PREREQUISITES[stage] ?? [];
    const missing = required.filter((needed) => (head?.currentStages[needed] ?? 0) < 1);
    if (missing.length > 0) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.STAGE_PREREQUISITE_MISSING,
            `${stage} evidence needs current ${missing.join(' and ')} evidence on the loan's chain first`,
            { field: path, stage, requires: missing[0]!, missing: [...missing], loanRef: head?.loanRef ?? null },
        );
    }
}

/**
 * For stages that rely on a consent, requires the consent reference and has the consent area check the consent
 * against the loan (in force now, for credit inquiries, the loan's bank and platform, the loan's subject); its
 * refusal propagates unchanged. Answers the checked consent, which the caller binds to the loan once every rule of
 * the record passed, or undefined for other stages.
 *
 * @throws {@link ChaincodeError} CONSENT_REFERENCE_REQUIRED, or the consent area's error.
 */
export async function requireConsentWhereNeeded(
    ctx: Context,
    stage: LifecycleStage,
    consentId: string | undefined,
    loan: Readonly<{ loanRef: string; parties: LoanParties }>,
    path: string,
): Promise<AuthorizingConsent | undefined> {
    if (!CONSENT_STAGES.includes(stage)) {
        return undefined;
    }
    if (consentId === undefined) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.CONSENT_REFERENCE_REQUIRED,
            `${stage} evidence must name the consent it relies on in consentId`,
            { field: path, stage },
        );
    }
    return requireAuthorizingConsent(ctx, consentId, { ...loan, path });
}

/**
 * For stages a bank writes only after a logged credit inquiry (disbursement), asks the consent area for the bank's
 * inquiry on the loan.
 *
 * @throws {@link ChaincodeError} CREDIT_INQUIRY_REQUIRED.
 */
export async function requireCreditInquiryWhereNeeded(
    ctx: Context,
    stage: LifecycleStage,
    loan: Readonly<{ loanRef: string; parties: LoanParties }>,
    path: string,
): Promise<void> {
    if (CREDIT_INQUIRY_STAGES.includes(stage)) {
        await requireCreditInquiry(ctx, { loanRef: loan.loanRef, bank: loan.parties.bank, path });
    }
}
