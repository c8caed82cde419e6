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

/** Every check with a badge (passed, failed, not applicable), its plain words and, on request, the reason. */
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
                    {check.status === 'pass' ? null : <div class="check-reason">{check.reason}</div>}
                </li>
            ))}
        </ol>
    );
}
