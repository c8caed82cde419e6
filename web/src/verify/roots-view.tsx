import { type JSX } from 'preact';
import { useT } from '../common/i18n.ts';
import { MESSAGES } from './messages.ts';
import { type RootsInUse } from './roots-in-use.ts';

const SOURCE = { gateway: 'rootsFromGateway', file: 'rootsFromFile', cached: 'rootsCached' } as const;

/** Which roots a verification trusted, with the pin in full so a clerk can compare it with the published one. */
export function RootsView(props: { readonly roots: RootsInUse }): JSX.Element {
    const t = useT(MESSAGES);
    const { roots } = props;
    return (
        <section class="panel" aria-labelledby="roots-used">
            <h2 id="roots-used">{t('rootsUsed')}</h2>
            <p>
                {roots.bundle.network} · {t('rootsVersion')} {roots.bundle.version} · {t(SOURCE[roots.source])}
            </p>
            <p>
                {t('rootsPin')}: <code class="pin">{roots.bodyHash}</code>
            </p>
            <p class="muted">{t('rootsPinHelp')}</p>
        </section>
    );
}
