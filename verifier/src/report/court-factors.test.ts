import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECK_NAMES, type CheckName, type CheckStatus } from '../checks/check-result.js';
import { answerFactors, COURT_FACTORS } from './court-factors.js';
import { checksOf } from './record-checks.js';
import { type ReportedCheck, type ReportItem } from './report-payload.js';

const NONE = { question: '', verdict: 'established' as const, checks: [] };

/** A record whose checks came out as given; the creation finding repeats the first, as real findings overlap. */
function record(statuses: Partial<Record<string, CheckStatus>>): ReportItem {
    const checks: ReportedCheck[] = Object.entries(statuses).map(([id, status]) => ({
        id: id as CheckName,
        status: status!,
        title: id,
        detail: `${id} ${status}`,
    }));
    return {
        fingerprint: null,
        verdict: checks.some((check) => check.status === 'fail') ? 'not-verified' : 'verified',
        creation: {
            ...NONE,
            checks: checks.slice(0, 1),
            writtenBy: null,
            time: null,
            blockNumber: null,
            transactionId: null,
            transactionIndex: null,
            channel: null,
            chaincode: null,
            function: null,
        },
        integrity: { ...NONE, checks, fingerprint: null, written: null, anchor: null, documentPresented: false },
        witnesses: { ...NONE, endorsedBy: [], orderedBy: [] },
        method: { ...NONE, receiptFormat: null },
    };
}

const allPass = Object.fromEntries(CHECK_NAMES.map((name) => [name, 'pass' as const]));

describe('answerFactors', () => {
    it('establishes every factor for all records when every check passed, the art. 18 factor only partly', () => {
        const answers = answerFactors([record(allPass), record({ ...allPass, 'document-hash': 'skip' })]);

        expect(answers.map((answer) => answer.factor.id)).toEqual(COURT_FACTORS.map((factor) => factor.id));
        for (const answer of answers) {
            expect(answer.notEstablishedFor).toEqual([]);
            expect(answer.status).toBe(answer.factor.id === 'before-chain' ? 'partly' : 'established');
        }
        expect(answers[0]!.answer).toEqual({ zh: '已确认（全部 2 条记录）', en: 'Established for all 2 record(s)' });
    });

    it('names the records a failed check leaves a factor unestablished for, and the check', () => {
        const answers = answerFactors([
            record(allPass),
            record({ ...allPass, 'block-data-hash': 'fail' }),
            record(allPass),
            record({ ...allPass, 'block-data-hash': 'fail' }),
        ]);

        const unaltered = answers.find((answer) => answer.factor.id === 'unaltered')!;
        expect(unaltered.status).toBe('not-established');
        expect(unaltered.notEstablishedFor).toEqual([2, 4]);
        expect(unaltered.checks.find((check) => check.id === 'block-data-hash')).toEqual({
            id: 'block-data-hash',
            pass: 2,
            skip: 0,
            failedIn: [2, 4],
        });
        expect(unaltered.answer.zh).toBe('未能确认：记录 2、4；其余 2 条已确认');
        expect(unaltered.answer.en).toBe('NOT established for record(s) 2, 4; established for the other 2');
        // A factor that does not rest on that check stays established.
        expect(answers.find((answer) => answer.factor.id === 'verification')!.status).toBe('established');
    });

    it('does not establish a factor for a record that carries none of its checks, nor for a report without records', () => {
        const [platform] = answerFactors([record(allPass), record({ summary: 'pass' })]);
        expect(platform!.notEstablishedFor).toEqual([2]);

        expect(answerFactors([]).every((answer) => answer.status === 'not-established')).toBe(true);
    });

    it('leaves out of a factor the checks no record carries, rather than list them as run', () => {
        // A record verified before trusted-time existed does not carry it, though it is a check of the factor.
        const withoutTime = Object.fromEntries(Object.entries(allPass).filter(([name]) => name !== 'trusted-time'));
        const answers = answerFactors([record(withoutTime)]);
        const generation = answers.find((answer) => answer.factor.id === 'generation')!;
        expect(generation.factor.checks).toContain('trusted-time');
        expect(generation.checks.map((check) => check.id)).not.toContain('trusted-time');
    });

    it('for any outcomes, a factor is unestablished exactly for the records with a failed or no check of it', () => {
        const status = fc.constantFrom<CheckStatus | undefined>('pass', 'fail', 'skip', undefined);
        const outcomes = fc.array(fc.dictionary(fc.constantFrom(...CHECK_NAMES), status), { maxLength: 8 });
        fc.assert(
            fc.property(outcomes, (records) => {
                const items = records.map((statuses) =>
                    record(Object.fromEntries(Object.entries(statuses).filter(([, s]) => s !== undefined))),
                );
                for (const answer of answerFactors(items)) {
                    const expected = items.flatMap((item, i) => {
                        const own = checksOf(item).filter((check) => answer.factor.checks.includes(check.id));
                        return own.length === 0 || own.some((check) => check.status === 'fail') ? [i + 1] : [];
                    });
                    expect(answer.notEstablishedFor).toEqual(expected);
                    expect(answer.status === 'not-established').toBe(expected.length > 0 || items.length === 0);
                    for (const check of answer.checks) {
                        expect(check.pass + check.skip + check.failedIn.length).toBeLessThanOrEqual(items.length);
                    }
                }
            }),
        );
    });
});

describe('checksOf', () => {
    it("lists a record's checks once each, in the verifier's order, unknown ones last", () => {
        const item = record({ summary: 'pass', 'newer-check': 'pass', 'receipt-format': 'fail' } as never);

        expect(checksOf(item).map((check) => check.id)).toEqual(['receipt-format', 'summary', 'newer-check']);
    });
});
