import {
    COMMON_ERRORS,
    EVIDENCE_ERRORS,
    EVIDENCE_EVENTS,
    withdrawalIdOf,
    type CorrectionRecord,
    type LoanParties,
    type EvidenceRecord,
    type EvidenceWriteResult,
    type Supersession,
    type WithdrawalRecord,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../../core/caller.js';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { emitEvent, writeJson } from '../../core/ledger-state.js';
import { requireAdmission } from '../../membership/admissions/admission-in-force.js';
import { type MemberCaller } from '../../membership/member-access.js';
import { bindAuthorizingConsent, releaseAfterWithdrawal } from '../../consent/consent-in-force.js';
import { supersessionKey } from '../ledger-keys.js';
import { ChainWriter } from './chain-writer.js';
import { eventItemOf } from './evidence-events.js';
import { type Correction, type Withdrawal } from './evidence-requests.js';
import { loanPartiesOf } from './loan-parties.js';
import { readRecord, readSupersession, requireRecord } from './record-store.js';
import {
    requireConsentWhereNeeded,
    requireSaltWhereNeeded,
    requireStageParty,
    requireStageWriter,
} from './stage-rules.js';

/**
 * Corrections and withdrawals. Neither changes the record they concern: each is a new record on the same loan's
 * chain naming its target and a reason code, plus a write-once supersession entry on the target, so a read shows
 * both the current standing and everything that led to it.
 */

/**
 * Replaces `target` by a new document of the same loan and stage.
 *
 * @throws {@link ChaincodeError} EVIDENCE_NOT_FOUND, NOT_RECORD_OWNER, RECORD_SUPERSEDED, CONFLICT, or a chain or
 * stage rule error.
 */
export async function correctEvidence(
    ctx: Context,
    caller: MemberCaller,
    request: Correction,
): Promise<EvidenceWriteResult> {
    const target = await requireAmendable(ctx, caller, request.target);
    const parties = await requireParty(ctx, caller, target);
    const existing = await readRecord(ctx, request.fingerprint);
    if (existing !== undefined) {
        return { created: false, record: requireSameCorrection(existing, request) };
    }
    await requireCurrent(ctx, target);
    await requireAdmission(ctx, parties, `correct evidence on loan ${target.loanRef}`);
    requireSaltWhereNeeded(target.stage, request.salted, 'salted');
    const consent = await requireConsentWhereNeeded(
        ctx,
        target.stage,
        request.consentId,
        { loanRef: target.loanRef, parties },
        'consentId',
    );
    const writer = new ChainWriter(ctx, caller);
    await writer.checkPrevious(target.loanRef, request.previous, 'previous');
    if (consent !== undefined) {
        await bindAuthorizingConsent(ctx, caller, consent, { loanRef: target.loanRef, recordId: request.fingerprint });
    }
    const record = await writer.append({
        kind: 'CORRECTION',
        id: request.fingerprint,
        fingerprint: request.fingerprint,
        salted: request.salted,
        evidenceType: request.evidenceType ?? target.evidenceType,
        stage: target.stage,
        loanRef: target.loanRef,
        metadataFingerprint: request.metadataFingerprint,
        consentId: request.consentId,
        corrects: target.id,
        reasonCode: request.reasonCode,
    });
    await finish(ctx, caller, writer, record as CorrectionRecord);
    return { created: true, record };
}

/**
 * Withdraws `target`; the withdrawal's identifier is `withdrawal:<target>`. Withdrawing the loan's last current
 * credit-authorization record releases the loan's subject binding.
 *
 * @throws {@link ChaincodeError} EVIDENCE_NOT_FOUND, NOT_RECORD_OWNER, RECORD_SUPERSEDED, CONFLICT, or a chain error.
 */
export async function withdrawEvidence(
    ctx: Context,
    caller: MemberCaller,
    request: Withdrawal,
): Promise<EvidenceWriteResult> {
    const target = await requireAmendable(ctx, caller, request.target);
    const parties = await requireParty(ctx, caller, target);
    const id = withdrawalIdOf(target.id);
    const existing = await readRecord(ctx, id);
    if (existing !== undefined) {
        return { created: false, record: requireSameWithdrawal(existing, request) };
    }
    await requireCurrent(ctx, target);
    await requireAdmission(ctx, parties, `withdraw evidence on loan ${target.loanRef}`);
    const writer = new ChainWriter(ctx, caller);
    await writer.checkPrevious(target.loanRef, request.previous, 'previous');
    const record = await writer.append({
        kind: 'WITHDRAWAL',
        id,
        stage: target.stage,
        loanRef: target.loanRef,
        withdraws: target.id,
        reasonCode: request.reasonCode,
    });
    const head = await writer.head(target.loanRef);
    if (head !== undefined) {
        await releaseAfterWithdrawal(ctx, target, head);
    }
    await finish(ctx, caller, writer, record as WithdrawalRecord);
    return { created: true, record };
}

type DocumentRecord = Exclude<EvidenceRecord, WithdrawalRecord>;

/** The target must exist, be a document record (not a withdrawal) and belong to the caller's organisation. */
async function requireAmendable(ctx: Context, caller: Caller, targetId: string): Promise<DocumentRecord> {
    const target = await requireRecord(ctx, targetId, 'target');
    if (target.kind === 'WITHDRAWAL') {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_STATE, 'a withdrawal cannot be corrected or withdrawn', {
            field: 'target',
            id: target.id,
        });
    }
    if (target.submitter.mspId !== caller.mspId) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.NOT_RECORD_OWNER,
            `${target.id} was written by ${target.submitter.mspId}; only that organisation may amend it`,
            { field: 'target', id: target.id, owner: target.submitter.mspId, mspId: caller.mspId },
        );
    }
    return target;
}

