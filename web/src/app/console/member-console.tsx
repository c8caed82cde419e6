import { type JSX } from 'preact';
import { useAppConfig } from '../../common/app-config.ts';
import { useT } from '../../common/i18n.ts';
import { href } from '../../common/router.ts';
import { Loading, Page } from '../../common/ui.tsx';
import { type AreaProps } from '../areas.ts';
import './console.css';
import { CONSOLE_MESSAGES } from './console-messages.ts';
import { ConsentPage } from './consent-page.tsx';
import { LoanChainPage, LoanLookup } from './loan-chain-page.tsx';
import { PartnersPage } from './partners-page.tsx';
import { RegisterPage } from './register-page.tsx';

/** The console's sections: `#/console/<section>/...`. */
type Section = 'loans' | 'register' | 'consents' | 'partners';

/**
 * The member console of platforms and banks: a loan's evidence chain, registering a document hashed in the
 * browser, a consent's status and use log, and a bank's partner admissions.
 */
export function MemberConsole(props: AreaProps): JSX.Element {
    const t = useT(CONSOLE_MESSAGES);
    const config = useAppConfig();
    const [first, second] = props.path;
    const section: Section = first === 'register' || first === 'consents' || first === 'partners' ? first : 'loans';
    if (!config) {
        return <Loading />;
    }
    const isBank = config.memberRoles.includes('bank');
    const sections: readonly Section[] = isBank
        ? ['loans', 'register', 'consents', 'partners']
        : ['loans', 'register', 'consents'];
    const label: Record<Section, string> = {
        loans: t('lookup'),
        register: t('register'),
        consents: t('consents'),
        partners: t('partners'),
    };
    const tabs = (
        <nav aria-label={t('sections')} class="tabs">
            {sections.map((s) => (
                <a
                    key={s}
                    href={href('console', ...(s === 'loans' ? [] : [s]))}
                    aria-current={s === section ? 'page' : undefined}
                >
                    {label[s]}
                </a>
            ))}
        </nav>
    );
    const page = (): JSX.Element => {
        switch (section) {
            case 'register':
                return <RegisterPage config={config} loanRef={props.query.get('loan') ?? ''} />;
            case 'consents':
                return <ConsentPage config={config} consentId={second} />;
            case 'partners':
                return <PartnersPage isBank={isBank} />;
            default:
                return first === 'loans' && second ? <LoanChainPage loanRef={second} /> : <LoanLookup />;
        }
    };
    return (
        <Page title={`${t('title')} · ${label[section]}`} nav={props.nav} actions={props.actions}>
            {tabs}
            {page()}
        </Page>
    );
}
