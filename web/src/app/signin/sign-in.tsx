import { type JSX } from 'preact';
import { type AppConfig } from '../../common/app-config.ts';
import { useT } from '../../common/i18n.ts';
import { Page } from '../../common/ui.tsx';
import { DevSignIn } from './dev-sign-in.tsx';
import { OidcSignIn } from './oidc-sign-in.tsx';
import { SIGN_IN_MESSAGES } from './sign-in-messages.ts';
import './sign-in.css';

/**
 * Sign-in as the gateway serving the page configures it (`/app/config.json`): OpenID Connect in production
 * (oidc-sign-in.tsx), a user picker through the development issuer in development (dev-sign-in.tsx), or an
 * explanation when neither is set up.
 */
export function SignIn(props: { readonly config: AppConfig }): JSX.Element {
    const t = useT(SIGN_IN_MESSAGES);
    const { config } = props;
    switch (config.signIn.mode) {
        case 'oidc':
            return <OidcSignIn mspId={config.mspId} settings={config.signIn} />;
        case 'development':
            return <DevSignIn mspId={config.mspId} subjects={config.signIn.subjects} />;
        default:
            return (
                <Page title={t('noneTitle')}>
                    <p role="alert" class="notice notice-error">
                        {t('none')}
                    </p>
                </Page>
            );
    }
}
