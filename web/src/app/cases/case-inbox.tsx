import { type JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useT } from '../../common/i18n.ts';
import { ErrorNotice, Loading, Page } from '../../common/ui.tsx';
import { type CaseRecord } from '@lendledger/domain';
import { type AreaProps } from '../areas.ts';
import { BulkPanel } from './bulk-panel.tsx';
import { CASE_MESSAGES } from './case-messages.ts';
import { CaseTable } from './case-table.tsx';
import { filedRange, filterAndSort } from './inbox-filter.ts';
import { InboxFilters, NO_FILTER, type FilterState } from './inbox-filters.tsx';
import { useAbilities } from './use-abilities.ts';
import { useInbox, type Inbox } from './use-inbox.ts';

export { statusTone } from './case-table.tsx';

/**
 * The inbox: a forum's own cases, or, for a notary or a bank, the cases of the forum chosen (a bank sees only those
 * it filed). Pages are read with the route's bookmark; the filters and the order apply to the cases loaded.
 */
export function CaseInbox(props: AreaProps): JSX.Element {
    const t = useT(CASE_MESSAGES);
    const caller = useAbilities();
    const [filter, setFilter] = useState<FilterState>(NO_FILTER);
    const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
    const inbox = useInbox(caller && { mspId: caller.mspId, isForum: caller.abilities.forum }, () =>
        setSelected(new Set()),
    );
    const shown = filterAndSort(
        inbox.cases,
        { statuses: filter.status ? [filter.status] : [], text: filter.text, ...filedRange(filter.from, filter.to) },
        filter.sort,
    );
    const chosen = shown.filter((c) => selected.has(c.caseId)).map((c) => c.caseId);
    const move = caller?.abilities.move ?? false;

    return (
        <Page title={t('title')} nav={props.nav} actions={props.actions}>
            <InboxFilters
                forums={inbox.forums}
                forum={inbox.forum}
                fixedForum={caller?.abilities.forum ?? false}
                onForum={inbox.chooseForum}
                filter={filter}
                onFilter={setFilter}
            />
            <InboxList
                inbox={inbox}
                shown={shown}
                chosen={chosen.length}
                selectable={move}
                selected={selected}
                onSelect={setSelected}
            />
            {move ? (
                <BulkPanel
                    caseIds={chosen}
                    title={`${t('bulk')} · ${t('selected', { n: chosen.length })}`}
                    onDone={inbox.refresh}
                />
            ) : (
                <p class="muted">{caller && !caller.abilities.attest ? t('readOnly') : null}</p>
            )}
        </Page>
    );
}

/** The inbox's cases as filtered, with the counts, the selection and the next page. */
function InboxList(props: {
    readonly inbox: Inbox;
    readonly shown: readonly CaseRecord[];
    readonly chosen: number;
    readonly selectable: boolean;
    readonly selected: ReadonlySet<string>;
    readonly onSelect: (selected: ReadonlySet<string>) => void;
}): JSX.Element {
    const t = useT(CASE_MESSAGES);
    const { inbox, shown } = props;
    return (
        <section aria-labelledby="inbox-title">
            <h2 id="inbox-title">{t('inbox')}</h2>
            {inbox.error ? <ErrorNotice error={inbox.error} onRetry={inbox.reload} /> : null}
            <p class="muted" role="status" aria-live="polite">
                {t('shown', { shown: shown.length, loaded: inbox.cases.length })}
                {props.selectable ? ` · ${t('selected', { n: props.chosen })}` : ''}
            </p>
            {inbox.loading && inbox.cases.length === 0 ? <Loading /> : null}
            {shown.length === 0 && !inbox.loading ? <p>{t('noCases')}</p> : null}
            {shown.length > 0 ? (
                <CaseTable
                    cases={shown}
                    selectable={props.selectable}
                    selected={props.selected}
                    onSelect={props.onSelect}
                />
            ) : null}
            {inbox.bookmark ? (
                <button type="button" class="secondary" disabled={inbox.loading} onClick={inbox.more}>
                    {t('loadMore')}
                </button>
            ) : null}
        </section>
    );
}
