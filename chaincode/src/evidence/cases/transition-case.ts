import {
    CASE_TRANSITIONS,
    COMMON_ERRORS,
    EVIDENCE_EVENTS,
    forumRoleOfCase,
    REASON_REQUIRED_STATES,
    type CaseRecord,
    type CaseStatus,
    type CaseStep,
    type CaseTransitionResult,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { emitEvent, txTime, writeJson } from '../../core/ledger-state.js';
import { caseKey, caseStepKey } from '../ledger-keys.js';
import { type MemberCaller } from '../../membership/member-access.js';
import { requireForumOf } from './case-access.js';
import { type Transition } from './case-requests.js';
import { readStep, requireCase } from './case-store.js';

/**
 * A forum's move of a case to `to`: only the forum the case is filed to, holding the forum role the case names (a
 * court never moves an arbitration case, nor a commission a court's), only along CASE_TRANSITIONS, each move a
 * write-once step with the forum's document fingerprint, and the case's current record rewritten. Repeating the
 * move that produced the current state with the same document returns that step without writing, so a retried
 * request is harmless. Emits `case.transitioned`.
 *
 * @throws {@link ChaincodeError} CASE_NOT_FOUND, ACCESS_DENIED (another forum), INVALID_STATE, INVALID_ARGUMENT.
 */
export async function transitionCase(
    ctx: Context,
    caller: MemberCaller,
    request: Transition,
    to: CaseStatus,
): Promise<CaseTransitionResult> {
    const current = await requireCase(ctx, request.caseId);
    requireForumOf(caller, current, 'move a case');
    const repeated = await repeatedStep(ctx, current, request, to);
    if (repeated !== undefined) {
        return { case: current, step: repeated };
    }
    requireAllowed(current, to);
    if (REASON_REQUIRED_STATES.includes(to) && request.reasonCode === undefined) {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, `reasonCode is required to move a case to ${to}`, {
            field: 'reasonCode',
        });
    }
    const time = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const step: CaseStep = {
        caseId: current.caseId,
        seq: current.steps + 1,
        from: current.status,
        to,
        documentFingerprint: request.documentFingerprint,
        reasonCode: request.reasonCode,
        actor: { mspId: caller.mspId, subject: caller.subject },
        txId,
        time,
    };
    const next: CaseRecord = { ...current, status: to, steps: step.seq, updatedAt: time, lastTxId: txId };
    await writeJson(ctx, caseStepKey(ctx, current.caseId, step.seq), step);
    await writeJson(ctx, caseKey(ctx, current.caseId), next);
    emitEvent(ctx, EVIDENCE_EVENTS.caseTransitioned, {
        caseId: current.caseId,
        court: current.court,
        forumRole: forumRoleOfCase(current),
        from: current.status,
        to,
        seq: step.seq,
        documentFingerprint: step.documentFingerprint,
        mspId: caller.mspId,
        txId,
    });
    return { case: next, step };
}

function requireAllowed(current: CaseRecord, to: CaseStatus): void {
    const allowed = CASE_TRANSITIONS[current.status];
    if (!allowed.includes(to)) {
        throw new ChaincodeError(
            COMMON_ERRORS.INVALID_STATE,
            `case ${current.caseId} is ${current.status} and cannot become ${to}`,
            {
                caseId: current.caseId,
                status: current.status,
                to,
                allowed: [...allowed],
            },
        );
    }
}

async function repeatedStep(
    ctx: Context,
    current: CaseRecord,
    request: Transition,
    to: CaseStatus,
): Promise<CaseStep | undefined> {
    if (current.status !== to) {
        return undefined;
    }
    const last = await readStep(ctx, current.caseId, current.steps);
    const same = last?.documentFingerprint === request.documentFingerprint && last.reasonCode === request.reasonCode;
    return same ? last : undefined;
}
