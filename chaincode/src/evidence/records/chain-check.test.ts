import { type EvidenceRecord, type EvidenceRecordBody, type LoanHead } from '@lendledger/domain';
import { evidenceLinkHash } from '@lendledger/domain/node';
import { describe, expect, it } from 'vitest';
import { checkChain } from './chain-check.js';

const LOAN = `loan:${'a'.repeat(64)}`;
const STAGES = ['IDENTITY_VERIFICATION', 'CONTRACT_SIGNING', 'DISBURSEMENT'] as const;

function chain(): EvidenceRecord[] {
    const records: EvidenceRecord[] = [];
    STAGES.forEach((stage, index) => {
        const before = records[index - 1];
        const body: EvidenceRecordBody = {
            kind: 'REGISTRATION',
            id: `sha256:${String(index).repeat(64)}`,
            fingerprint: `sha256:${String(index).repeat(64)}`,
            salted: true,
            evidenceType: 'DOC',
            stage,
            loanRef: LOAN,
            seq: index + 1,
            previous: before ? { id: before.id, linkHash: before.linkHash } : null,
            submitter: { mspId: 'PlatformMSP', subject: '/CN=u' },
            txId: `tx${index}`,
            time: '2026-01-01T00:00:00.000Z',
        };
        records.push({ ...body, linkHash: evidenceLinkHash(body) } as EvidenceRecord);
    });
    return records;
}

function headOf(records: EvidenceRecord[]): LoanHead {
    const last = records[records.length - 1]!;
    return {
        loanRef: LOAN,
        length: records.length,
        head: { id: last.id, seq: last.seq, linkHash: last.linkHash },
        currentStages: {},
        writers: ['PlatformMSP'],
        openedAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
    };
}

describe('checkChain', () => {
    it('finds an untouched chain intact and lists the missing credit authorization and credit decision', () => {
        const records = chain();
        expect(checkChain(headOf(records), records)).toMatchObject({
            intact: true,
            problems: [],
            missingStages: ['CREDIT_AUTHORIZATION', 'CREDIT_DECISION'],
            complete: false,
        });
    });

    it('detects a record whose content was altered', () => {
        const records = chain();
        const head = headOf(records);
        records[1] = { ...records[1]!, evidenceType: 'FORGED' } as EvidenceRecord;
        expect(checkChain(head, records).problems).toEqual([{ seq: 2, code: 'LINK_HASH_MISMATCH' }]);
    });

    it('detects a removed record', () => {
        const records = chain();
        const head = headOf(records);
        records.splice(1, 1);
        expect(checkChain(head, records)).toMatchObject({
            intact: false,
            problems: [
                { seq: 3, code: 'SEQUENCE_GAP' },
                { seq: 3, code: 'BROKEN_LINK' },
                { seq: 2, code: 'LENGTH_MISMATCH' },
            ],
        });
    });

    it('detects reordering and a head that names another record', () => {
        const records = chain();
        const head = headOf(records);
        const swapped = [records[0]!, records[2]!, records[1]!];
        const codes = checkChain(head, swapped).problems.map((problem) => problem.code);
        expect(codes).toEqual(expect.arrayContaining(['SEQUENCE_GAP', 'BROKEN_LINK', 'HEAD_MISMATCH']));
    });
});
