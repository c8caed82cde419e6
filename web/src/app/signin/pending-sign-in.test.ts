import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
    forgetIdTokenHint,
    idTokenHint,
    PENDING_MAX_AGE_MS,
    saveIdTokenHint,
    savePending,
    takePending,
    type KeyValueStore,
    type PendingSignIn,
} from './pending-sign-in.ts';

function memoryStore(): KeyValueStore & { readonly items: Map<string, string> } {
    const items = new Map<string, string>();
    return {
        items,
        getItem: (key) => items.get(key) ?? null,
        setItem: (key, value) => void items.set(key, value),
        removeItem: (key) => void items.delete(key),
    };
}

const PENDING: PendingSignIn = {
    issuer: 'https://id.example',
    state: 'state-1',
    nonce: 'nonce-1',
    codeVerifier: 'verifier-1',
    redirectUri: 'https://gw.example/app/',
    returnTo: '#/cases',
    startedAt: 1_000_000,
};

describe('pending sign-in', () => {
    it('gives back the started sign-in once, then nothing (single use)', () => {
        const store = memoryStore();
        savePending(store, PENDING);
        expect(takePending(store, PENDING.startedAt + 1_000)).toEqual(PENDING);
        expect(takePending(store, PENDING.startedAt + 1_000)).toBeUndefined();
    });

    it('refuses a sign-in older than the allowed age, and removes it', () => {
        const store = memoryStore();
        savePending(store, PENDING);
        expect(takePending(store, PENDING.startedAt + PENDING_MAX_AGE_MS + 1)).toBeUndefined();
        expect(store.items.size).toBe(0);
    });

    it('refuses a sign-in dated in the future (a clock moved back or a forged record)', () => {
        const store = memoryStore();
        savePending(store, PENDING);
        expect(takePending(store, PENDING.startedAt - 1)).toBeUndefined();
    });

    it('refuses whatever else is stored under its key', () => {
        fc.assert(
            fc.property(
                fc.oneof(fc.string(), fc.json(), fc.constant(JSON.stringify({ ...PENDING, state: 7 }))),
                (raw) => {
                    const store = memoryStore();
                    store.setItem('lendledger.oidc.pending', raw);
                    expect(takePending(store, PENDING.startedAt)).toBeUndefined();
                    expect(store.items.size).toBe(0);
                },
            ),
        );
    });
});

describe('ID token hint', () => {
    it('is kept until forgotten', () => {
        const store = memoryStore();
        expect(idTokenHint(store)).toBeUndefined();
        saveIdTokenHint(store, 'a.b.c');
        expect(idTokenHint(store)).toBe('a.b.c');
        forgetIdTokenHint(store);
        expect(idTokenHint(store)).toBeUndefined();
    });
});
