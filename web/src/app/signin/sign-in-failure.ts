import * as oauth from 'oauth4webapi';
import { ApiError } from '../../common/api.ts';
import { OidcProtocolError } from './oidc-client.ts';

/** The kinds of sign-in failure a person is told about, each with its own plain-words message. */
export type SignInFailureKind =
    /** The person (or the issuer's policy) declined: `access_denied`. */
    | 'denied'
    /** The issuer answered the authorization request with another error. */
    | 'issuerError'
    /** The answer does not belong to a sign-in started in this tab: no pending sign-in, or another state. */
    | 'stateMismatch'
    /** The answer names another issuer (RFC 9207), or the pending sign-in was for another issuer. */
    | 'issuerMismatch'
    /** The token endpoint refused the code. */
    | 'tokenRefused'
    /** The ID token failed a check (signature, audience, issuer, expiry, nonce). */
    | 'idTokenInvalid'
    /** The issuer could not be reached or its discovery document is unusable. */
    | 'issuerUnreachable'
    /** The gateway refused the access token (wrong audience, organisation or roles). */
    | 'gatewayRefused'
    | 'unknown';

/** A failure as the sign-in page shows it: the kind picks the message, `detail` is the technical reason. */
export interface SignInFailure {
    readonly kind: SignInFailureKind;
    readonly detail: string;
}

/** A callback that arrived with no sign-in pending in this tab (opened elsewhere, replayed, or too old). */
export class NoPendingSignInError extends Error {
    constructor() {
        super('no sign-in was started in this tab, or it is more than 15 minutes old');
        this.name = 'NoPendingSignInError';
    }
}

const ID_TOKEN_CHECKS = new Set<string>([oauth.JWT_CLAIM_COMPARISON, oauth.JWT_TIMESTAMP_CHECK, oauth.KEY_SELECTION]);

/** Classifies an error thrown while signing in, so the page can say what happened in plain words. */
export function describeSignInFailure(error: unknown): SignInFailure {
    const detail = error instanceof Error ? error.message : String(error);
    return describeOAuthError(error) ?? { kind: kindOf(error), detail };
}

/** The issuer's own error answers, whose OAuth error code and description are the detail. */
function describeOAuthError(error: unknown): SignInFailure | undefined {
    if (error instanceof oauth.AuthorizationResponseError) {
        return { kind: error.error === 'access_denied' ? 'denied' : 'issuerError', detail: oauthText(error) };
    }
    if (error instanceof oauth.ResponseBodyError) {
        return { kind: 'tokenRefused', detail: `HTTP ${error.status} ${oauthText(error)}` };
    }
    if (error instanceof ApiError) {
        return { kind: 'gatewayRefused', detail: `${error.code}: ${error.message}` };
    }
    return undefined;
}

function oauthText(error: { readonly error: string; readonly error_description?: string }): string {
    return error.error_description ? `${error.error}: ${error.error_description}` : error.error;
}

const PROTOCOL_KINDS: Readonly<Record<OidcProtocolError['code'], SignInFailureKind>> = {
    DISCOVERY: 'issuerUnreachable',
    ISSUER_CHANGED: 'issuerMismatch',
    NO_ID_TOKEN: 'idTokenInvalid',
    TOKEN_TYPE: 'tokenRefused',
};

function kindOf(error: unknown): SignInFailureKind {
    if (error instanceof NoPendingSignInError) {
        return 'stateMismatch';
    }
    if (error instanceof OidcProtocolError) {
        return PROTOCOL_KINDS[error.code];
    }
    if (error instanceof oauth.OperationProcessingError) {
        return kindOfProcessingError(error);
    }
    // fetch rejects with a TypeError when the issuer cannot be reached (network, CORS, Content-Security-Policy).
    return error instanceof TypeError ? 'issuerUnreachable' : 'unknown';
}

function kindOfProcessingError(error: oauth.OperationProcessingError): SignInFailureKind {
    if (error.code === oauth.INVALID_RESPONSE && error.message.includes('"state"')) {
        return 'stateMismatch';
    }
    if (error.code === oauth.INVALID_RESPONSE && error.message.includes('"iss"')) {
        return 'issuerMismatch';
    }
    if (ID_TOKEN_CHECKS.has(error.code ?? '') || /ID Token|JWT|signature/i.test(error.message)) {
        return 'idTokenInvalid';
    }
    return 'unknown';
}
