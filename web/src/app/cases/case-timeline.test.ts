import { type AttestationRecord, type CaseStep, type ChainEntry } from '@lendledger/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseTimeline, type CaseStory } from './case-timeline.ts';

const T0 = Date.UTC(2026, 4, 1);
const time = fc.integer({ min: 0, max: 50 }).map((s) => new Date(T0 + s * 1000).toISOString());
const hex = fc.stringMatching(/^[0-9a-f]{64}$/);

const entry = fc.record({ id: hex.map((h) => `sha256:${h}`), time, seq: fc.nat(20) }).map(
    ({ id, time: t, seq }) =>
        ({
            record: {
                kind: 'EVIDENCE',
                id,
                loanRef: 'loan:00',
                seq,
                previous: null,
                stage: 'DISBURSEMENT',
                submitter: { mspId: 'BankMSP', subject: 'x' },
                txId: 'tx',
                time: t,
                linkHash: '0'.repeat(64),
                fingerprint: id,
            },
            status: 'CURRENT',
        }) as unknown as ChainEntry,
);
const step = fc.record({ seq: fc.nat(10), time }).map(({ seq, time: t }): CaseStep => ({
    caseId: 'C-1',
    seq,
    from: 'FILED',
    to: 'ACCEPTED',
    documentFingerprint: `sha256:${'1'.repeat(64)}`,
    actor: { mspId: 'CourtMSP', subject: 'y' },
    txId: `tx${seq}`,
    time: t,
}));
const attestation = time.map(
    (t): AttestationRecord =>
        ({
            target: { kind: 'CASE', id: 'C-1' },
            statementCode: 'PACKAGE_VERIFIED',
            notary: { mspId: 'NotaryMSP', subject: 'z' },
            txId: 'txa',
            time: t,
        }) as AttestationRecord,
);
const story: fc.Arbitrary<CaseStory> = fc.record({
    entries: fc.array(entry, { maxLength: 10 }),
    packageFingerprints: fc.constant([]),
    steps: fc.array(step, { maxLength: 6 }),
    attestations: fc.array(attestation, { maxLength: 4 }),
});

describe('the case timeline', () => {
    it('holds every record, step and attestation once, oldest first', () => {
        fc.assert(
            fc.property(story, (s) => {
                const events = caseTimeline(s);
                expect(events).toHaveLength(s.entries.length + s.steps.length + s.attestations.length);
                const times = events.map((e) => Date.parse(e.time));
                expect(times).toEqual([...times].sort((a, b) => a - b));
            }),
        );
    });

    it('puts evidence before steps and steps before attestations at the same instant', () => {
        fc.assert(
            fc.property(story, (s) => {
                const events = caseTimeline(s);
                const rank = { evidence: 0, step: 1, attestation: 2 };
                for (let i = 1; i < events.length; i++) {
                    const [a, b] = [events[i - 1]!, events[i]!];
                    if (a.time === b.time) expect(rank[a.kind]).toBeLessThanOrEqual(rank[b.kind]);
                }
            }),
        );
    });

    it('reads the same whatever order the inputs came in', () => {
        fc.assert(
            fc.property(story, fc.nat(), (s, seed) => {
                const shuffled: CaseStory = {
                    ...s,
                    entries: rotate(s.entries, seed),
                    steps: rotate(s.steps, seed),
                };
                expect(caseTimeline(shuffled).map((e) => e.key)).toEqual(caseTimeline(s).map((e) => e.key));
            }),
        );
    });

    it("marks the records the case's package names, with their stage, writer and fingerprint", () => {
        const s = fc.sample(story, { numRuns: 1, seed: 7 })[0]!;
        const [first] = fc.sample(entry, { numRuns: 1, seed: 3 });
        const events = caseTimeline({ ...s, entries: [first!], packageFingerprints: [first!.record.id] });
        expect(events.find((e) => e.kind === 'evidence')).toMatchObject({
            inPackage: true,
            stage: 'DISBURSEMENT',
            writer: 'BankMSP',
            fingerprint: first!.record.id,
        });
    });
});

function rotate<T>(items: readonly T[], by: number): T[] {
    if (items.length === 0) return [];
    const k = by % items.length;
    return [...items.slice(k), ...items.slice(0, k)];
}
