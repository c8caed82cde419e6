import {
    type AdmissionRecord,
    type ChainView,
    type EvidenceStatus,
    type LifecycleStage,
    type LoanParties,
} from '@lendledger/domain';

/** Whether a chain's records still form one unbroken hash chain up to the loan's head. */
export type Integrity = 'intact' | 'broken';

/** One record of a loan's chain as the timeline shows it. */
export interface ChainRow {
    readonly key: string;
    readonly seq: number;
    readonly kind: string;
    readonly stage: LifecycleStage;
    readonly time: string;
    /** The writing organisation's MSP ID. */
    readonly writerOrg: string;
    /** The writing user, from the certificate's common name (the whole subject when it has none). */
    readonly writerUser: string;
    readonly fingerprint?: string;
    readonly evidenceType?: string;
    readonly txId: string;
    readonly status: EvidenceStatus;
    /** Integrity problems the ledger found at this position. */
    readonly problems: readonly string[];
    /** The fingerprint whose receipt proves this record; withdrawals carry none. */
    readonly receiptFingerprint?: string;
    readonly tone: 'ok' | 'warn' | 'bad';
}

/** A loan's chain shaped for the console: integrity first, then the records oldest first. */
export interface ChainSummary {
    readonly loanRef: string;
    readonly integrity: Integrity;
    readonly problems: readonly { readonly seq: number; readonly code: string }[];
    readonly missingStages: readonly LifecycleStage[];
    readonly complete: boolean;
    readonly length: number;
    readonly parties?: LoanParties;
    /** `in-force` when the bank's admission of the platform covers the loan now, `none` when not, `unknown` for old loans. */
    readonly admission: 'in-force' | 'none' | 'unknown';
    readonly admissionRecord?: AdmissionRecord;
    readonly rows: readonly ChainRow[];
}

/**
 * The user a Fabric certificate subject names: its first common name (`CN=User1@platform.example` →
 * `User1@platform.example`), or the subject itself when it has no CN.
 */
export function writerUserOf(subject: string): string {
    const match = /CN=([^,/]+)/.exec(subject);
    return match?.[1]?.trim() ?? subject;
}

const STATUS_TONE: Readonly<Record<EvidenceStatus, ChainRow['tone']>> = {
    CURRENT: 'ok',
    CORRECTED: 'warn',
    WITHDRAWN: 'warn',
};

/**
 * Shapes the chaincode's chain view for the timeline. Integrity is the ledger's own verdict (`intact`), never
 * recomputed here: the page shows what the peers answered, and a record at a position with a problem is marked bad.
 */
export function summariseChain(view: ChainView): ChainSummary {
    const problemsAt = new Map<number, string[]>();
    for (const problem of view.problems) {
        problemsAt.set(problem.seq, [...(problemsAt.get(problem.seq) ?? []), problem.code]);
    }
    const rows = [...view.entries]
        .sort((a, b) => a.record.seq - b.record.seq)
        .map(({ record, status }): ChainRow => {
            const problems = problemsAt.get(record.seq) ?? [];
            // A withdrawal names no document: it has no fingerprint, evidence type or receipt of its own.
            const document = record.kind === 'WITHDRAWAL' ? undefined : record;
            return {
                key: `${record.seq}:${record.id}`,
                seq: record.seq,
                kind: record.kind,
                stage: record.stage,
                time: record.time,
                writerOrg: record.submitter.mspId,
                writerUser: writerUserOf(record.submitter.subject),
                ...(document ? { fingerprint: document.fingerprint, evidenceType: document.evidenceType } : {}),
                txId: record.txId,
                status,
                problems,
                ...(document ? { receiptFingerprint: document.fingerprint } : {}),
                tone: problems.length > 0 ? 'bad' : STATUS_TONE[status],
            };
        });
    return {
        loanRef: view.loan.loanRef,
        integrity: view.intact ? 'intact' : 'broken',
        problems: view.problems,
        missingStages: view.missingStages,
        complete: view.complete,
        length: view.loan.length,
        ...(view.parties === undefined ? {} : { parties: view.parties }),
        admission: view.admission === undefined ? 'unknown' : view.admission === null ? 'none' : 'in-force',
        ...(view.admission ? { admissionRecord: view.admission } : {}),
        rows,
    };
}
