import {
    CONSENT_STAGES,
    EVIDENCE_ERRORS,
    MSP_IDS,
    SALT_REQUIRED_STAGES,
    STAGE_PREREQUISITES,
    STAGE_WRITERS,
    type LifecycleStage,
    type LoanHead,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../../core/caller.js';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { requireConsentInForce } from '../../consent/consent-in-force.js';

/** The stage rules of domain/src/evidence/stages.ts, applied to one record. */

/**
 * Refuses a stage the caller's organisation may not write.
 *
 * @throws {@link ChaincodeError} STAGE_NOT_PERMITTED.
 */
export function requireStageWriter(caller: Caller, stage: LifecycleStage, path: string): void {
    const writers = STAGE_WRITERS[stage] as readonly string[];
    if (!writers.includes(caller.mspId)) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.STAGE_NOT_PERMITTED,
            `${caller.mspId} may not write ${stage} evidence`,
            {
                field: path,
                stage,
                mspId: caller.mspId,
                allowed: [...writers],
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
    const required = STAGE_PREREQUISITES[stage];
    if (required !== undefined && (head?.currentStages[required] ?? 0) < 1) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.STAGE_PREREQUISITE_MISSING,
            `${stage} evidence needs current ${required} evidence on the loan's chain first`,
            { field: path, stage, requires: required, loanRef: head?.loanRef ?? null },
        );
    }
}

/**
 * For stages that rely on a consent, requires the consent reference and asks the consent area whether that consent
 * is in force now; its refusal propagates unchanged. The consent's grantee is the bank, whose credit inquiry the
 * authorization permits.
 *
 * @throws {@link ChaincodeError} CONSENT_REFERENCE_REQUIRED, or the consent area's error.
 */
export async function requireConsentWhereNeeded(
    ctx: Context,
    stage: LifecycleStage,
    consentId: string | undefined,
    path: string,
): Promise<void> {
    if (!CONSENT_STAGES.includes(stage)) {
        return;
    }
    if (consentId === undefined) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.CONSENT_REFERENCE_REQUIRED,
            `${stage} evidence must name the consent it relies on in consentId`,
            { field: path, stage },
        );
    }
    await requireConsentInForce(ctx, consentId, { grantee: MSP_IDS.bank });
}
