import { STAGE_LABELS, isLoanRef, type ChainView } from '@lendledger/domain';
import { type JSX } from 'preact';
import { useState } from 'preact/hooks';
import { apiRaw } from '../../common/api.ts';
import { saveBlob } from '../../common/download.ts';
import { formatTime } from '../../common/format.ts';
import { useLang, useT } from '../../common/i18n.ts';
import { href, navigate } from '../../common/router.ts';
import { ErrorNotice, Hash, Loading, Timeline, type TimelineItem } from '../../common/ui.tsx';
import { useApi } from '../../common/use-api.ts';
import { summariseChain, type ChainRow, type ChainSummary } from './chain-summary.ts';
import { CONSOLE_MESSAGES } from './console-messages.ts';

/** The look-up form: a loan reference, checked for its shape before the page asks the ledger. */
export function LoanLookup(props: { readonly initial?: string }): JSX.Element {
    const t = useT(CONSOLE_MESSAGES);
    const [value, setValue] = useState(props.initial ?? '');
    const [invalid, setInvalid] = useState(false);
    return (
        <form
            class="panel"
            onSubmit={(event) => {
                event.preventDefault();
                const loanRef = value.trim();
                if (!isLoanRef(loanRef)) {
                    setInvalid(true);
                    return;
                }
                setInvalid(false);
                navigate('console', 'loans', loanRef);
            }}
        >
            <label class="wide">
                {t('loanRef')}
                <input
                    name="loanRef"
                    value={value}
                    spellcheck={false}
                    autocomplete="off"
                    aria-invalid={invalid}
                    aria-describedby="loan-ref-hint"
                    onInput={(event) => setValue(event.currentTarget.value)}
                />
            </label>
            <button type="submit">{t('show')}</button>
            <p id="loan-ref-hint" class="muted">
                {t('loanRefHint')}
            </p>
            {invalid ? (
                <p role="alert" class="notice notice-error">
                    {t('loanRefInvalid')}
                </p>
            ) : null}
        </form>
    );
}

/** A loan's evidence chain: its integrity in plain words, its parties, then every record on a timeline. */
export function LoanChainPage(props: { readonly loanRef: string }): JSX.Element {
    const t = useT(CONSOLE_MESSAGES);
    const valid = isLoanRef(props.loanRef);
    const chain = useApi<ChainView>(valid ? `/v1/loans/${encodeURIComponent(props.loanRef)}/chain` : undefined);
    const lookup = <LoanLookup key={props.loanRef} initial={props.loanRef} />;
    if (!valid) {
        return (
            <>
                {lookup}
                <p role="alert" class="notice notice-error">
                    {t('loanRefInvalid')}
                </p>
            </>
        );
    }
    if (chain.loading) {
        return (
            <>
                {lookup}
                <Loading />
            </>
        );
    }
    if (!chain.data) {
        const notFound = (chain.error as { code?: string } | undefined)?.code === 'LOAN_NOT_FOUND';
        return (
            <>
                {lookup}
                {notFound ? (
                    <p class="notice">{t('noLoan')}</p>
                ) : (
                    <ErrorNotice error={chain.error} onRetry={chain.reload} />
                )}
                <p>
                    <a href={`${href('console', 'register')}?loan=${encodeURIComponent(props.loanRef)}`}>
                        {t('registerHere')}
                    </a>
                </p>
            </>
        );
    }
    return (
        <>
            {lookup}
            <ChainDetails summary={summariseChain(chain.data)} />
        </>
    );
}

