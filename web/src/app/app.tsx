import { type JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { useAppConfig } from '../common/app-config.ts';
import { useT, type Messages } from '../common/i18n.ts';
import { useRouteFocus } from '../common/route-focus.ts';
import { href, navigate, useRoute } from '../common/router.ts';
import { signOut, useSession, type Session } from '../common/session.ts';
import { Loading, Page } from '../common/ui.tsx';
import { CaseDesk } from './cases/case-desk.tsx';
import { MemberConsole } from './console/member-console.tsx';
import { InvestorDashboard } from './investor/investor-dashboard.tsx';
import { SignIn } from './signin/sign-in.tsx';
import { AREAS, areasFor, type Area } from './areas.ts';

const M: Messages<'app' | 'signOut' | 'signedInAs' | Area | 'verify' | 'nothing'> = {
    'zh-CN': {
        app: 'LendLedger',
        signOut: '退出',
        signedInAs: '{subject}（{org}）',
        investor: '投资人看板',
        cases: '案件台',
        console: '成员控制台',
        verify: '公开核验',
        nothing: '此机构的角色没有可用的页面。',
    },
    en: {
        app: 'LendLedger',
        signOut: 'Sign out',
        signedInAs: '{subject} ({org})',
        investor: 'Investor dashboard',
        cases: 'Case desk',
        console: 'Member console',
        verify: 'Public verification',
        nothing: "This organisation's roles have no page here.",
    },
};

/** The signed-in application: sign-in, then the areas this organisation's roles use. */
export function App(): JSX.Element {
    const config = useAppConfig();
    const session = useSession();
    const route = useRoute();
    useRouteFocus(route.segments.join('/'));
    const t = useT(M);
    const [first] = route.segments;
    const areas = config ? areasFor(config.memberRoles) : [];
    const area = AREAS.find((a) => a === first);
    useEffect(() => {
        if (config && session && (area === undefined || !areas.includes(area)) && areas[0] && first !== 'signin') {
            navigate(areas[0]);
        }
    }, [config, session, area, areas.join(), first]);
    if (!config) {
        return <Loading />;
    }
    if (!session || first === 'signin') {
        return <SignIn config={config} />;
    }
    const nav = (
        <>
            {areas.map((a) => (
                <a key={a} href={href(a)} aria-current={a === area ? 'page' : undefined}>
                    {t(a)}
                </a>
            ))}
            <a href="/app/verify/">{t('verify')}</a>
        </>
    );
    const actions = (
        <SessionActions
            session={session}
            signOutLabel={t('signOut')}
            who={t('signedInAs', { subject: session.subject, org: config.mspId })}
        />
    );
    const rest = route.segments.slice(1);
    switch (area) {
        case 'investor':
            return <InvestorDashboard nav={nav} actions={actions} path={rest} query={route.query} />;
        case 'cases':
            return <CaseDesk nav={nav} actions={actions} path={rest} query={route.query} />;
        case 'console':
            return <MemberConsole nav={nav} actions={actions} path={rest} query={route.query} />;
        default:
            return (
                <Page title={t('app')} nav={nav} actions={actions}>
                    {areas.length === 0 ? <p>{t('nothing')}</p> : <Loading />}
                </Page>
            );
    }
}

function SessionActions(props: {
    readonly session: Session;
    readonly who: string;
    readonly signOutLabel: string;
}): JSX.Element {
    return (
        <>
            <span class="muted">{props.who}</span>
            <button type="button" class="secondary" onClick={() => signOut()}>
                {props.signOutLabel}
            </button>
        </>
    );
}
