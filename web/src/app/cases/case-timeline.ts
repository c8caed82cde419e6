import {
    type AttestationRecord,
    type CaseStatus,
    type CaseStep,
    type ChainEntry,
    type EvidenceStatus,
    type LifecycleStage,
} from '@lendledger/domain';

/** One event of a case's story as the case page draws it. */
export type CaseEvent =
    | {
          readonly kind: 'evidence';
          readonly key: string;
          readonly time: string;
          readonly seq: number;
          readonly stage: LifecycleStage;
          readonly writer: string;
          readonly fingerprint: string;
          readonly status: EvidenceStatus;
          /** Whether the case's package names this record. */
          readonly inPackage: boolean;
      }
    | {
          readonly kind: 'step';
          readonly key: string;
          readonly time: string;
          readonly seq: number;
          readonly from: CaseStatus | null;
          readonly to: CaseStatus;
          readonly actor: string;
          readonly documentFingerprint: string;
          readonly reasonCode?: string;
      }
    | {
          readonly kind: 'attestation';
          readonly key: string;
          readonly time: string;
          readonly seq: number;
          readonly notary: string;
          readonly statementCode: string;
          readonly target: string;
      };

/** What the merge reads: the loan's checked chain, the case's steps and the attestations. */
export interface CaseStory {
    readonly entries: readonly Pick<ChainEntry, 'record' | 'status'>[];
    readonly packageFingerprints: readonly string[];
    readonly steps: readonly CaseStep[];
    readonly attestations: readonly AttestationRecord[];
}

/**
 * Orders events that share an instant: a step cannot precede the evidence it rests on, and an attestation follows
 * what it attests, so within one instant evidence comes first, then steps, then attestations.
 */
const KIND_ORDER: Readonly<Record<CaseEvent['kind'], number>> = { evidence: 0, step: 1, attestation: 2 };

/**
 * The loan's evidence records, the case's steps and the notary's attestations as one list in time order (oldest
 * first). Ties keep a fixed order (kind, then sequence, then key), so the same story always reads the same way.
 */
export function caseTimeline(story: CaseStory): CaseEvent[] {
    const inPackage = new Set(story.packageFingerprints);
    const events: CaseEvent[] = [
        ...story.entries.map(({ record, status }): CaseEvent => ({
            kind: 'evidence',
            key: `evidence:${record.id}`,
            time: record.time,
            seq: record.seq,
            stage: record.stage,
            writer: record.submitter.mspId,
            // A withdrawal carries no document of its own: its identifier stands for it.
            fingerprint: ('fingerprint' in record ? record.fingerprint : undefined) ?? record.id,
            status,
            inPackage: inPackage.has(record.id),
        })),
        ...story.steps.map((step): CaseEvent => ({
            kind: 'step',
            key: `step:${step.seq}`,
            time: step.time,
            seq: step.seq,
            from: step.from,
            to: step.to,
            actor: step.actor.mspId,
            documentFingerprint: step.documentFingerprint,
            ...(step.reasonCode === undefined ? {} : { reasonCode: step.reasonCode }),
        })),
        ...story.attestations.map((attestation, index): CaseEvent => ({
            kind: 'attestation',
            key: `attestation:${attestation.txId}:${index}`,
            time: attestation.time,
            seq: index,
            notary: attestation.notary.mspId,
            statementCode: attestation.statementCode,
            target: attestation.target.id,
        })),
    ];
    return events.sort(
        (a, b) =>
            instant(a.time) - instant(b.time) ||
            KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
            a.seq - b.seq ||
            (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
}

/** An unreadable time sorts last rather than poisoning the comparison with NaN. */
function instant(time: string): number {
    const millis = Date.parse(time);
    return Number.isNaN(millis) ? Number.MAX_SAFE_INTEGER : millis;
}
