import { type ChainView, type EvidenceRecord } from '@lendledger/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summariseChain, writerUserOf } from './chain-summary.ts';

const LOAN = `loan:${'a'.repeat(64)}`;

function registration(seq: number, stage: EvidenceRecord['stage'], mspId = 'PlatformMSP'): EvidenceRecord {
    const fingerprint = `sha256:${seq.toString(16).padStart(64, '0')}`;
    return {
        kind: 'REGISTRATION',
        id: fingerprint,
        loanRef: LOAN,
        seq,
        previous: null,
        stage,
        submitter: { mspId, subject: `x509::CN=User1@${mspId},OU=client::CN=ca` },
        txId: `tx${seq}`,
        time: `2026-01-0${seq}T00:00:00.000Z`,
        linkHash: 'b'.repeat(64),
        fingerprint,
        salted: true,
        evidenceType: 'ID_CHECK_REPORT',
    };
}

function view(overrides: Partial<ChainView> = {}): ChainView {
    const entries = [
        { record: registration(2, 'CREDIT_DECISION', 'BankMSP'), status: 'CURRENT' as const },
        { record: registration(1, 'IDENTITY_VERIFICATION'), status: 'CORRECTED' as const },
    ];
    return {
        loan: {
            loanRef: LOAN,
            length: 2,
            head: { id: entries[0]!.record.id, seq: 2, linkHash: 'b'.repeat(64) },
            currentStages: {},
            writers: ['PlatformMSP', 'BankMSP'],
            openedAt: '2026-01-01T00:00:00.000Z',
            updatedAt: '2026-01-02T00:00:00.000Z',
        },
        entries,
        intact: true,
        problems: [],
        missingStages: [],
        complete: true,
        ...overrides,
    } as ChainView;
}

describe('summariseChain', () => {
    it('lists the records oldest first with stage, time, writer, fingerprint and transaction', () => {
        const summary = summariseChain(view());
        expect(summary.integrity).toBe('intact');
        expect(summary.rows.map((r) => [r.seq, r.stage, r.writerOrg, r.writerUser, r.txId])).toEqual([
            [1, 'IDENTITY_VERIFICATION', 'PlatformMSP', 'User1@PlatformMSP', 'tx1'],
            [2, 'CREDIT_DECISION', 'BankMSP', 'User1@BankMSP', 'tx2'],
        ]);
        expect(summary.rows[0]!.receiptFingerprint).toBe(summary.rows[0]!.fingerprint);
        expect(summary.rows.map((r) => r.tone)).toEqual(['warn', 'ok']);
    });

    it("reports the ledger's verdict of a broken chain and marks the records at the broken positions", () => {
        const summary = summariseChain(
            view({ intact: false, complete: false, problems: [{ seq: 2, code: 'LINK_HASH_MISMATCH' }] }),
        );
        expect(summary.integrity).toBe('broken');
        expect(summary.rows[1]).toMatchObject({ tone: 'bad', problems: ['LINK_HASH_MISMATCH'] });
        expect(summary.rows[0]!.problems).toEqual([]);
    });

    it('offers no receipt for a withdrawal, which names no document', () => {
        const withdrawal = {
            ...registration(3, 'IDENTITY_VERIFICATION'),
            kind: 'WITHDRAWAL',
            id: `withdrawal:sha256:${'1'.padStart(64, '0')}`,
            withdraws: `sha256:${'1'.padStart(64, '0')}`,
            reasonCode: 'WRONG_FILE',
        } as unknown as EvidenceRecord;
        const base = view();
        const summary = summariseChain({
            ...base,
            entries: [...base.entries, { record: withdrawal, status: 'CURRENT' }],
        });
        const row = summary.rows.find((r) => r.kind === 'WITHDRAWAL');
        expect(row?.receiptFingerprint).toBeUndefined();
        expect(row?.fingerprint).toBeUndefined();
    });

    it('tells an admission in force, none, and a loan too old to have one apart', () => {
        const admission = {
            id: `adm:${'0'.repeat(32)}`,
            bank: 'BankMSP',
            platform: 'PlatformMSP',
            product: 'CONSUMER_LOAN',
            validFrom: '2026-01-01T00:00:00.000Z',
            validUntil: '2099-01-01T00:00:00.000Z',
            admittedAt: '2026-01-01T00:00:00.000Z',
            txId: 'tx0',
            admittedBy: 'CN=Admin',
        };
        expect(summariseChain(view({ admission })).admission).toBe('in-force');
        expect(summariseChain(view({ admission: null })).admission).toBe('none');
        expect(summariseChain(view()).admission).toBe('unknown');
    });

    it('keeps every record, in order of position, whatever order the entries come in', () => {
        fc.assert(
            fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 30 }), (seqs) => {
                const entries = seqs.map((seq) => ({
                    record: registration(seq, 'OTHER'),
                    status: 'CURRENT' as const,
                }));
                const rows = summariseChain(view({ entries })).rows;
                expect(rows.map((r) => r.seq)).toEqual([...seqs].sort((a, b) => a - b));
            }),
        );
    });
});

describe('writerUserOf', () => {
    it("names the user by the certificate's common name", () => {
        expect(writerUserOf('x509::CN=User2@bank.lendledger.test,OU=client,O=Bank::CN=ca.bank')).toBe(
            'User2@bank.lendledger.test',
        );
    });

    it('falls back to the whole subject when it has no common name', () => {
        expect(writerUserOf('O=Bank')).toBe('O=Bank');
    });
});
