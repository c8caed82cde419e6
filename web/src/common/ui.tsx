import { type ComponentChildren, type JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { ApiError } from './api.ts';
import { takePendingFocus } from './route-focus.ts';
import { LANGUAGES, setLang, useLang, useT, type Messages } from './i18n.ts';

const M: Messages<'language' | 'loading' | 'error' | 'code' | 'retry' | 'skip' | 'nav'> = {
    'zh-CN': {
        language: '语言',
        loading: '加载中…',
        error: '出错了',
        code: '错误代码',
        retry: '重试',
        skip: '跳到正文',
        nav: '主导航',
    },
    en: {
        language: 'Language',
        loading: 'Loading…',
        error: 'Something went wrong',
        code: 'Error code',
        retry: 'Retry',
        skip: 'Skip to content',
        nav: 'Main navigation',
    },
};

const LANGUAGE_NAMES = { 'zh-CN': '简体中文', en: 'English' } as const;

/** A select switching between 简体中文 and English. */
export function LanguageSwitch(): JSX.Element {
    const lang = useLang();
    const t = useT(M);
    return (
        <label class="lang-switch">
            <span class="visually-hidden">{t('language')}</span>
            <select
                value={lang}
                onChange={(event) =>
                    setLang((event.currentTarget as HTMLSelectElement).value as (typeof LANGUAGES)[number])
                }
            >
                {LANGUAGES.map((l) => (
                    <option key={l} value={l}>
                        {LANGUAGE_NAMES[l]}
                    </option>
                ))}
            </select>
        </label>
    );
}

/**
 * The skip link moves focus to the main landmark itself: following `#main` would change the hash, which the
 * signed-in application reads as its route.
 */
function skipToMain(event: MouseEvent): void {
    event.preventDefault();
    document.getElementById('main')?.focus();
}

/**
 * A page frame: a header with the title, navigation and actions, then the main landmark. The title is also the
 * document's, so the browser tab and a screen reader's page list say where one is.
 */
export function Page(props: {
    readonly title: string;
    readonly nav?: ComponentChildren;
    readonly actions?: ComponentChildren;
    readonly children: ComponentChildren;
}): JSX.Element {
    const t = useT(M);
    useEffect(() => {
        document.title = `${props.title} · LendLedger`;
    }, [props.title]);
    useEffect(takePendingFocus, []);
    return (
        <>
            <a class="skip-link" href="#main" onClick={skipToMain}>
                {t('skip')}
            </a>
            <header class="top">
                <span class="brand">LendLedger</span>
                {props.nav ? <nav aria-label={t('nav')}>{props.nav}</nav> : null}
                <div class="top-actions">
                    {props.actions}
                    <LanguageSwitch />
                </div>
            </header>
            <main id="main" tabIndex={-1}>
                <h1 tabIndex={-1}>{props.title}</h1>
                {props.children}
            </main>
        </>
    );
}

/** A loading line, announced to screen readers. */
export function Loading(): JSX.Element {
    const t = useT(M);
    return (
        <p role="status" class="muted">
            {t('loading')}
        </p>
    );
}

/** An error in plain words with the gateway's stable code, announced to screen readers. */
export function ErrorNotice(props: { readonly error: unknown; readonly onRetry?: () => void }): JSX.Element {
    const t = useT(M);
    const error = props.error;
    const message = error instanceof Error ? error.message : String(error);
    return (
        <div role="alert" class="notice notice-error">
            <strong>{t('error')}</strong>: {message}
            {error instanceof ApiError ? (
                <span class="muted">
                    {' '}
                    ({t('code')} <code>{error.code}</code>)
                </span>
            ) : null}
            {props.onRetry ? (
                <button type="button" class="link" onClick={props.onRetry}>
                    {t('retry')}
                </button>
            ) : null}
        </div>
    );
}

/** One event of a {@link Timeline}. */
export interface TimelineItem {
    readonly key: string;
    readonly time: string;
    readonly title: ComponentChildren;
    readonly detail?: ComponentChildren;
    readonly tone?: 'ok' | 'warn' | 'bad';
}

/** A vertical timeline, oldest first, as an ordered list. */
export function Timeline(props: { readonly items: readonly TimelineItem[]; readonly label: string }): JSX.Element {
    return (
        <ol class="timeline" aria-label={props.label}>
            {props.items.map((item) => (
                <li key={item.key} class={`timeline-item tone-${item.tone ?? 'ok'}`}>
                    <span class="timeline-time">{item.time}</span>
                    <div class="timeline-title">{item.title}</div>
                    {item.detail ? <div class="timeline-detail">{item.detail}</div> : null}
                </li>
            ))}
        </ol>
    );
}

/** A short hash shown in full on hover and copyable as the whole value. */
export function Hash(props: { readonly value: string }): JSX.Element {
    const short = props.value.length > 24 ? `${props.value.slice(0, 14)}…${props.value.slice(-8)}` : props.value;
    return (
        <code class="hash" title={props.value}>
            {short}
        </code>
    );
}
