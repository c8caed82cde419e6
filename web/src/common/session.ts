import { useEffect, useState } from 'preact/hooks';

/** The signed-in user: the bearer token and what it says. Kept in sessionStorage, so closing the tab signs out. */
export interface Session {
    readonly token: string;
    readonly subject: string;
    readonly org: string;
    readonly roles: readonly string[];
    /** Seconds since the epoch. */
    readonly expiresAt: number;
    /** How the user signed in. */
    readonly via: 'development' | 'oidc';
}

const STORAGE_KEY = 'lendledger.session';
const listeners = new Set<(session: Session | undefined) => void>();

/** The session, if one is stored and not expired. */
export function currentSession(): Session | undefined {
    try {
        const raw = sessionStorage.getItem(STORAGE_KEY);
        if (!raw) {
            return undefined;
        }
        const session = JSON.parse(raw) as Session;
        return session.expiresAt * 1000 > Date.now() ? session : undefined;
    } catch {
        return undefined;
    }
}

/** Stores the session after a sign-in. */
export function signIn(session: Session): void {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    notify(session);
}

/** Forgets the session. */
export function signOut(): void {
    sessionStorage.removeItem(STORAGE_KEY);
    notify(undefined);
}

function notify(session: Session | undefined): void {
    for (const listener of listeners) {
        listener(session);
    }
}

/** The session, re-rendering the component on sign-in and sign-out. */
export function useSession(): Session | undefined {
    const [session, setSession] = useState(currentSession);
    useEffect(() => {
        listeners.add(setSession);
        return () => listeners.delete(setSession);
    }, []);
    return session;
}

/** Reads the claims of a JWT without checking it (the gateway checks it on every request). */
export function claimsOf(token: string): Record<string, unknown> {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<
        string,
        unknown
    >;
}
