/**
 * What the browser keeps between leaving for the issuer and coming back: the PKCE verifier, state and nonce. Kept
 * in sessionStorage (this tab only, gone when it closes), used once, and refused when older than
 * {@link PENDING_MAX_AGE_MS} so a stale half-finished sign-in cannot be completed later.
 */
export interface PendingSignIn {
    readonly issuer: string;
    readonly state: string;
    readonly nonce: string;
    readonly codeVerifier: string;
    readonly redirectUri: string;
    /** The application route (hash) to show after sign-in. */
    readonly returnTo: string;
    /** Milliseconds since the epoch. */
    readonly startedAt: number;
}

/** The part of `Storage` this module uses (sessionStorage in the browser, a map in tests). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const PENDING_KEY = 'lendledger.oidc.pending';
const ID_TOKEN_KEY = 'lendledger.oidc.idToken';

/** How long a started sign-in may take at the issuer (log-in, consent, a second factor). */
export const PENDING_MAX_AGE_MS = 15 * 60_000;

/** Remembers a started sign-in, replacing any earlier one. */
export function savePending(store: KeyValueStore, pending: PendingSignIn): void {
    store.setItem(PENDING_KEY, JSON.stringify(pending));
}

/**
 * Takes the started sign-in out of the store (it is single-use whatever happens next). Undefined when there is
 * none, it is malformed, or it is older than {@link PENDING_MAX_AGE_MS}.
 */
export function takePending(store: KeyValueStore, now: number = Date.now()): PendingSignIn | undefined {
    const raw = store.getItem(PENDING_KEY);
    store.removeItem(PENDING_KEY);
    if (raw === null) {
        return undefined;
    }
    let value: unknown;
    try {
        value = JSON.parse(raw);
    } catch {
        return undefined;
    }
    if (!isPending(value)) {
        return undefined;
    }
    const age = now - value.startedAt;
    return age >= 0 && age <= PENDING_MAX_AGE_MS ? value : undefined;
}

function isPending(value: unknown): value is PendingSignIn {
    if (typeof value !== 'object' || value === null) {
        return false;
    }
    const v = value as Record<string, unknown>;
    const texts = ['issuer', 'state', 'nonce', 'codeVerifier', 'redirectUri', 'returnTo'] as const;
    return (
        texts.every((key) => typeof v[key] === 'string') &&
        typeof v.startedAt === 'number' &&
        Number.isFinite(v.startedAt)
    );
}

/** Keeps the ID token of the signed-in user: the hint an RP-initiated logout sends to the issuer. */
export function saveIdTokenHint(store: KeyValueStore, idToken: string): void {
    store.setItem(ID_TOKEN_KEY, idToken);
}

/** The ID token hint, if this tab signed in with OIDC and has not logged out at the issuer since. */
export function idTokenHint(store: KeyValueStore): string | undefined {
    return store.getItem(ID_TOKEN_KEY) ?? undefined;
}

/** Forgets the ID token hint (after logging out at the issuer, or before a new sign-in). */
export function forgetIdTokenHint(store: KeyValueStore): void {
    store.removeItem(ID_TOKEN_KEY);
}