function ChainDetails(props: { readonly summary: ChainSummary }): JSX.Element {
    const t = useT(CONSOLE_MESSAGES);
    const lang = useLang();
    const { summary } = props;
    const stageName = (stage: keyof typeof STAGE_LABELS): string =>
        lang === 'en' ? STAGE_LABELS[stage].en : STAGE_LABELS[stage].zh;
    const items: TimelineItem[] = summary.rows.map((row) => ({
        key: row.key,
        time: formatTime(row.time, lang),
        tone: row.tone,
        title: (
            <>
                {t('seq', { seq: row.seq })} · {stageName(row.stage)}{' '}
                <span class={`badge ${row.tone}`}>{t(row.status)}</span>
                {row.kind === 'REGISTRATION' ? null : <span class="muted"> · {t(row.kind as 'CORRECTION')}</span>}
            </>
        ),
        detail: <RecordDetail row={row} />,
    }));
    return (
        <section aria-labelledby="chain-heading">
            <h2 id="chain-heading">{t('chainOf')}</h2>
            <p class="mono wrap">{summary.loanRef}</p>
            <div
                role="status"
                class={`notice integrity ${summary.integrity === 'intact' ? 'notice-ok' : 'notice-error'}`}
                data-integrity={summary.integrity}
            >
                <strong>{summary.integrity === 'intact' ? t('intact') : t('broken')}</strong>
                {summary.problems.length > 0 ? (
                    <ul>
                        {summary.problems.map((p) => (
                            <li key={`${p.seq}${p.code}`}>
                                {t('problemAt', { seq: p.seq, problem: t(p.code as 'SEQUENCE_GAP') })}{' '}
                                <code>{p.code}</code>
                            </li>
                        ))}
                    </ul>
                ) : null}
                <div>
                    {t('records', { n: summary.length })}
                    {' · '}
                    {summary.missingStages.length === 0
                        ? t('complete')
                        : t('missingStages', { stages: summary.missingStages.map(stageName).join('、') })}
                </div>
            </div>
            <Parties summary={summary} />
            <p>
                <a href={`${href('console', 'register')}?loan=${encodeURIComponent(summary.loanRef)}`}>
                    {t('registerHere')}
                </a>
            </p>
            <Timeline items={items} label={t('timeline')} />
        </section>
    );
}

function Parties(props: { readonly summary: ChainSummary }): JSX.Element {
    const t = useT(CONSOLE_MESSAGES);
    const lang = useLang();
    const { parties, admission, admissionRecord } = props.summary;
    return (
        <div class="panel">
            <h3>{t('parties')}</h3>
            {parties ? (
                <dl class="facts">
                    <dt>{t('platform')}</dt>
                    <dd>{parties.platform}</dd>
                    <dt>{t('bank')}</dt>
                    <dd>{parties.bank}</dd>
                    <dt>{t('product')}</dt>
                    <dd>{parties.product}</dd>
                </dl>
            ) : null}
            <p>
                <span class={`badge ${admission === 'in-force' ? 'ok' : 'warn'}`}>
                    {admission === 'in-force' && admissionRecord
                        ? t('admissionInForce', { until: formatTime(admissionRecord.validUntil, lang) })
                        : admission === 'none'
                          ? t('admissionNone')
                          : t('admissionUnknown')}
                </span>
            </p>
        </div>
    );
}

function RecordDetail(props: { readonly row: ChainRow }): JSX.Element {
    const t = useT(CONSOLE_MESSAGES);
    const { row } = props;
    const [block, setBlock] = useState<number>();
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<unknown>();
    const receipt = row.receiptFingerprint;
    async function download(fingerprint: string): Promise<void> {
        setBusy(true);
        setError(undefined);
        try {
            const response = await apiRaw(`/v1/evidence/${encodeURIComponent(fingerprint)}/receipt`);
            const text = await response.text();
            const parsed = JSON.parse(text) as { block?: { number?: number } };
            setBlock(parsed.block?.number);
            saveBlob(new Blob([text], { type: 'application/json' }), `receipt-${fingerprint.replace(':', '-')}.json`);
        } catch (e) {
            setError(e);
        } finally {
            setBusy(false);
        }
    }
    return (
        <>
            <dl class="facts">
                <dt>{t('writer')}</dt>
                <dd>
                    {row.writerOrg} · {row.writerUser}
                </dd>
                {row.evidenceType ? (
                    <>
                        <dt>{t('evidenceType')}</dt>
                        <dd>
                            <code>{row.evidenceType}</code>
                        </dd>
                    </>
                ) : null}
                {row.fingerprint ? (
                    <>
                        <dt>{t('fingerprint')}</dt>
                        <dd data-fingerprint={row.fingerprint}>
                            <Hash value={row.fingerprint} />
                        </dd>
                    </>
                ) : null}
                <dt>{t('transaction')}</dt>
                <dd>
                    <Hash value={row.txId} />
                    {block === undefined ? null : (
                        <>
                            {' '}
                            · {t('block')} <span class="num">{block}</span>
                        </>
                    )}
                </dd>
            </dl>
            {receipt ? (
                <button type="button" class="link" disabled={busy} onClick={() => void download(receipt)}>
                    {busy ? t('receiptFetching') : t('receipt')}
                </button>
            ) : null}
            {error ? <ErrorNotice error={error} /> : null}
        </>
    );
}
