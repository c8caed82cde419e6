import { type CaseRecord, type CaseStatus } from '@lendledger/domain';

/** The inbox's filters; an absent member does not filter. */
export interface CaseFilter {
    /** Cases in any of these states; empty or absent: every state. */
    readonly statuses?: readonly CaseStatus[];
    /** MSP ID of the forum the case is filed to. */
    readonly forum?: string;
    /** Filed at or after this instant (epoch milliseconds). */
    readonly filedFrom?: number;
    /** Filed at or before this instant (epoch milliseconds). */
    readonly filedTo?: number;
    /** Case-insensitive part of the case ID or the loan reference. */
    readonly text?: string;
}

/** The inbox's orders. */
export const CASE_SORTS = ['filed-desc', 'filed-asc', 'case-id', 'status'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

type Filterable = Pick<CaseRecord, 'caseId' | 'loanRef' | 'court' | 'status' | 'filedAt'>;

/** Whether one case passes every filter. */
export function matchesFilter(record: Filterable, filter: CaseFilter): boolean {
    return (
        inStatuses(record, filter.statuses) &&
        (!filter.forum || record.court === filter.forum) &&
        inRange(Date.parse(record.filedAt), filter.filedFrom, filter.filedTo) &&
        containsText(record, filter.text)
    );
}

function inStatuses(record: Filterable, statuses: readonly CaseStatus[] | undefined): boolean {
    return !statuses || statuses.length === 0 || statuses.includes(record.status);
}

/** An unreadable time (NaN) is outside every bound, so a bound never lets it through. */
function inRange(instant: number, from: number | undefined, to: number | undefined): boolean {
    return (from === undefined || instant >= from) && (to === undefined || instant <= to);
}

function containsText(record: Filterable, text: string | undefined): boolean {
    const needle = text?.trim().toLowerCase();
    return !needle || record.caseId.toLowerCase().includes(needle) || record.loanRef.toLowerCase().includes(needle);
}

/** The cases passing the filter, in the order asked; the input is left as it is. */
export function filterAndSort<T extends Filterable>(records: readonly T[], filter: CaseFilter, sort: CaseSort): T[] {
    return records.filter((record) => matchesFilter(record, filter)).sort(comparator(sort));
}

function comparator(sort: CaseSort): (a: Filterable, b: Filterable) => number {
    const byId = (a: Filterable, b: Filterable): number => compareText(a.caseId, b.caseId);
    const byFiled = (a: Filterable, b: Filterable): number => Date.parse(a.filedAt) - Date.parse(b.filedAt);
    switch (sort) {
        case 'filed-asc':
            return (a, b) => byFiled(a, b) || byId(a, b);
        case 'filed-desc':
            return (a, b) => byFiled(b, a) || byId(a, b);
        case 'status':
            return (a, b) => compareText(a.status, b.status) || byId(a, b);
        case 'case-id':
            return byId;
    }
}

function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The instants a date range of `<input type=date>` values covers, in the browser's time zone: from the start of the
 * first day to the last millisecond of the last. An empty or malformed value leaves that end open.
 */
export function filedRange(from: string, to: string): Pick<CaseFilter, 'filedFrom' | 'filedTo'> {
    const start = dayStart(from, 0);
    // The next day's start less one millisecond, so a day of a clock change is still covered whole.
    const end = dayStart(to, 1);
    return {
        ...(start === undefined ? {} : { filedFrom: start }),
        ...(end === undefined ? {} : { filedTo: end - 1 }),
    };
}

function dayStart(value: string, plusDays: number): number | undefined {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) {
        return undefined;
    }
    const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + plusDays);
    return Number.isNaN(date.getTime()) ? undefined : date.getTime();
}

/** Adds a newly read page to the cases already loaded; a case read again replaces its older copy. */
export function mergePage<T extends Pick<CaseRecord, 'caseId'>>(loaded: readonly T[], page: readonly T[]): T[] {
    const byId = new Map(loaded.map((record) => [record.caseId, record]));
    for (const record of page) {
        byId.set(record.caseId, record);
    }
    return [...byId.values()];
}
