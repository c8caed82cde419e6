import { EVIDENCE_ERRORS, type CasePackage, type CaseRecord, type CaseStep } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { allByPartialKey, readJson, readRequired } from '../../core/ledger-state.js';
import { caseKey, casePackageKey, caseStepKey, OBJECT_TYPES } from '../ledger-keys.js';

/** Reading cases, their steps and packages from committed state. */

/**
 * The case with this identifier.
 *
 * @throws {@link ChaincodeError} CASE_NOT_FOUND.
 */
export async function requireCase(ctx: Context, caseId: string, field = 'caseId'): Promise<CaseRecord> {
    return readRequired<CaseRecord>(ctx, caseKey(ctx, caseId), `case ${caseId}`, EVIDENCE_ERRORS.CASE_NOT_FOUND, {
        field,
        caseId,
    });
}

/** The case with this identifier, or `undefined`. */
export async function readCase(ctx: Context, caseId: string): Promise<CaseRecord | undefined> {
    return readJson<CaseRecord>(ctx, caseKey(ctx, caseId));
}

/** One step of a case, or `undefined`. */
export async function readStep(ctx: Context, caseId: string, seq: number): Promise<CaseStep | undefined> {
    return readJson<CaseStep>(ctx, caseStepKey(ctx, caseId, seq));
}

/** Every step of a case, the filing first. */
export async function caseSteps(ctx: Context, caseId: string): Promise<CaseStep[]> {
    return allByPartialKey<CaseStep>(ctx, OBJECT_TYPES.caseStep, [caseId]);
}

/** A case's evidence package (written with the case, so it exists whenever the case does). */
export async function casePackage(ctx: Context, caseId: string): Promise<CasePackage> {
    return readRequired<CasePackage>(
        ctx,
        casePackageKey(ctx, caseId),
        `package of case ${caseId}`,
        EVIDENCE_ERRORS.CASE_NOT_FOUND,
        {
            caseId,
        },
    );
}
