import {
    parseRootsBundle,
    ROOTS_FORMATS,
    rootsBodyHash,
    verifyRootsBundle,
    type RootsBundle,
} from '@lendledger/verifier/verify';

/** Where the roots a verification used came from. */
export type RootsSource = 'gateway' | 'file' | 'cached';

/** The roots bundle a verification trusts, and what a clerk compares with the published pin. */
export interface RootsInUse {
    readonly bundle: RootsBundle;
    readonly text: string;
    /** Lower-case hex SHA-256 of the canonical body: the pin (`Roots-Body-SHA256`). */
    readonly bodyHash: string;
    readonly source: RootsSource;
    /** Whether the body was checked against a pin the visitor typed (published by a court or the consortium). */
    readonly pinned: boolean;
}

const CACHE_KEY = 'lendledger.verify.roots';

/**
 * Reads a roots bundle and checks that it binds, as the verifier's command line does before it trusts one: its
 * CRLs are signed by their organisations' CAs and version 1 is signed by admins of a strict majority of its
 * members. With `pin` (the published value the visitor typed), its body must hash to it, and the roots are marked
 * pinned; without, they are marked not pinned, whatever their source (a gateway's own pin header proves nothing).
 *
 * @throws RootsBundleError (ROOTS_BUNDLE_INVALID) or RootsGovernanceError (ROOTS_*) naming what failed.
 */
export async function establishRoots(text: string, source: RootsSource, pin?: string): Promise<RootsInUse> {
    const bundle = parseRootsBundle(text);
    const bodyHash = rootsBodyHash(bundle);
    const wanted = pin?.trim().toLowerCase();
    await verifyRootsBundle(bundle, wanted ? { pin: wanted } : {});
    return { bundle, text, bodyHash, source, pinned: Boolean(wanted) };
}

/**
 * The roots already in use, checked again against the pin typed now: a pin typed (or changed) after the roots
 * were loaded binds them on this run too, online and offline alike.
 *
 * @throws RootsGovernanceError (ROOTS_PIN_MISMATCH) when the body hashes to another value.
 */
export async function pinnedAgain(roots: RootsInUse, pin: string | undefined): Promise<RootsInUse> {
    return establishRoots(roots.text, roots.source, pin);
}

/** Whether a JSON document is a roots bundle (`lendledger-roots/2` or `/3`) rather than a receipt (by its `format`). */
export function isRootsDocument(json: unknown): boolean {
    const format = typeof json === 'object' && json !== null ? (json as { format?: unknown }).format : undefined;
    return (ROOTS_FORMATS as readonly unknown[]).includes(format);
}

/** Keeps the roots text in this browser, so that a later offline verification can use them. */
export function rememberRoots(text: string): void {
    try {
        localStorage.setItem(CACHE_KEY, text);
    } catch {
        // Private browsing or a full store: the roots are then simply not remembered.
    }
}

/** The roots remembered in this browser, if any. */
export function rememberedRoots(): string | undefined {
    try {
        return localStorage.getItem(CACHE_KEY) ?? undefined;
    } catch {
        return undefined;
    }
}
