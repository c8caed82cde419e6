import { type EvidenceEventItem, type EvidenceRecord } from '@lendledger/domain';

/** The event item describing a written record: enough to fetch it, follow its chain and see what it changed. */
export function eventItemOf(record: EvidenceRecord): EvidenceEventItem {
    return {
        id: record.id,
        kind: record.kind,
        loanRef: record.loanRef,
        seq: record.seq,
        stage: record.stage,
        linkHash: record.linkHash,
        target:
            record.kind === 'CORRECTION'
                ? record.corrects
                : record.kind === 'WITHDRAWAL'
                  ? record.withdraws
                  : undefined,
        reasonCode: record.kind === 'REGISTRATION' ? undefined : record.reasonCode,
    };
}
