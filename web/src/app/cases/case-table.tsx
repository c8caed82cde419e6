import { type CaseRecord, type CaseStatus } from '@lendledger/domain';
import { type JSX } from 'preact';
import { formatTime } from '../../common/format.ts';
import { useLang, useT } from '../../common/i18n.ts';
import { href } from '../../common/router.ts';
import { Hash } from '../../common/ui.tsx';
import { CASE_MESSAGES, STATUS_MESSAGES } from './case-messages.ts';

/** The badge colour of a state: settled ones green, refused red, the rest pending. */
export function statusTone(status: CaseStatus): 'ok' | 'warn' | 'bad' {
    return status === 'REJECTED' ? 'bad' : status === 'FILED' || status === 'ACCEPTED' ? 'warn' : 'ok';
}

const checked = (e: Event): boolean => (e.currentTarget as HTMLInputElement).checked;

/** The cases shown, one row each; with `selectable`, a checkbox per case and one for the whole page. */
export function CaseTable(props: {
    readonly cases: readonly CaseRecord[];
    readonly selectable: boolean;
    readonly selected: ReadonlySet<string>;
    readonly onSelect: (selected: ReadonlySet<string>) => void;
}): JSX.Element {
    const t = useT(CASE_MESSAGES);
    const { cases, selected, onSelect } = props;
    const allChosen = cases.length > 0 && cases.every((c) => selected.has(c.caseId));
    const toggle = (caseId: string, on: boolean): void => {
        const next = new Set(selected);
        if (on) {
            next.add(caseId);
        } else {
            next.delete(caseId);
        }
        onSelect(next);
    };
    return (
        <div class="table-scroll">
            <table class="case-table">
                <thead>
                    <tr>
                        {props.selectable ? (
                            <th scope="col">
                                <input
                                    type="checkbox"
                                    aria-label={t('selectAll')}
                                    checked={allChosen}
                                    onChange={(e) =>
                                        onSelect(
                                            checked(e)
                                                ? new Set([...selected, ...cases.map((c) => c.caseId)])
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
                    {cases.map((c) => (
                        <CaseRow
                            key={c.caseId}
                            record={c}
                            selectable={props.selectable}
                            selected={selected.has(c.caseId)}
                            onToggle={(on) => toggle(c.caseId, on)}
                        />
                    ))}
                </tbody>
            </table>
        </div>
    );
}

function CaseRow(props: {
    readonly record: CaseRecord;
    readonly selectable: boolean;
    readonly selected: boolean;
    readonly onToggle: (on: boolean) => void;
}): JSX.Element {
    const t = useT(CASE_MESSAGES);
    const ts = useT(STATUS_MESSAGES);
    const lang = useLang();
    const c = props.record;
    return (
        <tr data-case={c.caseId}>
            {props.selectable ? (
                <td>
                    <input
                        type="checkbox"
                        aria-label={t('select', { caseId: c.caseId })}
                        checked={props.selected}
                        onChange={(e) => props.onToggle(checked(e))}
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
    );
}
