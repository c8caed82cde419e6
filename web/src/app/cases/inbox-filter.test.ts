import { CASE_STATUSES, type CaseStatus } from '@lendledger/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_SORTS, filedRange, filterAndSort, matchesFilter, mergePage, type CaseFilter } from './inbox-filter.ts';

interface Row {
    readonly caseId: string;
    readonly loanRef: string;
    readonly court: string;
    readonly status: CaseStatus;
    readonly filedAt: string;
}

const FORUMS = ['CourtMSP', 'ArbitrationMSP'];
const T0 = Date.UTC(2026, 0, 1);

const row: fc.Arbitrary<Row> = fc.record({
    caseId: fc.stringMatching(/^[A-Z]{2,3}-[0-9]{1,4}$/),
    loanRef: fc.stringMatching(/^loan:[0-9a-f]{8}$/),
    court: fc.constantFrom(...FORUMS),
    status: fc.constantFrom(...CASE_STATUSES),
    filedAt: fc.integer({ min: 0, max: 400 * 86_400_000 }).map((ms) => new Date(T0 + ms).toISOString()),
});

const filter: fc.Arbitrary<CaseFilter> = fc.record(
    {
        statuses: fc.subarray([...CASE_STATUSES]),
        forum: fc.constantFrom(...FORUMS, ''),
        filedFrom: fc.integer({ min: T0, max: T0 + 400 * 86_400_000 }),
        filedTo: fc.integer({ min: T0, max: T0 + 400 * 86_400_000 }),
        text: fc.oneof(fc.string({ maxLength: 4 }), fc.stringMatching(/^[a-z0-9-]{1,3}$/)),
    },
    { requiredKeys: [] },
);

describe('the inbox filter', () => {
    it('keeps exactly the cases that pass every filter, each once, whatever the order asked', () => {
        fc.assert(
            fc.property(fc.array(row, { maxLength: 40 }), filter, fc.constantFrom(...CASE_SORTS), (rows, f, sort) => {
                const kept = filterAndSort(rows, f, sort);
                expect(kept).toHaveLength(rows.filter((r) => matchesFilter(r, f)).length);
                expect(new Set(kept).size).toBe(kept.length);
                for (const r of kept) {
                    if (f.statuses?.length) expect(f.statuses).toContain(r.status);
                    if (f.forum) expect(r.court).toBe(f.forum);
                    if (f.filedFrom !== undefined) expect(Date.parse(r.filedAt)).toBeGreaterThanOrEqual(f.filedFrom);
                    if (f.filedTo !== undefined) expect(Date.parse(r.filedAt)).toBeLessThanOrEqual(f.filedTo);
                    const text = f.text?.trim().toLowerCase();
                    if (text) expect(`${r.caseId}\n${r.loanRef}`.toLowerCase()).toContain(text);
                }
            }),
        );
    });

    it('orders by filing time, newest first, and the other way round for filed-asc', () => {
        fc.assert(
            fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
                const desc = filterAndSort(rows, {}, 'filed-desc').map((r) => Date.parse(r.filedAt));
                const asc = filterAndSort(rows, {}, 'filed-asc').map((r) => Date.parse(r.filedAt));
                expect(desc).toEqual([...desc].sort((a, b) => b - a));
                expect(asc).toEqual([...asc].sort((a, b) => a - b));
            }),
        );
    });

    it('matches the text in the case ID or the loan reference, ignoring case and surrounding spaces', () => {
        const r: Row = {
            caseId: 'BK-2026-01',
            loanRef: 'loan:abcdef',
            court: 'CourtMSP',
            status: 'FILED',
            filedAt: '2026-01-02T00:00:00Z',
        };
        expect(matchesFilter(r, { text: ' bk-2026 ' })).toBe(true);
        expect(matchesFilter(r, { text: 'CDE' })).toBe(true);
        expect(matchesFilter(r, { text: 'zz' })).toBe(false);
    });

    it('does not let a malformed filing time through a date bound', () => {
        const r: Row = { caseId: 'A-1', loanRef: 'loan:00', court: 'CourtMSP', status: 'FILED', filedAt: 'yesterday' };
        expect(matchesFilter(r, { filedFrom: 0 })).toBe(false);
        expect(matchesFilter(r, {})).toBe(true);
    });
});

describe('the filing date range', () => {
    it('covers whole local days from the first to the last', () => {
        const range = filedRange('2026-03-01', '2026-03-02');
        expect(range.filedFrom).toBe(new Date(2026, 2, 1).getTime());
        expect(range.filedTo).toBe(new Date(2026, 2, 3).getTime() - 1);
    });

    it('leaves an end open when its value is empty or malformed', () => {
        expect(filedRange('', '')).toEqual({});
        expect(filedRange('2026-13-45x', 'garbage')).toEqual({});
        fc.assert(
            fc.property(fc.string(), fc.string(), (from, to) => {
                const range = filedRange(from, to);
                for (const value of Object.values(range)) expect(Number.isFinite(value)).toBe(true);
            }),
        );
    });
});

describe('merging pages', () => {
    it('keeps each case once, the copy read last winning', () => {
        fc.assert(
            fc.property(fc.array(row, { maxLength: 20 }), fc.array(row, { maxLength: 20 }), (loaded, page) => {
                const merged = mergePage(loaded, page);
                const ids = new Set([...loaded, ...page].map((r) => r.caseId));
                expect(merged.map((r) => r.caseId).sort()).toEqual([...ids].sort());
                for (const r of page) {
                    expect(merged.find((m) => m.caseId === r.caseId)).toBe(page.findLast((p) => p.caseId === r.caseId));
                }
            }),
        );
    });
});
