import { type ConsentUse } from '@lendledger/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcileUses, reconciliationLine, type InquiryLogEntry } from './use-reconciliation.js';

const hex = (n: number, c: string): string => `${c}${n.toString(16).padStart(63, '0')}`;
const ticketOf = (n: number): string => `ticket:${hex(n, 'a')}`;
const fingerprintOf = (n: number): string => `sha256:${hex(n, 'f')}`;

/** A use as the chaincode logs it since uses carry the reconciliation fields. */
function useOf(n: number, overrides: Partial<ConsentUse> = {}): ConsentUse {
    return {
        ticketId: ticketOf(n),
        consentId: `consent:${n}`,
        useNo: 1,
        grantee: 'BankMSP',
        purpose: 'CREDIT_INQUIRY',
        usedBy: { mspId: 'BankMSP', subject: 'User1' },
        inquiryFingerprint: fingerprintOf(n),
        loanRef: `loan:${hex(n, 'b')}`,
        dataScope: ['CREDIT_REPORT'],
        subject: `subj:${hex(n, 'c')}`,
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: '2027-01-01T00:00:00.000Z',
        consentStatus: 'CONSUMED',
        time: `2026-03-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`,
        txId: hex(n, 'a'),
        ...overrides,
    };
}

/** A use logged before uses carried the reconciliation fields. */
function legacyUseOf(n: number): ConsentUse {
    const { loanRef, dataScope, subject, validFrom, validUntil, consentStatus, ...legacy } = useOf(n);
    void [loanRef, dataScope, subject, validFrom, validUntil, consentStatus];
    return legacy;
}

/** Ledger uses (some legacy, some without a fingerprint) and a log naming some of them, others, and some twice. */
const ledgerAndLog = fc
    .uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 25 })
    .chain((ids) =>
        fc.tuple(
            fc.constant(ids),
            fc.array(fc.boolean(), { minLength: ids.length, maxLength: ids.length }),
            fc.array(fc.boolean(), { minLength: ids.length, maxLength: ids.length }),
            fc.array(
                fc.record({
                    n: fc.integer({ min: 0, max: 70 }),
                    by: fc.constantFrom('ticket', 'fingerprint', 'both', 'wrongFingerprint'),
                }),
                { maxLength: 40 },
            ),
        ),
    )
    .map(([ids, legacy, unfingerprinted, entries]) => {
        const uses = ids.map((n, at) => {
            const use = legacy[at] ? legacyUseOf(n) : useOf(n);
            return unfingerprinted[at] ? { ...use, inquiryFingerprint: undefined } : use;
        });
        const log: InquiryLogEntry[] = entries.map(({ n, by }) =>
            by === 'ticket'
                ? { ticketId: ticketOf(n) }
                : by === 'fingerprint'
                  ? { inquiryFingerprint: fingerprintOf(n) }
                  : by === 'both'
                    ? { ticketId: ticketOf(n), inquiryFingerprint: fingerprintOf(n) }
                    : { ticketId: ticketOf(n), inquiryFingerprint: fingerprintOf(n + 100) },
        );
        return { uses, log };
    });

