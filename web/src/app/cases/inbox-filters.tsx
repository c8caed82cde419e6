import { CASE_STATUSES, type CaseStatus } from '@lendledger/domain';
import { type JSX } from 'preact';
import { useT } from '../../common/i18n.ts';
import { CASE_MESSAGES, STATUS_MESSAGES } from './case-messages.ts';
import { CASE_SORTS, type CaseSort } from './inbox-filter.ts';

const SORT_LABEL = {
    'filed-desc': 'sortFiledDesc',
    'filed-asc': 'sortFiledAsc',
    'case-id': 'sortCaseId',
    status: 'sortStatus',
} as const;

/** The inbox's filters as typed: a state, a filing-date range, free text and the order. */
export interface FilterState {
    readonly status: CaseStatus | '';
    readonly from: string;
    readonly to: string;
    readonly text: string;
    readonly sort: CaseSort;
}

/** No filter, newest filing first. */
export const NO_FILTER: FilterState = { status: '', from: '', to: '', text: '', sort: 'filed-desc' };

const valueOf = (e: Event): string => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;

/** The forum to read (fixed for a forum itself) and the filters applied to the cases loaded. */
export function InboxFilters(props: {
    readonly forums?: readonly string[];
    readonly forum: string;
    readonly fixedForum: boolean;
    readonly onForum: (forum: string) => void;
    readonly filter: FilterState;
    readonly onFilter: (filter: FilterState) => void;
}): JSX.Element {
    const t = useT(CASE_MESSAGES);
    const ts = useT(STATUS_MESSAGES);
    const { filter, onFilter } = props;
    const set =
        (key: keyof FilterState) =>
        (e: Event): void =>
            onFilter({ ...filter, [key]: valueOf(e) });
    const forums = props.forums ?? [];
    return (
        <section class="panel" aria-labelledby="filters-title">
            <h2 id="filters-title">{t('filters')}</h2>
            <div class="filters">
                <label>
                    {t('forum')}
                    <select
                        name="forum"
                        value={props.forum}
                        disabled={props.fixedForum}
                        onChange={(e) => props.onForum(valueOf(e))}
                    >
                        {forums.length === 0 ? <option value="">{t('chooseForum')}</option> : null}
                        {forums.map((f) => (
                            <option key={f} value={f}>
                                {f}
                            </option>
                        ))}
                    </select>
                </label>
                <label>
                    {t('status')}
                    <select name="status" value={filter.status} onChange={set('status')}>
                        <option value="">{t('anyStatus')}</option>
                        {CASE_STATUSES.map((s) => (
                            <option key={s} value={s}>
                                {ts(s)}
                            </option>
                        ))}
                    </select>
                </label>
                <label>
                    {t('filedFrom')}
                    <input type="date" name="filedFrom" value={filter.from} onInput={set('from')} />
                </label>
                <label>
                    {t('filedTo')}
                    <input type="date" name="filedTo" value={filter.to} onInput={set('to')} />
                </label>
                <label class="grow">
                    {t('search')}
                    <input
                        type="search"
                        name="q"
                        value={filter.text}
                        placeholder={t('searchHint')}
                        onInput={set('text')}
                    />
                </label>
                <label>
                    {t('sort')}
                    <select name="sort" value={filter.sort} onChange={set('sort')}>
                        {CASE_SORTS.map((s) => (
                            <option key={s} value={s}>
                                {t(SORT_LABEL[s])}
                            </option>
                        ))}
                    </select>
                </label>
            </div>
        </section>
    );
}
