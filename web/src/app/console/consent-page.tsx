import { CONSENT_ID_PATTERN, type ConsentView } from '@lendledger/domain';
import { type JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { api, idempotencyKey } from '../../common/api.ts';
import { type AppConfig } from '../../common/app-config.ts';
import { formatTime } from '../../common/format.ts';
import { useLang, useT } from '../../common/i18n.ts';
import { navigate } from '../../common/router.ts';
import { useSession } from '../../common/session.ts';
import { ErrorNotice, Hash, Loading } from '../../common/ui.tsx';
import { useApi } from '../../common/use-api.ts';
import { CONSOLE_MESSAGES } from './console-messages.ts';
import { summariseConsent, type ConsentSummary } from './consent-summary.ts';
import { consentUseProblems, consentUseRequest, useNeedsLoan } from './consent-use-form.ts';

/** A consent's status (granted, used up, withdrawn, expired), its terms and its use log. */
export function ConsentPage(props: { readonly config: AppConfig; readonly consentId?: string }): JSX.Element {
    const t = useT(CONSOLE_MESSAGES);
    const [value, setValue] = useState(props.consentId ?? '');
    const valid = props.consentId !== undefined && CONSENT_ID_PATTERN.test(props.consentId);
    const view = useApi<ConsentView>(valid ? `/v1/consents/${encodeURIComponent(props.consentId ?? '')}` : undefined);
    return (
        <>
            <form
                class="panel"
                onSubmit={(event) => {
                    event.preventDefault();
                    if (value.trim() !== '') {
                        navigate('console', 'consents', value.trim());
                    }
                }}
            >
                <label class="wide">
                    {t('consentId')}
                    <input
                        name="consentId"
                        value={value}
                        spellcheck={false}
                        autocomplete="off"
                        onInput={(e) => setValue(e.currentTarget.value)}
                    />
                </label>
                <button type="submit">{t('consentLookup')}</button>
            </form>
            {props.consentId !== undefined && !valid ? (
                <p role="alert" class="notice notice-error">
                    {t('invalidField', { fields: t('consentId') })}
                </p>
            ) : null}
            {view.loading ? <Loading /> : null}
            {view.error ? <ErrorNotice error={view.error} onRetry={view.reload} /> : null}
            {view.data ? (
                <ConsentDetails summary={summariseConsent(view.data)} config={props.config} onUsed={view.reload} />
            ) : null}
        </>
    );
}

function ConsentDetails(props: {
    readonly summary: ConsentSummary;
    readonly config: AppConfig;
    readonly onUsed: () => void;
}): JSX.Element {
    const t = useT(CONSOLE_MESSAGES);
    const lang = useLang();
    const { summary: s } = props;
    return (
        <section aria-labelledby="consent-heading">
            <h2 id="consent-heading">
                {t('consentStatus')}: <span class="mono">{s.consentId}</span>
            </h2>
            <p
                role="status"
                class={`notice notice-${s.tone === 'ok' ? 'ok' : s.tone === 'bad' ? 'error' : 'warn'}`}
                data-standing={s.standing}
            >
                <strong>{t(s.standing)}</strong>
                {s.withdrawal ? (
                    <>
                        {' '}
                        —{' '}
                        {t('withdrawnBy', {
                            by: s.withdrawal.by,
                            reason: s.withdrawal.reasonCode,
                            time: formatTime(s.withdrawal.time, lang),
                        })}
                    </>
                ) : null}
            </p>
            <dl class="facts panel">
                <dt>{t('purpose')}</dt>
                <dd>
                    <code>{s.purpose}</code>
                </dd>
                <dt>{t('grantee')}</dt>
                <dd>{s.grantee}</dd>
                <dt>{t('collector')}</dt>
                <dd>{s.collector}</dd>
                {s.product ? (
                    <>
                        <dt>{t('product')}</dt>
                        <dd>
                            <code>{s.product}</code>
                        </dd>
                    </>
                ) : null}
                <dt>{t('validity')}</dt>
                <dd>
                    {t('validRange', { from: formatTime(s.validFrom, lang), until: formatTime(s.validUntil, lang) })}
                </dd>
                <dt>{t('uses')}</dt>
                <dd>{t('usesOf', { used: s.usesCount, max: s.maxUses, left: s.usesLeft })}</dd>
                <dt>{t('dataScope')}</dt>
                <dd>{s.dataScope.join(', ')}</dd>
            </dl>
            <UseAction summary={s} config={props.config} onUsed={props.onUsed} />
            <h3 id="use-log">{t('useLog')}</h3>
            {s.uses.length === 0 ? (
                <p class="muted">{t('noUses')}</p>
            ) : (
                <div class="table-scroll">
                    <table aria-labelledby="use-log">
                        <thead>
                            <tr>
                                <th scope="col" class="num">
                                    {t('useNo')}
                                </th>
                                <th scope="col">{t('time')}</th>
                                <th scope="col">{t('usedBy')}</th>
                                <th scope="col">{t('purpose')}</th>
                                <th scope="col">{t('transaction')}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {s.uses.map((use) => (
                                <tr key={use.ticketId} data-use={use.useNo}>
                                    <td class="num">{use.useNo}</td>
                                    <td>{formatTime(use.time, lang)}</td>
                                    <td>{use.usedBy.mspId}</td>
                                    <td>
                                        <code>{use.purpose}</code>
                                    </td>
                                    <td>
                                        <Hash value={use.txId} />
                                    </td>
                                </tr>
                            ))}
                        </tbody>
                    </table>
                </div>
            )}
        </section>
    );
}

/**
 * The grantee bank may use a granted consent for one inquiry, naming the data items it reads and, for a credit
 * inquiry, the loan it serves; the chaincode checks and logs the use atomically.
 */
function UseAction(props: {
    readonly summary: ConsentSummary;
    readonly config: AppConfig;
    readonly onUsed: () => void;
}): JSX.Element | null {
    const t = useT(CONSOLE_MESSAGES);
    const session = useSession();
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<unknown>();
    const [used, setUsed] = useState<number>();
    const [loanRef, setLoanRef] = useState('');
    const [dataScope, setDataScope] = useState<readonly string[]>(props.summary.dataScope);
    const [problems, setProblems] = useState<readonly string[]>([]);
    const key = useRef(idempotencyKey());
    const { summary: s, config } = props;
    const mayWrite = session?.roles.some((r) => r === 'submitter' || r === 'admin') ?? false;
    if (s.grantee !== config.mspId || s.standing !== 'granted' || !mayWrite) {
        return null;
    }
    async function use(): Promise<void> {
        const form = { loanRef, dataScope };
        const refused = consentUseProblems(s, form);
        setProblems(refused);
        if (refused.length > 0) {
            return;
        }
        setBusy(true);
        setError(undefined);
        try {
            const answer = await api<{ result: { use: { useNo: number } } }>(
                `/v1/consents/${encodeURIComponent(s.consentId)}/uses`,
                {
                    method: 'POST',
                    body: consentUseRequest(s, form),
                    headers: { 'idempotency-key': key.current },
                },
            );
            setUsed(answer.result.use.useNo);
            key.current = idempotencyKey();
            props.onUsed();
        } catch (e) {
            setError(e);
        } finally {
            setBusy(false);
        }
    }
    const label = { loanRef: t('useLoan'), dataScope: t('useDataScope') } as Record<string, string>;
    return (
        <form
            class="panel"
            onSubmit={(event) => {
                event.preventDefault();
                void use();
            }}
        >
            {useNeedsLoan(s.purpose) ? (
                <label class="wide">
                    {t('useLoan')}
                    <input
                        name="useLoanRef"
                        value={loanRef}
                        spellcheck={false}
                        autocomplete="off"
                        onInput={(e) => setLoanRef(e.currentTarget.value)}
                    />
                </label>
            ) : null}
            <fieldset>
                <legend>{t('useDataScope')}</legend>
                {s.dataScope.map((item) => (
                    <label key={item}>
                        <input
                            type="checkbox"
                            name="useDataScope"
                            value={item}
                            checked={dataScope.includes(item)}
                            onChange={(e) =>
                                setDataScope(
                                    e.currentTarget.checked
                                        ? [...dataScope, item]
                                        : dataScope.filter((ticked) => ticked !== item),
                                )
                            }
                        />{' '}
                        <code>{item}</code>
                    </label>
                ))}
            </fieldset>
            <button type="submit" disabled={busy}>
                {t('useConsent')}
            </button>
            {problems.length === 0 ? null : (
                <p role="alert" class="notice notice-error">
                    {t('invalidField', { fields: problems.map((p) => label[p] ?? p).join(', ') })}
                </p>
            )}
            {used === undefined ? null : (
                <p role="status" class="notice notice-ok">
                    {t('used', { n: used })}
                </p>
            )}
            {error ? <ErrorNotice error={error} /> : null}
        </form>
    );
}
