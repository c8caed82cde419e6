import { type JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../common/api.ts';
import { useT } from '../../common/i18n.ts';
import { signIn } from '../../common/session.ts';
import { Page } from '../../common/ui.tsx';
import { isAuthorizationResponse, redirectUriOf, returnRouteOf, withoutAuthorizationResponse } from './callback-url.ts';
import { discoverIssuer, endSessionUrl, finishSignIn, startSignIn, type OidcSettings } from './oidc-client.ts';
import { forgetIdTokenHint, idTokenHint, saveIdTokenHint, savePending, takePending } from './pending-sign-in.ts';
import { describeSignInFailure, NoPendingSignInError, type SignInFailure } from './sign-in-failure.ts';
import { SIGN_IN_MESSAGES } from './sign-in-messages.ts';

/** Who the gateway says the caller is (`GET /v1/me`). */
interface Me {
    readonly subject: string;
    readonly org: string;
    readonly mspId: string;
    readonly roles: readonly string[];
}

type View =
    | { readonly step: 'redirecting' }
    | { readonly step: 'completing' }
    | { readonly step: 'signedOut'; readonly logoutUrl: URL | undefined }
    | { readonly step: 'failed'; readonly failure: SignInFailure };

/**
 * Production sign-in: OpenID Connect authorization code flow with PKCE, in the browser, through oauth4webapi.
 * A first visit goes straight to the issuer; its answer (the same page with `code`/`error` and `state`) is checked
 * and redeemed here, and the access token becomes the session once the gateway accepts it (`GET /v1/me`). After a
 * sign-out the page waits for a click instead, so the issuer's own session cannot sign the person straight back in,
 * and offers RP-initiated logout when the issuer advertises it.
 */
export function OidcSignIn(props: { readonly mspId: string; readonly settings: OidcSettings }): JSX.Element {
    const t = useT(SIGN_IN_MESSAGES);
    const { settings } = props;
    const [view, setView] = useState<View>(() =>
        isAuthorizationResponse(new URL(location.href))
            ? { step: 'completing' }
            : idTokenHint(sessionStorage)
              ? { step: 'signedOut', logoutUrl: undefined }
              : { step: 'redirecting' },
    );
    const started = useRef(false);

    const goToIssuer = async (): Promise<void> => {
        setView({ step: 'redirecting' });
        try {
            const issuer = await discoverIssuer(settings);
            const { url, pending } = await startSignIn(
                issuer,
                redirectUriOf(new URL(location.href)),
                returnRouteOf(location.hash),
            );
            forgetIdTokenHint(sessionStorage);
            savePending(sessionStorage, pending);
            location.assign(url.href);
        } catch (error) {
            setView({ step: 'failed', failure: describeSignInFailure(error) });
        }
    };

    const complete = async (): Promise<void> => {
        const callback = new URL(location.href);
        // The code is single-use and short-lived, but it must not linger in the address bar or the history.
        history.replaceState(history.state, '', withoutAuthorizationResponse(callback).href);
        try {
            const pending = takePending(sessionStorage);
            if (!pending) {
                throw new NoPendingSignInError();
            }
            const issuer = await discoverIssuer(settings);
            const tokens = await finishSignIn(issuer, pending, callback);
            const me = await api<Me>('/v1/me', {
                anonymous: true,
                headers: { authorization: `Bearer ${tokens.accessToken}` },
            });
            saveIdTokenHint(sessionStorage, tokens.idToken);
            signIn({
                token: tokens.accessToken,
                subject: me.subject,
                org: me.mspId,
                roles: me.roles,
                expiresAt: tokens.expiresAt,
                via: 'oidc',
            });
            location.hash = pending.returnTo;
        } catch (error) {
            setView({ step: 'failed', failure: describeSignInFailure(error) });
        }
    };

    const offerLogout = async (hint: string): Promise<void> => {
        try {
            const issuer = await discoverIssuer(settings);
            setView({
                step: 'signedOut',
                logoutUrl: endSessionUrl(issuer, hint, redirectUriOf(new URL(location.href))),
            });
        } catch {
            // Without discovery there is no logout to offer; signing in again still works (and reports the failure).
        }
    };

    useEffect(() => {
        if (started.current) {
            return;
        }
        started.current = true;
        const hint = idTokenHint(sessionStorage);
        if (view.step === 'completing') {
            void complete();
        } else if (view.step === 'redirecting') {
            void goToIssuer();
        } else if (hint) {
            void offerLogout(hint);
        }
    }, []);

    return (
        <Page title={t('title', { org: props.mspId })}>
            {view.step === 'redirecting' || view.step === 'completing' ? (
                <p role="status" class="muted">
                    {t(view.step)}
                </p>
            ) : null}
            {view.step === 'signedOut' ? (
                <div class="panel signin-panel">
                    <p role="status">{t('signedOut')}</p>
                    <p>{t('oidcIntro')}</p>
                    <div class="signin-actions">
                        <button type="button" onClick={() => void goToIssuer()}>
                            {t('oidcSignIn')}
                        </button>
                        {view.logoutUrl ? (
                            <a
                                class="button secondary"
                                href={view.logoutUrl.href}
                                aria-describedby="signin-logout-help"
                                onClick={() => forgetIdTokenHint(sessionStorage)}
                            >
                                {t('logoutAtIssuer')}
                            </a>
                        ) : null}
                    </div>
                    {view.logoutUrl ? (
                        <p id="signin-logout-help" class="muted">
                            {t('logoutAtIssuerHelp')}
                        </p>
                    ) : null}
                </div>
            ) : null}
            {view.step === 'failed' ? (
                <div class="panel signin-panel">
                    <div role="alert" class="notice notice-error">
                        <strong>{t('failureTitle')}</strong>
                        <p>{t(`fail_${view.failure.kind}`)}</p>
                    </div>
                    <details>
                        <summary>{t('technical')}</summary>
                        <p>
                            <code class="signin-detail">{view.failure.detail}</code>
                        </p>
                    </details>
                    <div class="signin-actions">
                        <button type="button" onClick={() => void goToIssuer()}>
                            {t('tryAgain')}
                        </button>
                    </div>
                </div>
            ) : null}
        </Page>
    );
}
