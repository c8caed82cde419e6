import { describe, expect, it } from 'vitest';
import { ApiError } from '../../common/api.ts';
import { OidcProtocolError } from './oidc-client.ts';
import { describeSignInFailure, NoPendingSignInError } from './sign-in-failure.ts';

describe('describeSignInFailure', () => {
    it('treats an answer with no sign-in pending in this tab like a state mismatch', () => {
        expect(describeSignInFailure(new NoPendingSignInError()).kind).toBe('stateMismatch');
    });

    it('reports the gateway refusing the access token with its problem code', () => {
        const refused = new ApiError(401, { status: 401, code: 'TOKEN_INVALID', detail: 'unexpected "aud" claim' });
        expect(describeSignInFailure(refused)).toEqual({
            kind: 'gatewayRefused',
            detail: 'TOKEN_INVALID: unexpected "aud" claim',
        });
    });

    it('reports an unreachable issuer (fetch rejects with a TypeError)', () => {
        expect(describeSignInFailure(new TypeError('Failed to fetch')).kind).toBe('issuerUnreachable');
    });

    it.each([
        ['DISCOVERY', 'issuerUnreachable'],
        ['ISSUER_CHANGED', 'issuerMismatch'],
        ['NO_ID_TOKEN', 'idTokenInvalid'],
        ['TOKEN_TYPE', 'tokenRefused'],
    ] as const)('maps the module’s own %s failure to %s', (code, kind) => {
        expect(describeSignInFailure(new OidcProtocolError(code, 'why')).kind).toBe(kind);
    });

    it('keeps anything else as unknown, with its message', () => {
        expect(describeSignInFailure(new Error('boom'))).toEqual({ kind: 'unknown', detail: 'boom' });
        expect(describeSignInFailure('text')).toEqual({ kind: 'unknown', detail: 'text' });
    });
});
