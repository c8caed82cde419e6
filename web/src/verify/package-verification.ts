import { verifyPackage, type PackageVerification } from '@lendledger/verifier/package';
import { type RootsInUse } from './roots-in-use.ts';

/**
 * Verifies a case package (zip) offline. The package code (and fflate) is imported statically, so a package dropped
 * with no network at all still verifies: nothing is fetched when the zip arrives (the page-size budget counts it).
 * With roots in use they are the pinned bundle the package's own `roots.json` must agree with; without, the
 * package's bundle is trusted only if a strict majority of its own members signed it, and the result says so.
 */
export async function verifyPackageBytes(bytes: Uint8Array, roots?: RootsInUse): Promise<PackageVerification> {
    return verifyPackage(bytes, roots ? { roots: roots.bundle, pin: roots.bodyHash } : {});
}
