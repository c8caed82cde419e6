import { type SignatureVerifier } from '../crypto/signature-verifier.js';
import { loadEffectiveRoots, type RootsFiles } from '../node/effective-roots.js';
import { type RootsBundle } from '../roots/roots-bundle.js';
import { RootsGovernanceError } from '../roots/roots-governance-error.js';

/**
 * The effective roots bundle, or undefined after printing why the pinned bundle or an update does not bind: that is
 * a failed check of the evidence (exit status 1), not a command that could not run.
 */
export async function rootsOrRefusal(files: RootsFiles, verifier: SignatureVerifier): Promise<RootsBundle | undefined> {
    try {
        return await loadEffectiveRoots(files, verifier);
    } catch (error) {
        if (error instanceof RootsGovernanceError) {
            process.stdout.write(`roots bundle refused: ${error.code}: ${error.message}\n`);
            return undefined;
        }
        throw error;
    }
}
