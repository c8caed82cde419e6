import { CASE_STATUSES, type CaseRecord, type CaseStatus } from '@lendledger/domain';
import { type JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { formatTime } from '../../common/format.ts';
import { useLang, useT } from '../../common/i18n.ts';
import { href } from '../../common/router.ts';
import { ErrorNotice, Hash, Loading, Page } from '../../common/ui.tsx';
import { type AreaProps } from '../areas.ts';
import { BulkPanel } from './bulk-panel.tsx';
import { listCases, listForums } from './case-api.ts';
import { CASE_MESSAGES, STATUS_MESSAGES } from './case-messages.ts';
import { CASE_SORTS, filedRange, filterAndSort, mergePage, type CaseSort } from './inbox-filter.ts';
import { useAbilities } from './use-abilities.ts';

const SORT_LABEL = {
    'filed-desc': 'sortFiledDesc',
    'filed-asc': 'sortFiledAsc',
    'case-id': 'sortCaseId',
    status: 'sortStatus',
} as const;

/** Where the inbox stands: the forum read, the cases loaded so far and the bookmark of the next page. */
interface Loaded {
    readonly forum: string;
    readonly cases: readonly CaseRecord[];
    readonly bookmark: string;
}

/**
 * The inbox: a forum's own cases, or, for a notary or a bank, the cases of the forum chosen (a bank sees only those
 * it filed). Pages are read with the route's bookmark; the filters and the order apply to the cases loaded.
 */
export function CaseInbox(props: AreaProps): JSX.Element {
    const t = useT(CASE_MESSAGES);
    const ts = useT(STATUS_MESSAGES);
    const lang = useLang();
    const caller = useAbilities();
    const [forums, setForums] = useState<readonly string[]>();
    const [forum, setForum] = useState('');
    const [loaded, setLoaded] = useState<Loaded>();
    const [loading, setLoading] = useState(false);
    const [error, setError] = useState<unknown>();
    const [status, setStatus] = useState<CaseStatus | ''>('');
    const [from, setFrom] = useState('');
    const [to, setTo] = useState('');
    const [text, setText] = useState('');
    const [sort, setSort] = useState<CaseSort>('filed-desc');
    const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
    const [generation, setGeneration] = useState(0);

    const isForum = caller?.abilities.forum ?? false;
    useEffect(() => {
        if (!caller) {
            return;
        }
        if (isForum) {
            setForums([caller.mspId]);
            setForum(caller.mspId);
            return;
        }
        listForums().then((list) => {
            setForums(list);
            setForum((current) => current || (list[0] ?? ''));
        }, setError);
    }, [caller?.mspId, isForum]);

    const load = async (bookmark: string, previous: readonly CaseRecord[]): Promise<void> => {
        setLoading(true);
        setError(undefined);
        try {
            // A forum's inbox is its own: it names no court, so the chaincode never reads another's.
            const page = await listCases(isForum ? undefined : forum, bookmark);
            setLoaded({ forum, cases: mergePage(previous, page.items), bookmark: page.bookmark });
        } catch (e) {
            setError(e);
        } finally {
            setLoading(false);
        }
    };

    useEffect(() => {
        if (forum) {
            setSelected(new Set());
            void load('', []);
        }
    }, [forum, generation]);

    const cases = loaded?.forum === forum ? loaded.cases : [];
    const shown = filterAndSort(cases, { statuses: status ? [status] : [], text, ...filedRange(from, to) }, sort);
    const chosen = shown.filter((c) => selected.has(c.caseId)).map((c) => c.caseId);
    const allChosen = shown.length > 0 && chosen.length === shown.length;
    const toggle = (caseId: string, on: boolean): void => {
        const next = new Set(selected);
        if (on) {
            next.add(caseId);
        } else {
            next.delete(caseId);
        }
        setSelected(next);
    };
    const move = caller?.abilities.move ?? false;

    return (
        <Page title={t('title')} nav={props.nav} actions={props.actions}>
            <section class="panel" aria-labelledby="filters-title">
                <h2 id="filters-title">{t('filters')}</h2>
                <div class="filters">
                    <label>
                        {t('forum')}
                        <select
                            name="forum"
                            value={forum}
                            disabled={isForum}
                            onChange={(e) => setForum((e.currentTarget as HTMLSelectElement).value)}
                        >
                            {forums === undefined || forums.length === 0 ? (
                                <option value="">{t('chooseForum')}</option>
                            ) : null}
                            {(forums ?? []).map((f) => (
                                <option key={f} value={f}>
                                    {f}
                                </option>
                            ))}
                        </select>
                    </label>
                    <label>
                        {t('status')}
                        <select
                            name="status"
                            value={status}
                            onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value as CaseStatus | '')}
                        >
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
                        <input
                            type="date"
                            name="filedFrom"
                            value={from}
                            onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)}
                        />
                    </label>
                    <label>
                        {t('filedTo')}
                        <input
                            type="date"
                            name="filedTo"
                            value={to}
                            onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)}
                        />
                    </label>
                    <label class="grow">
                        {t('search')}
                        <input
                            type="search"
                            name="q"
                            value={text}
                            placeholder={t('searchHint')}
                            onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
                        />
                    </label>
                    <label>
                        {t('sort')}
                        <select
                            name="sort"
                            value={sort}
                            onChange={(e) => setSort((e.currentTarget as HTMLSelectElement).value as CaseSort)}
                        >
                            {CASE_SORTS.map((s) => (
                                <option key={s} value={s}>
                                    {t(SORT_LABEL[s])}
                                </option>
                            ))}
                        </select>
                    </label>
                </div>
            </section>
            <section aria-labelledby="inbox-title">
                <h2 id="inbox-title">{t('inbox')}</h2>
                {error ? <ErrorNotice error={error} onRetry={() => setGeneration((g) => g + 1)} /> : null}
                <p class="muted" role="status" aria-live="polite">
                    {t('shown', { shown: shown.length, loaded: cases.length })}
                    {move ? ` · ${t('selected', { n: chosen.length })}` : ''}
                </p>
                {loading && cases.length === 0 ? <Loading /> : null}
                {shown.length === 0 && !loading ? <p>{t('noCases')}</p> : null}
                {shown.length > 0 ? (
                    <div class="table-scroll">
                        <table class="case-table">
                            <thead>
                                <tr>
                                    {move ? (
                                        <th scope="col">
                                            <input
                                                type="checkbox"
                                                aria-label={t('selectAll')}
                                                checked={allChosen}
                                                onChange={(e) =>
                                                    setSelected(
                                                        (e.currentTarget as HTMLInputElement).checked
                                                            ? new Set([...selected, ...shown.map((c) => c.caseId)])
                                                            : new Set(),
                                                    )
                                                }
                                            />
                                        </th>
                                    ) : null}
                                    <th scope="col">{t('caseId')}</th>
                                    <th scope="col">{t('status')}</th>
                                    <th scope="col">{t('forum')}</th>
                                    <th scope="col">{t('loanRef')}</th>
                                    <th scope="col">{t('claim')}</th>
                                    <th scope="col">{t('filedAt')}</th>
                                    <th scope="col" class="num">
                                        {t('packageSize')}
                                    </th>
                                </tr>
                            </thead>
                            <tbody>
                                {shown.map((c) => (
                                    <tr key={c.caseId} data-case={c.caseId}>
                                        {move ? (
                                            <td>
                                                <input
                                                    type="checkbox"
                                                    aria-label={t('select', { caseId: c.caseId })}
                                                    checked={selected.has(c.caseId)}
                                                    onChange={(e) =>
                                                        toggle(c.caseId, (e.currentTarget as HTMLInputElement).checked)
                                                    }
                                                />
                                            </td>
                                        ) : null}
                                        <td>
                                            <a href={href('cases', c.caseId)}>{c.caseId}</a>
                                        </td>
                                        <td>
                                            <span class={`badge ${statusTone(c.status)}`} data-status={c.status}>
                                                {ts(c.status)}
                                            </span>
                                        </td>
                                        <td>{c.court}</td>
                                        <td>
                                            <Hash value={c.loanRef} />
                                        </td>
                                        <td>{c.claimCode ?? '—'}</td>
                                        <td>{formatTime(c.filedAt, lang)}</td>
                                        <td class="num">{c.package.size}</td>
                                    </tr>
                                ))}
                            </tbody>
                        </table>
                    </div>
                ) : null}
                {loaded?.bookmark ? (
                    <button
                        type="button"
                        class="secondary"
                        disabled={loading}
                        onClick={() => void load(loaded.bookmark, cases)}
                    >
                        {t('loadMore')}
                    </button>
                ) : null}
            </section>
            {move ? (
                <BulkPanel
                    caseIds={chosen}
                    title={`${t('bulk')} · ${t('selected', { n: chosen.length })}`}
                    onDone={() => void load('', [])}
                />
            ) : (
                <p class="muted">{caller && !caller.abilities.attest ? t('readOnly') : null}</p>
            )}
        </Page>
    );
}

/** The badge colour of a state: settled ones green, refused red, the rest pending. */
export function statusTone(status: CaseStatus): 'ok' | 'warn' | 'bad' {
    return status === 'REJECTED' ? 'bad' : status === 'FILED' || status === 'ACCEPTED' ? 'warn' : 'ok';
}
