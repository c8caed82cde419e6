import { type JSX } from 'preact';
import { useT, type Messages } from '../common/i18n.ts';
import { MESSAGES } from './messages.ts';

/** One row of a {@link CheckList}: a check's name, status and the verifier's reason. */
export interface CheckRow {
    readonly name: string;
    readonly status: 'pass' | 'fail' | 'skip';
    readonly reason: string;
}

const BADGE = { pass: 'ok', fail: 'bad', skip: 'warn' } as const;

/**
 * Every check with a badge (passed, failed, not applicable) and its plain words in the page's language, by the
 * check's stable name; for a check that did not pass, the verifier's own reason follows as secondary text, marked
 * as English (the verifier speaks English only, and its reason carries the values it compared).
 */
export function CheckList<K extends string>(props: {
    readonly checks: readonly (CheckRow & { readonly name: K })[];
    readonly words: Messages<K>;
    readonly label: string;
}): JSX.Element {
    const t = useT(MESSAGES);
    const words = useT(props.words);
    return (
        <ol class="checks" aria-label={props.label}>
            {props.checks.map((check) => (
                <li key={check.name} data-check={check.name} data-status={check.status}>
                    <span class={`badge ${BADGE[check.status]}`}>{t(check.status)}</span> {words(check.name)}{' '}
                    <code class="muted">{check.name}</code>
                    {check.status === 'pass' ? null : (
                        <div class="check-reason muted">
                            {t('verifierReason')} <span lang="en">{check.reason}</span>
                        </div>
                    )}
                </li>
            ))}
        </ol>
    );
}
