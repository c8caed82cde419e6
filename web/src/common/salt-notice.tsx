import { type JSX } from 'preact';
import { useT, type Messages } from './i18n.ts';
import './salt-notice.css';
import { ErrorNotice } from './ui.tsx';
import { type FileFingerprint } from './use-file-fingerprint.ts';

const M: Messages<'hashing' | 'salt' | 'fingerprint' | 'saltKeep' | 'newSalt'> = {
    'zh-CN': {
        hashing: '正在计算指纹…',
        salt: '盐值',
        fingerprint: '指纹',
        saltKeep: '请把此盐值与文件一起妥善保存：盐值不上链，没有它任何人都无法证明文件与指纹相符。',
        newSalt: '换一个盐值',
    },
    en: {
        hashing: 'Computing the fingerprint…',
        salt: 'Salt',
        fingerprint: 'Fingerprint',
        saltKeep:
            'Keep this salt with the file: it is not on the ledger, and without it nobody can show that the file matches its fingerprint.',
        newSalt: 'Draw another salt',
    },
};

/**
 * What hashing a chosen file shows: its progress, a failure, and then the salt with the fingerprint and the
 * instruction to keep the salt with the file; another salt only when asked for.
 */
export function SaltNotice(props: { readonly document: FileFingerprint }): JSX.Element {
    const t = useT(M);
    const d = props.document;
    return (
        <>
            {d.file && d.progress && !d.fingerprint && !d.error ? (
                <label class="wide">
                    {t('hashing')}
                    <progress max={d.progress.total || 1} value={d.progress.hashed} />
                </label>
            ) : null}
            {d.error ? <ErrorNotice error={d.error} /> : null}
            {d.salt ? (
                <div class="notice salt" role="note">
                    <dl class="facts">
                        <dt>{t('salt')}</dt>
                        <dd>
                            <code class="mono wrap" data-salt={d.salt}>
                                {d.salt}
                            </code>
                        </dd>
                        {d.fingerprint ? (
                            <>
                                <dt>{t('fingerprint')}</dt>
                                <dd>
                                    <code class="mono wrap" data-fingerprint={d.fingerprint}>
                                        {d.fingerprint}
                                    </code>
                                </dd>
                            </>
                        ) : null}
                    </dl>
                    <p>
                        <strong>{t('saltKeep')}</strong>
                    </p>
                    <button type="button" class="secondary" onClick={d.redraw}>
                        {t('newSalt')}
                    </button>
                </div>
            ) : null}
        </>
    );
}
