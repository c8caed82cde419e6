import { type JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../../common/api.ts';
import { type AppConfig } from '../../common/app-config.ts';
import { useT, type Messages } from '../../common/i18n.ts';
import { claimsOf, signIn } from '../../common/session.ts';
import { ErrorNotice, Page } from '../../common/ui.tsx';

const M: Messages<'title' | 'devNote' | 'user' | 'roles' | 'submit' | 'oidc' | 'submitter' | 'auditor' | 'admin'> = {
    'zh-CN': {
        title: '登录 {org}',
        devNote: '开发模式：由本网关的开发签发者签发令牌，仅用于本地开发和测试。',
        user: '用户',
        roles: '角色',
        submit: '登录',
        oidc: '通过机构身份提供方登录',
        submitter: '提交者',
        auditor: '审计者',
        admin: '管理员',
    },
    en: {
        title: 'Sign in to {org}',
        devNote:
            "Development mode: tokens come from this gateway's development issuer, for local development and tests only.",
        user: 'User',
        roles: 'Roles',
        submit: 'Sign in',
        oidc: "Sign in with your organisation's identity provider",
        submitter: 'Submitter',
        auditor: 'Auditor',
        admin: 'Administrator',
    },
};

const ROLES = ['submitter', 'auditor', 'admin'] as const;

/** Sign-in: in development a user picked through the development issuer; in production OIDC (see oidc.ts). */
export function SignIn(props: { readonly config: AppConfig }): JSX.Element {
    const t = useT(M);
    const { config } = props;
    const [error, setError] = useState<unknown>();
    const [busy, setBusy] = useState(false);
    if (config.signIn.mode !== 'development') {
        return (
            <Page title={t('title', { org: config.mspId })}>
                <p>{t('oidc')}</p>
            </Page>
        );
    }
    const subjects = config.signIn.subjects;
    const submit = async (event: Event): Promise<void> => {
        event.preventDefault();
        const form = new FormData(event.currentTarget as HTMLFormElement);
        const roles = ROLES.filter((r) => form.get(r) === 'on');
        setBusy(true);
        setError(undefined);
        try {
            const { token } = await api<{ token: string }>('/dev/token', {
                method: 'POST',
                anonymous: true,
                body: { subject: form.get('subject'), roles },
            });
            const claims = claimsOf(token);
            signIn({
                token,
                subject: String(claims.sub),
                org: config.mspId,
                roles,
                expiresAt: Number(claims.exp),
                via: 'development',
            });
            location.hash = '#/';
        } catch (caught) {
            setError(caught);
        } finally {
            setBusy(false);
        }
    };
    return (
        <Page title={t('title', { org: config.mspId })}>
            <p class="muted">{t('devNote')}</p>
            <form onSubmit={(event) => void submit(event)} class="panel">
                <label>
                    {t('user')}
                    <select name="subject">
                        {subjects.map((s) => (
                            <option key={s}>{s}</option>
                        ))}
                    </select>
                </label>
                <fieldset>
                    <legend>{t('roles')}</legend>
                    {ROLES.map((r) => (
                        <label key={r} class="inline">
                            <input type="checkbox" name={r} defaultChecked={r !== 'admin'} />
                            {t(r)}
                        </label>
                    ))}
                </fieldset>
                <button type="submit" disabled={busy}>
                    {t('submit')}
                </button>
            </form>
            {error ? <ErrorNotice error={error} /> : null}
        </Page>
    );
}
