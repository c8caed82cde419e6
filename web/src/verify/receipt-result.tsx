import { type JSX } from 'preact';
import { useEffect, useMemo } from 'preact/hooks';
import { formatTime } from '../common/format.ts';
import { useLang, useT } from '../common/i18n.ts';
import { CheckList } from './check-list.tsx';
import { CHECK_WORDS, QUESTION_WORDS } from './check-words.ts';
import { commonName } from './findings.ts';
import { LOOKED_UP_CHECK } from './looked-up.ts';
import { MESSAGES } from './messages.ts';
import { focusOnShow } from './focus-on-show.ts';
import { RootsView } from './roots-view.tsx';
import { type ReceiptVerification } from './run-verification.ts';

const UNPINNED = {
    gateway: 'rootsUnpinnedGateway',
    file: 'rootsUnpinnedFile',
    cached: 'rootsUnpinnedCached',
} as const;

/** A verified receipt in plain words: the verdict, who wrote it and when, who witnessed it, every check, the raw JSON. */
export function ReceiptResult(props: { readonly verification: ReceiptVerification }): JSX.Element {
    const t = useT(MESSAGES);
    const question = useT(QUESTION_WORDS);
    const { facts, result, receiptText, roots, document } = props.verification;
    const download = useMemo(
        () => URL.createObjectURL(new Blob([receiptText], { type: 'application/json' })),
        [receiptText],
    );
    useEffect(() => () => URL.revokeObjectURL(download), [download]);
    const unchanged = facts.findings.find((finding) => finding.question === 'integrity')?.established === true;
    const fileName = `receipt-${(facts.fingerprint ?? 'unknown').replace(':', '-').slice(0, 23)}.json`;
    return (
        <section aria-labelledby="verdict" class="result">
            <Verdict verification={props.verification} />
            <FactsList facts={facts} document={document} unchanged={unchanged} />
            <ul class="findings">
                {facts.findings.map((finding) => (
                    <li key={finding.question}>
                        <span class={`badge ${finding.established ? 'ok' : 'bad'}`}>
                            {finding.established ? t('established') : t('notEstablished')}
                        </span>{' '}
                        {question(finding.question)}
                    </li>
                ))}
            </ul>
            <h2>{t('allChecks')}</h2>
            <CheckList checks={result.checks} words={CHECK_WORDS} label={t('allChecks')} />
            <details>
                <summary>{t('raw')}</summary>
                <pre>{receiptText}</pre>
            </details>
            <p>
                <a class="button" href={download} download={fileName}>
                    {t('download')}
                </a>
            </p>
            <RootsView roots={roots} />
        </section>
    );
}

/** The facts of the receipt as a list of terms: who, when, witnessed by whom, unchanged since, where. */
function FactsList(props: {
    readonly facts: ReceiptVerification['facts'];
    readonly document: ReceiptVerification['document'];
    readonly unchanged: boolean;
}): JSX.Element {
    const t = useT(MESSAGES);
    const lang = useLang();
    const { facts, document, unchanged } = props;
    return (
        <dl class="facts">
            {document ? (
                <>
                    <dt>{t('yourFile')}</dt>
                    <dd>{document.name}</dd>
                </>
            ) : null}
            <dt>{t('fingerprint')}</dt>
            <dd>
                <code class="wrap">{facts.fingerprint ?? '—'}</code>
            </dd>
            <dt>{t('writtenBy')}</dt>
            <dd>{facts.writtenBy ? `${facts.writtenBy.name} (${facts.writtenBy.mspId})` : '—'}</dd>
            <dt>{t('trustedTime')}</dt>
            <dd>
                {facts.trustedTime
                    ? `≤ ${formatTime(facts.trustedTime.time, lang)} · ${commonName(facts.trustedTime.authority)}`
                    : t('noTrustedTime')}
            </dd>
            <dt>{t('clientTime')}</dt>
            <dd>
                {facts.clientTime ? formatTime(facts.clientTime, lang) : '—'}
                <div class="muted">{t('clientTimeNote')}</div>
            </dd>
            <dt>{t('endorsedBy')}</dt>
            <dd>{facts.endorsedBy.length > 0 ? facts.endorsedBy.join(', ') : '—'}</dd>
            <dt>{t('unchanged')}</dt>
            <dd>{unchanged ? t('unchangedYes') : t('unchangedNo')}</dd>
            <dt>
                {t('block')} / {t('transaction')}
            </dt>
            <dd>
                {facts.blockNumber ?? '—'} / <code class="wrap">{facts.transactionId ?? '—'}</code>
            </dd>
        </dl>
    );
}

const NOTICE = {
    verified: { role: 'status', tone: 'notice-ok', lead: 'verifiedLead' },
    failed: { role: 'alert', tone: 'notice-error', lead: 'notVerifiedLead' },
} as const;

/** The heading of the verdict: verified against pinned roots, verified on unpinned roots, or not verified. */
function headingOf(ok: boolean, pinned: boolean): 'verifiedPinned' | 'verifiedUnpinned' | 'notVerified' {
    if (!ok) {
        return 'notVerified';
    }
    return pinned ? 'verifiedPinned' : 'verifiedUnpinned';
}

/**
 * The verdict: verified against pinned roots, verified with roots only this gateway (or a file) vouches for, or not
 * verified with each failed check named; a receipt of another fingerprint than the one looked up says so in words.
 */
function Verdict(props: { readonly verification: ReceiptVerification }): JSX.Element {
    const t = useT(MESSAGES);
    const words = useT(CHECK_WORDS);
    const { facts, result, roots, lookedUpFingerprint } = props.verification;
    const state = facts.ok ? 'verified' : 'failed';
    const mismatch = result.checks.some((check) => check.name === LOOKED_UP_CHECK && check.status === 'fail');
    return (
        <div role={NOTICE[state].role} class={`notice ${NOTICE[state].tone}`} data-verdict={state}>
            <h2 id="verdict" tabIndex={-1} ref={focusOnShow}>
                {t(headingOf(facts.ok, roots.pinned))}
            </h2>
            {mismatch ? (
                <p data-mismatch>
                    {t('lookedUpMismatch', {
                        actual: String(facts.fingerprint),
                        expected: String(lookedUpFingerprint),
                    })}
                </p>
            ) : null}
            <p>{t(NOTICE[state].lead)}</p>
            {facts.failed.length > 0 ? (
                <ul>
                    {facts.failed.map((check) => (
                        <li key={check.name}>
                            {words(check.name)} (<code>{check.name}</code>)
                        </li>
                    ))}
                </ul>
            ) : null}
            <p data-roots={roots.pinned ? 'pinned' : 'unpinned'}>
                {t(roots.pinned ? 'rootsPinnedLead' : UNPINNED[roots.source])}{' '}
                <code class="wrap">{roots.bodyHash}</code>
            </p>
        </div>
    );
}
