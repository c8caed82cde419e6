import { type PackageVerification } from '@lendledger/verifier/package';
import { type JSX } from 'preact';
import { useT } from '../common/i18n.ts';
import { CheckList } from './check-list.tsx';
import { CHECK_WORDS, PACKAGE_CHECK_WORDS } from './check-words.ts';
import { MESSAGES } from './messages.ts';
import { focusOnShow } from './focus-on-show.ts';

const TRUST = { pinned: 'packageTrustPinned', package: 'packageTrustPackage', none: 'packageTrustNone' } as const;

/** A verified case package: the verdict, which roots it was judged by, each package check and each receipt's. */
export function PackageResult(props: {
    readonly verification: PackageVerification;
    readonly name: string;
}): JSX.Element {
    const t = useT(MESSAGES);
    const { verification } = props;
    return (
        <section aria-labelledby="package-verdict" class="result">
            <div
                role={verification.ok ? 'status' : 'alert'}
                class={`notice ${verification.ok ? 'notice-ok' : 'notice-error'}`}
                data-verdict={verification.ok ? 'verified' : 'failed'}
            >
                <h2 id="package-verdict" tabIndex={-1} ref={focusOnShow}>
                    {verification.ok ? t('packageVerified') : t('packageNotVerified')}
                </h2>
                <p>
                    {props.name} · {t('packageCase')} <code>{verification.caseId ?? '—'}</code> ·{' '}
                    {t(TRUST[verification.trust])}
                </p>
                {verification.roots ? (
                    <p>
                        {t('rootsVersion')} {verification.roots.version} · {t('rootsPin')}:{' '}
                        <code class="pin">{verification.roots.sha256}</code>
                    </p>
                ) : null}
            </div>
            <CheckList checks={verification.checks} words={PACKAGE_CHECK_WORDS} label={t('package')} />
            {verification.receipts.length > 0 ? (
                <>
                    <h2>{t('packageReceipts')}</h2>
                    {verification.receipts.map((receipt) => (
                        <details key={receipt.path}>
                            <summary>
                                <span class={`badge ${receipt.result.ok ? 'ok' : 'bad'}`}>
                                    {receipt.result.ok ? t('pass') : t('fail')}
                                </span>{' '}
                                <code>{receipt.path}</code>
                            </summary>
                            <CheckList checks={receipt.result.checks} words={CHECK_WORDS} label={receipt.path} />
                        </details>
                    ))}
                </>
            ) : null}
        </section>
    );
}
