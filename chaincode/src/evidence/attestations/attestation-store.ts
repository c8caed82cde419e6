import {
    canonicalJson,
    COMMON_ERRORS,
    EVIDENCE_EVENTS,
    type AttestationRecord,
    type AttestationTarget,
    type AttestationTargetKind,
    type AttestationWriteResult,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../../core/caller.js';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { allByPartialKey, emitEvent, readJson, txTime, writeJson } from '../../core/ledger-state.js';
import { attestationKey, OBJECT_TYPES } from '../ledger-keys.js';

/** A notary's statement about a target, before the chaincode adds who and when. */
export interface AttestationDraft {
    readonly target: AttestationTarget;
    readonly statementCode: string;
    readonly documentFingerprint?: string;
}

/** Every attestation of a target, ordered by statement code. */
export async function attestationsOf(
    ctx: Context,
    kind: AttestationTargetKind,
    targetId: string,
): Promise<AttestationRecord[]> {
    return allByPartialKey<AttestationRecord>(ctx, OBJECT_TYPES.attestation, [kind, targetId]);
}

/**
 * Records an attestation once per target and statement code and emits `attestation.recorded`. Attesting the same
 * statement about the same content again returns the stored attestation and writes nothing.
 *
 * @throws {@link ChaincodeError} CONFLICT when the statement exists for other content or another document.
 */
export async function recordAttestation(
    ctx: Context,
    caller: Caller,
    draft: AttestationDraft,
): Promise<AttestationWriteResult> {
    const key = attestationKey(ctx, draft.target.kind, draft.target.id, draft.statementCode);
    const existing = await readJson<AttestationRecord>(ctx, key);
    if (existing !== undefined) {
        requireSameAttestation(existing, draft);
        return { created: false, attestation: existing };
    }
    const attestation: AttestationRecord = {
        ...draft,
        notary: { mspId: caller.mspId, subject: caller.subject },
        txId: ctx.stub.getTxID(),
        time: txTime(ctx),
    };
    await writeJson(ctx, key, attestation);
    emitEvent(ctx, EVIDENCE_EVENTS.attestationRecorded, {
        target: attestation.target,
        statementCode: attestation.statementCode,
        mspId: caller.mspId,
        txId: attestation.txId,
    });
    return { created: true, attestation };
}

function requireSameAttestation(existing: AttestationRecord, draft: AttestationDraft): void {
    const same =
        canonicalJson(existing.target) === canonicalJson(draft.target) &&
        existing.documentFingerprint === draft.documentFingerprint;
    if (!same) {
        throw new ChaincodeError(
            COMMON_ERRORS.CONFLICT,
            `${draft.statementCode} was already attested for ${draft.target.id} with other content or document`,
            { field: 'statementCode', id: draft.target.id, statementCode: draft.statementCode },
        );
    }
}