/**
 * The writer of an amendment must still hold a role that writes the target's stage and still be the loan's party in
 * it: the record's owner alone is not enough once a registry change took the role away.
 */
async function requireParty(ctx: Context, caller: MemberCaller, target: DocumentRecord): Promise<LoanParties> {
    requireStageWriter(caller, target.stage, 'target');
    const parties = await loanPartiesOf(ctx, target.loanRef);
    if (parties === undefined) {
        // Only a loan written before loans named their parties; its next registration binds them.
        throw new ChaincodeError(
            EVIDENCE_ERRORS.LOAN_PARTIES_REQUIRED,
            `loan ${target.loanRef} has no parties on the ledger; register a record naming them first`,
            { field: 'target', loanRef: target.loanRef },
        );
    }
    requireStageParty(caller, parties, target.stage, target.loanRef, 'target');
    return parties;
}

async function requireCurrent(ctx: Context, target: DocumentRecord): Promise<void> {
    const supersession = await readSupersession(ctx, target.id);
    if (supersession !== undefined) {
        const done = supersession.kind === 'CORRECTION' ? 'corrected' : 'withdrawn';
        throw new ChaincodeError(
            EVIDENCE_ERRORS.RECORD_SUPERSEDED,
            `${target.id} was already ${done} by ${supersession.by}`,
            { field: 'target', id: target.id, supersededBy: supersession.by },
        );
    }
}

function requireSameCorrection(existing: EvidenceRecord, request: Correction): EvidenceRecord {
    const same =
        existing.kind === 'CORRECTION' &&
        existing.corrects === request.target &&
        existing.reasonCode === request.reasonCode &&
        existing.salted === request.salted &&
        (request.evidenceType === undefined || existing.evidenceType === request.evidenceType) &&
        existing.metadataFingerprint === request.metadataFingerprint &&
        existing.consentId === request.consentId;
    if (!same) {
        throw new ChaincodeError(COMMON_ERRORS.CONFLICT, `fingerprint ${existing.id} is already on the ledger`, {
            field: 'fingerprint',
            id: existing.id,
        });
    }
    return existing;
}

function requireSameWithdrawal(existing: EvidenceRecord, request: Withdrawal): EvidenceRecord {
    if (existing.kind !== 'WITHDRAWAL' || existing.reasonCode !== request.reasonCode) {
        throw new ChaincodeError(COMMON_ERRORS.CONFLICT, `${existing.id} was already withdrawn with another reason`, {
            field: 'reasonCode',
            id: existing.id,
        });
    }
    return existing;
}

/** Writes the target's supersession and the loan head, and emits the transaction's one event. */
async function finish(
    ctx: Context,
    caller: Caller,
    writer: ChainWriter,
    record: CorrectionRecord | WithdrawalRecord,
): Promise<void> {
    const targetId = record.kind === 'CORRECTION' ? record.corrects : record.withdraws;
    const supersession: Supersession = {
        id: targetId,
        kind: record.kind,
        by: record.id,
        reasonCode: record.reasonCode,
        txId: record.txId,
        time: record.time,
    };
    await writeJson(ctx, supersessionKey(ctx, targetId), supersession);
    await writer.flush();
    const event = record.kind === 'CORRECTION' ? EVIDENCE_EVENTS.corrected : EVIDENCE_EVENTS.withdrawn;
    emitEvent(ctx, event, { mspId: caller.mspId, txId: record.txId, items: [eventItemOf(record)] });
}
