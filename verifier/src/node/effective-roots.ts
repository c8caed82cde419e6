import { type SignatureVerifier } from '../crypto/signature-verifier.js';
import { type RootsBundle } from '../roots/roots-bundle.js';
import { followRootsUpdates } from '../roots/roots-governance.js';
import { loadRootsBundle } from './load-roots.js';

/** Where a court keeps its roots: the bundle it pinned, its pin, and the updates received since, oldest first. */
export interface RootsFiles {
    readonly roots: string;
    readonly updates?: readonly string[];
    readonly pin?: string;
}

/**
 * Reads the pinned bundle and its updates and follows them: the effective bundle every check then takes its policy
 * and roots from.
 *
 * @throws {@link RootsBundleError} when a file is not a bundle.
 * @throws {@link RootsGovernanceError} when the pinned bundle or an update does not bind.
 */
export async function loadEffectiveRoots(files: RootsFiles, verifier: SignatureVerifier): Promise<RootsBundle> {
    return followRootsUpdates(loadRootsBundle(files.roots), (files.updates ?? []).map(loadRootsBundle), {
        signatureVerifier: verifier,
        ...(files.pin === undefined ? {} : { pin: files.pin }),
    });
}
