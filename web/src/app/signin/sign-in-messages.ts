import { type Messages } from '../../common/i18n.ts';
import { type SignInFailureKind } from './sign-in-failure.ts';

type Key =
    | 'title'
    | 'devTitle'
    | 'devNote'
    | 'devWhy'
    | 'user'
    | 'userHelp'
    | 'roles'
    | 'rolesHelp'
    | 'submit'
    | 'signingIn'
    | 'submitter'
    | 'submitterHelp'
    | 'auditor'
    | 'auditorHelp'
    | 'admin'
    | 'adminHelp'
    | 'noRole'
    | 'oidcIntro'
    | 'oidcSignIn'
    | 'redirecting'
    | 'completing'
    | 'signedOut'
    | 'logoutAtIssuer'
    | 'logoutAtIssuerHelp'
    | 'tryAgain'
    | 'failureTitle'
    | 'technical'
    | 'noneTitle'
    | 'none'
    | `fail_${SignInFailureKind}`;

/** The sign-in page's messages, 简体中文 and English. */
export const SIGN_IN_MESSAGES: Messages<Key> = {
    'zh-CN': {
        title: '登录 {org}',
        devTitle: '开发模式登录',
        devNote: '这是开发模式：令牌由本网关的开发签发者签发，只用于本地开发和测试。',
        devWhy: '生产环境的网关不提供此页面，而是通过贵机构的身份提供方（OpenID Connect）登录。',
        user: '用户',
        userHelp: '网关以该用户的 Fabric 身份签名交易。',
        roles: '角色',
        rolesHelp: '至少选择一个角色。',
        submit: '登录',
        signingIn: '正在登录…',
        submitter: '提交者',
        submitterHelp: '可以读取和写入',
        auditor: '审计者',
        auditorHelp: '只能读取',
        admin: '管理员',
        adminHelp: '拥有全部权限，包括成员管理',
        noRole: '请至少选择一个角色。',
        oidcIntro: '请使用贵机构的身份提供方账号登录。',
        oidcSignIn: '通过身份提供方登录',
        redirecting: '正在前往身份提供方…',
        completing: '正在完成登录…',
        signedOut: '您已退出 LendLedger。',
        logoutAtIssuer: '同时退出身份提供方',
        logoutAtIssuerHelp: '在共用的电脑上，请同时退出身份提供方，否则下一位使用者无需密码即可再次登录。',
        tryAgain: '重新登录',
        failureTitle: '登录未完成',
        technical: '技术详情',
        noneTitle: '无法登录',
        none: '此网关未配置登录方式。管理员需要设置 web.oidc.issuer 和 web.oidc.clientId（见网关 README 的“Web application sign-in”一节）。',
        fail_denied: '您在身份提供方拒绝了登录，或者您的账号无权使用此应用。',
        fail_issuerError: '身份提供方没有完成登录。',
        fail_stateMismatch:
            '此登录回应不属于在本标签页中发起的登录（可能已过期、已使用过，或被篡改）。为安全起见已拒绝，请重新登录。',
        fail_issuerMismatch: '登录回应来自另一个身份提供方，已拒绝。',
        fail_tokenRefused: '身份提供方拒绝签发令牌（授权码可能已过期或已被使用）。请重新登录。',
        fail_idTokenInvalid: '身份提供方返回的身份令牌未通过校验，已拒绝。',
        fail_issuerUnreachable: '无法连接身份提供方。请稍后再试；如果问题持续，请联系管理员。',
        fail_gatewayRefused: '网关不接受此令牌：您的账号可能不属于本机构，或没有任何角色。',
        fail_unknown: '登录时出现意外错误。',
    },
    en: {
        title: 'Sign in to {org}',
        devTitle: 'Development sign-in',
        devNote:
            "This is development mode: tokens come from this gateway's development issuer and are for local development and tests only.",
        devWhy: "A production gateway has no such page: people sign in through your organisation's identity provider (OpenID Connect).",
        user: 'User',
        userHelp: "The gateway signs transactions with this user's Fabric identity.",
        roles: 'Roles',
        rolesHelp: 'Choose at least one role.',
        submit: 'Sign in',
        signingIn: 'Signing in…',
        submitter: 'Submitter',
        submitterHelp: 'reads and writes',
        auditor: 'Auditor',
        auditorHelp: 'reads only',
        admin: 'Administrator',
        adminHelp: 'everything, including member administration',
        noRole: 'Choose at least one role.',
        oidcIntro: "Sign in with your organisation's identity provider account.",
        oidcSignIn: 'Sign in with the identity provider',
        redirecting: 'Taking you to the identity provider…',
        completing: 'Completing sign-in…',
        signedOut: 'You have signed out of LendLedger.',
        logoutAtIssuer: 'Also sign out of the identity provider',
        logoutAtIssuerHelp:
            'On a shared computer, also sign out of the identity provider, or the next person could sign in again without a password.',
        tryAgain: 'Sign in again',
        failureTitle: 'Sign-in did not complete',
        technical: 'Technical details',
        noneTitle: 'Sign-in unavailable',
        none: 'This gateway has no sign-in configured. An administrator sets web.oidc.issuer and web.oidc.clientId (gateway README, section "Web application sign-in").',
        fail_denied: 'You declined the sign-in at the identity provider, or your account may not use this application.',
        fail_issuerError: 'The identity provider did not complete the sign-in.',
        fail_stateMismatch:
            'This sign-in answer does not belong to a sign-in started in this tab (it may be old, used already, or tampered with). It was refused for your safety; please sign in again.',
        fail_issuerMismatch: 'The sign-in answer came from another identity provider and was refused.',
        fail_tokenRefused:
            'The identity provider refused to issue the tokens (the code may have expired or been used already). Please sign in again.',
        fail_idTokenInvalid: 'The identity token from the identity provider failed its checks and was refused.',
        fail_issuerUnreachable:
            'The identity provider could not be reached. Please try again later; if it persists, contact your administrator.',
        fail_gatewayRefused:
            'The gateway does not accept this token: your account may not belong to this organisation, or has no role.',
        fail_unknown: 'Something unexpected went wrong while signing in.',
    },
};