describe('reconciling a grantee log against its ledger uses', () => {
    it('puts every ledger use in matched or ledger-only and every log entry in matched or log-only, none twice', () => {
        fc.assert(
            fc.property(ledgerAndLog, ({ uses, log }) => {
                const result = reconcileUses(uses, log);
                const matchedTickets = result.matched.map((match) => match.ticketId);
                expect([...matchedTickets, ...result.ledgerOnly].sort()).toEqual(uses.map((u) => u.ticketId).sort());
                const entryIndexes = [...result.matched, ...result.logOnly].map((entry) => entry.index);
                expect(entryIndexes.sort((a, b) => a - b)).toEqual(log.map((_, index) => index));
                expect(result.counts).toEqual({
                    matched: result.matched.length,
                    ledgerOnly: result.ledgerOnly.length,
                    logOnly: result.logOnly.length,
                });
                // A match names the use its entry names: the same ticket, or the fingerprint that use logged.
                for (const { index, ticketId } of result.matched) {
                    const entry = log[index]!;
                    const use = uses.find((candidate) => candidate.ticketId === ticketId)!;
                    expect(
                        entry.ticketId === undefined
                            ? entry.inquiryFingerprint === use.inquiryFingerprint
                            : entry.ticketId === ticketId,
                    ).toBe(true);
                }
                // A log-only entry keeps what the bank sent, so it can find it in its own log.
                for (const { index, reason, ...sent } of result.logOnly) {
                    expect(sent).toEqual(log[index]);
                    expect(reason).toMatch(/^(NOT_ON_LEDGER|FINGERPRINT_DIFFERS|DUPLICATE)$/);
                }
            }),
        );
    });

    it('matches a log equal to the ledger uses entirely, whether entries name tickets or fingerprints', () => {
        fc.assert(
            fc.property(ledgerAndLog, fc.boolean(), ({ uses }, byTicket) => {
                const log = uses.map((use) =>
                    byTicket || use.inquiryFingerprint === undefined
                        ? { ticketId: use.ticketId }
                        : { inquiryFingerprint: use.inquiryFingerprint },
                );
                const result = reconcileUses(uses, log);
                expect(result.counts).toEqual({ matched: uses.length, ledgerOnly: 0, logOnly: 0 });
            }),
        );
    });

    it('finds the one extra and the one missing entry of an otherwise complete log', () => {
        const uses = [1, 2, 3].map((n) => useOf(n));
        const log = [{ ticketId: ticketOf(1) }, { inquiryFingerprint: fingerprintOf(3) }, { ticketId: ticketOf(9) }];
        expect(reconcileUses(uses, log)).toEqual({
            matched: [
                { index: 0, ticketId: ticketOf(1) },
                { index: 1, ticketId: ticketOf(3) },
            ],
            ledgerOnly: [ticketOf(2)],
            logOnly: [{ index: 2, ticketId: ticketOf(9), reason: 'NOT_ON_LEDGER' }],
            counts: { matched: 2, ledgerOnly: 1, logOnly: 1 },
        });
    });

    it('refuses a ticket whose fingerprint differs, and a second entry naming a matched use', () => {
        const uses = [useOf(1), useOf(2)];
        const log = [
            { ticketId: ticketOf(1), inquiryFingerprint: fingerprintOf(2) },
            { ticketId: ticketOf(2) },
            { inquiryFingerprint: fingerprintOf(2) },
        ];
        const result = reconcileUses(uses, log);
        expect(result.logOnly).toEqual([
            { index: 0, ...log[0], reason: 'FINGERPRINT_DIFFERS' },
            { index: 2, ...log[2], reason: 'DUPLICATE' },
        ]);
        expect(result.ledgerOnly).toEqual([ticketOf(1)]);
    });

    it('lets a ticket entry keep its use even when a fingerprint-only entry comes first in the log', () => {
        const result = reconcileUses([useOf(1)], [{ inquiryFingerprint: fingerprintOf(1) }, { ticketId: ticketOf(1) }]);
        expect(result.matched).toEqual([{ index: 1, ticketId: ticketOf(1) }]);
        expect(result.logOnly).toEqual([{ index: 0, inquiryFingerprint: fingerprintOf(1), reason: 'DUPLICATE' }]);
    });
});

describe('a reconciliation line', () => {
    it('carries the inquiry and the consent it used', () => {
        const use = useOf(7);
        expect(reconciliationLine(use)).toEqual({
            ticketId: use.ticketId,
            time: use.time,
            consentId: use.consentId,
            useNo: 1,
            purpose: 'CREDIT_INQUIRY',
            loanRef: use.loanRef,
            subject: use.subject,
            dataScope: ['CREDIT_REPORT'],
            validFrom: use.validFrom,
            validUntil: use.validUntil,
            consentStatus: 'CONSUMED',
            inquiryFingerprint: use.inquiryFingerprint,
            txId: use.txId,
            legacy: false,
            missing: [],
        });
    });

    it('flags a use logged before uses carried the reconciliation fields, naming what it lacks', () => {
        const line = reconciliationLine(legacyUseOf(7));
        expect(line).toMatchObject({ legacy: true, ticketId: ticketOf(7), purpose: 'CREDIT_INQUIRY' });
        expect(line.missing).toEqual(['loanRef', 'subject', 'dataScope', 'validFrom', 'validUntil', 'consentStatus']);
        expect(Object.keys(line)).not.toContain('loanRef');
    });

    it('does not count a missing loan against a purpose that serves no loan', () => {
        const { loanRef, ...use } = useOf(7, { purpose: 'RISK_ASSESSMENT' });
        void loanRef;
        expect(reconciliationLine(use)).toMatchObject({ legacy: false, missing: [] });
    });
});
