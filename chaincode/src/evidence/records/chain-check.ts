import {
    EXPECTED_STAGES,
    LIFECYCLE_STAGES,
    type ChainEntry,
    type ChainProblem,
    type ChainView,
    type EvidenceRecord,
    type EvidenceRecordBody,
    type LifecycleStage,
    type LoanHead,
} from '@lendledger/domain';
import { evidenceLinkHash } from '@lendledger/domain/node';

/**
 * Checks a loan's chain as stored: positions run 1..n without gaps, each record names its predecessor's identifier
 * and link hash, each link hash is the hash of its record, and the last record and the length are the loan head's.
 * Standings come from the chain itself (a later correction or withdrawal names its target), so no other key is read.
 */
export function checkChain(loan: LoanHead, records: readonly EvidenceRecord[]): ChainView {
    const problems: ChainProblem[] = [];
    records.forEach((record, index) => {
        problems.push(...linkProblems(record, index + 1, records[index - 1]));
    });
    const last = records[records.length - 1];
    if (last !== undefined && (last.id !== loan.head.id || last.linkHash !== loan.head.linkHash)) {
        problems.push({ seq: last.seq, code: 'HEAD_MISMATCH' });
    }
    if (records.length !== loan.length) {
        problems.push({ seq: records.length, code: 'LENGTH_MISMATCH' });
    }
    const entries = withStandings(records);
    const missingStages = missingStagesOf(entries);
    const intact = problems.length === 0;
    return { loan, entries, intact, problems, missingStages, complete: intact && missingStages.length === 0 };
}

function linkProblems(record: EvidenceRecord, expectedSeq: number, before: EvidenceRecord | undefined): ChainProblem[] {
    const problems: ChainProblem[] = [];
    if (record.seq !== expectedSeq) {
        problems.push({ seq: record.seq, code: 'SEQUENCE_GAP' });
    }
    const expectedPrevious = before === undefined ? null : { id: before.id, linkHash: before.linkHash };
    if (record.previous?.id !== expectedPrevious?.id || record.previous?.linkHash !== expectedPrevious?.linkHash) {
        problems.push({ seq: record.seq, code: 'BROKEN_LINK' });
    }
    const { linkHash, ...body } = record;
    if (evidenceLinkHash(body as EvidenceRecordBody) !== linkHash) {
        problems.push({ seq: record.seq, code: 'LINK_HASH_MISMATCH' });
    }
    return problems;
}

function withStandings(records: readonly EvidenceRecord[]): ChainEntry[] {
    const supersededBy = new Map<string, EvidenceRecord>();
    for (const record of records) {
        if (record.kind === 'CORRECTION') {
            supersededBy.set(record.corrects, record);
        } else if (record.kind === 'WITHDRAWAL') {
            supersededBy.set(record.withdraws, record);
        }
    }
    return records.map((record) => {
        const by = supersededBy.get(record.id);
        if (by === undefined) {
            return { record, status: 'CURRENT' };
        }
        return { record, status: by.kind === 'CORRECTION' ? 'CORRECTED' : 'WITHDRAWN', supersededBy: by.id };
    });
}

const ORDER = new Map<LifecycleStage, number>(LIFECYCLE_STAGES.map((stage, index) => [stage, index]));

/**
 * Expected stages without a current record although a later lifecycle stage (OTHER aside) has one: the gaps a
 * court would ask about.
 */
function missingStagesOf(entries: readonly ChainEntry[]): LifecycleStage[] {
    const current = new Set<LifecycleStage>();
    for (const entry of entries) {
        if (entry.status === 'CURRENT' && entry.record.kind !== 'WITHDRAWAL') {
            current.add(entry.record.stage);
        }
    }
    const furthest = Math.max(
        -1,
        ...[...current].filter((stage) => stage !== 'OTHER').map((stage) => ORDER.get(stage)!),
    );
    return EXPECTED_STAGES.filter((stage) => ORDER.get(stage)! < furthest && !current.has(stage));
}
