import { type JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../../common/api.ts';
import { useT } from '../../common/i18n.ts';
import { claimsOf, signIn } from '../../common/session.ts';
import { ErrorNotice, Page } from '../../common/ui.tsx';
import { returnRouteOf } from './callback-url.ts';
import { SIGN_IN_MESSAGES } from './sign-in-messages.ts';

const ROLES = ['submitter', 'auditor', 'admin'] as const;

/**
 * Development sign-in: pick one of the gateway's users and roles, and the gateway's development issuer
 * (`POST /dev/token`) signs a token for them. Only a gateway in development mode offers it.
 */
export function DevSignIn(props: { readonly mspId: string; readonly subjects: readonly string[] }): JSX.Element {
    const t = useT(SIGN_IN_MESSAGES);
    const [error, setError] = useState<unknown>();
    const [noRole, setNoRole] = useState(false);
    const [busy, setBusy] = useState(false);
    const submit = async (event: Event): Promise<void> => {
        event.preventDefault();
        const form = new FormData(event.currentTarget as HTMLFormElement);
        const roles = ROLES.filter((r) => form.get(r) === 'on');
        setNoRole(roles.length === 0);
        if (roles.length === 0) {
            return;
        }
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
                org: props.mspId,
                roles,
                expiresAt: Number(claims.exp),
                via: 'development',
            });
            location.hash = returnRouteOf(location.hash);
        } catch (caught) {
            setError(caught);
        } finally {
            setBusy(false);
        }
    };
    return (
        <Page title={t('title', { org: props.mspId })}>
            <div class="notice" role="note">
                <strong>{t('devTitle')}</strong>
                <p>{t('devNote')}</p>
                <p class="muted">{t('devWhy')}</p>
            </div>
            <form onSubmit={(event) => void submit(event)} class="panel signin-form" noValidate>
                <label>
                    {t('user')}
                    <select name="subject" aria-describedby="signin-user-help">
                        {props.subjects.map((s) => (
                            <option key={s} value={s}>
                                {s}
                            </option>
                        ))}
                    </select>
                    <span id="signin-user-help" class="muted">
                        {t('userHelp')}
                    </span>
                </label>
                <fieldset aria-describedby={noRole ? 'signin-role-error' : 'signin-role-help'}>
                    <legend>{t('roles')}</legend>
                    <p id="signin-role-help" class="muted">
                        {t('rolesHelp')}
                    </p>
                    {ROLES.map((r) => (
                        <label key={r} class="inline">
                            <input type="checkbox" name={r} defaultChecked={r !== 'admin'} />
                            <span>
                                {t(r)} <span class="muted">— {t(`${r}Help`)}</span>
                            </span>
                        </label>
                    ))}
                    {noRole ? (
                        <p id="signin-role-error" role="alert" class="notice notice-error">
                            {t('noRole')}
                        </p>
                    ) : null}
                </fieldset>
                <button type="submit" disabled={busy} aria-busy={busy}>
                    {busy ? t('signingIn') : t('submit')}
                </button>
            </form>
            {error ? <ErrorNotice error={error} /> : null}
        </Page>
    );
}
