import { type SignatureVerifier } from '../crypto/signature-verifier.js';
import { fromUtf8 } from '../encoding/bytes.js';
import { parseRootsBundle, RootsBundleError, type RootsBundle } from '../roots/roots-bundle.js';
import { followRootsUpdates, rootsBodyHash, verifyOwnRootsBundle } from '../roots/roots-governance.js';
import { ROOTS_GOVERNANCE_CODES, RootsGovernanceError } from '../roots/roots-governance-error.js';
import { TrustStore } from '../roots/trust-store.js';
import { trustStoreFor } from '../roots/trust-store-factory.js';
import { packageCheck, type PackageCheckResult } from './package-check.js';
import { PACKAGE_FILES } from './package-format.js';

/** What the caller pinned: a bundle (or its store), the updates received since, and the hash recorded at pinning. */
export interface PinnedRoots {
    /**
     * The bundle a court pinned. Without it, a `pin` names the package's own `roots.json`; without both, the
     * package's own bundle is trusted when a strict majority of its own members signed it, and the result says so.
     */
    readonly roots?: RootsBundle | TrustStore;
    /** Signed later versions, oldest first, each signed by a majority of the version before it. */
    readonly updates?: readonly RootsBundle[];
    /** Lower-case hex SHA-256 of the pinned bundle's canonical body, as recorded when it was pinned. */
    readonly pin?: string;
}

/** Which roots the receipts and the report were checked against. */
export type PackageTrust = 'pinned' | 'package' | 'none';

/** The effective bundle: the version every check took its policy and roots from. */
export interface EffectiveRoots {
    readonly version: number;
    /** Lower-case hex SHA-256 of its canonical body. */
    readonly sha256: string;
}

/** The outcome of the `trusted-roots` check, and what to check the receipts and the report against. */
export interface PackageRootsVerdict {
    /** Undefined when nothing can be trusted; set (to the caller's roots) even when the package's bundle is refused. */
    readonly trust: TrustStore | undefined;
    readonly kind: PackageTrust;
    readonly check: PackageCheckResult;
    readonly effective: EffectiveRoots | undefined;
}

/**
 * Decides which roots govern a package, and whether the package's own `roots.json` may be relied on.
 *
 * - Pinned: the pinned bundle and the updates must bind ({@link followRootsUpdates}); the package's bundle must then
 *   be one of the versions reached, or a signed update of the last (which is then followed). Receipts are checked
 *   against the effective version even when the package's bundle is refused, so the result shows both.
 * - Not pinned: the package's bundle must be signed by a strict majority of its own members
 *   ({@link verifyOwnRootsBundle}); it is then trusted and the check says so plainly.
 *
 * Every refusal names its ROOTS_* code.
 */
export async function packageRoots(
    own: Uint8Array | undefined,
    options: PinnedRoots,
    verifier: SignatureVerifier,
): Promise<PackageRootsVerdict> {
    const ownBundle = own === undefined ? undefined : readOwn(own);
    if (options.roots !== undefined || options.pin !== undefined) {
        return pinnedRoots(ownBundle, options, verifier);
    }
    if (ownBundle === undefined || ownBundle instanceof RootsBundleError) {
        return refused(ownBundle === undefined ? noneGiven() : invalid(ownBundle));
    }
    try {
        const { signers } = await verifyOwnRootsBundle(ownBundle, { signatureVerifier: verifier });
        const effective = effectiveOf(ownBundle);
        return {
            trust: trustStoreFor(ownBundle, verifier),
            kind: 'package',
            effective,
            check: packageCheck(
                'trusted-roots',
                'pass',
                `trusting the package's own roots bundle (${PACKAGE_FILES.roots}, version ${effective.version}, SHA-256 ${effective.sha256}), because no bundle was pinned: admins of ${signers.length} of its ${ownBundle.members.length} members signed it (${signers.join(', ')}), but whoever made the package chose it; pin the bundle you trust to check against it`,
            ),
        };
    } catch (error) {
        return refused(`${PACKAGE_FILES.roots} does not bind: ${codedReason(error)}`);
    }
}

/** The pinned bundle, the versions the updates reach, and how to turn a judgement into a verdict. */
interface FollowedPin {
    readonly pinned: RootsBundle;
    readonly chain: readonly RootsBundle[];
    readonly effective: RootsBundle;
    /** Names the effective version and how it was reached, for reasons. */
    readonly reached: string;
    readonly verdict: (bundle: RootsBundle, status: 'pass' | 'fail', reason: string) => PackageRootsVerdict;
    readonly verifier: SignatureVerifier;
}

async function pinnedRoots(
    ownBundle: RootsBundle | RootsBundleError | undefined,
    options: PinnedRoots,
    verifier: SignatureVerifier,
): Promise<PackageRootsVerdict> {
    const followed = await followPin(ownBundle, options, verifier);
    if ('check' in followed) {
        return followed;
    }
    const { effective, reached, verdict } = followed;
    if (ownBundle === undefined) {
        return verdict(
            effective,
            'pass',
            `the pinned roots, ${reached}; the package carries no ${PACKAGE_FILES.roots}`,
        );
    }
    if (ownBundle instanceof RootsBundleError) {
        return verdict(
            effective,
            'fail',
            `${invalid(ownBundle)}; receipts checked against the pinned roots, ${reached}`,
        );
    }
    return judgeOwn(ownBundle, followed);
}

/** Follows the caller's updates from the pinned bundle (the package's own when only a hash is pinned). */
async function followPin(
    ownBundle: RootsBundle | RootsBundleError | undefined,
    options: PinnedRoots,
    fallback: SignatureVerifier,
): Promise<FollowedPin | PackageRootsVerdict> {
    const store = options.roots instanceof TrustStore ? options.roots : undefined;
    const pinned = pinnedBundle(options.roots) ?? ownBundle;
    if (pinned === undefined || pinned instanceof RootsBundleError) {
        const why = pinned === undefined ? 'absent' : pinned.message;
        return refused(`the pin names the package's own ${PACKAGE_FILES.roots}, which is ${why}`);
    }
    const verifier = store?.verifier ?? fallback;
    const chain = [pinned, ...(options.updates ?? [])];
    let effective: RootsBundle;
    try {
        effective = await followRootsUpdates(pinned, chain.slice(1), {
            signatureVerifier: verifier,
            ...(options.pin === undefined ? {} : { pin: options.pin }),
        });
    } catch (error) {
        return refused(`the pinned bundle or an update does not bind: ${codedReason(error)}`);
    }
    return {
        pinned,
        chain,
        effective,
        verifier,
        reached: `version ${effective.version} (SHA-256 ${rootsBodyHash(effective)}), reached from the pinned version ${pinned.version} by ${chain.length - 1} signed updates`,
        verdict: (bundle, status, reason) => ({
            // The caller's store keeps the chains it has already checked.
            trust: store !== undefined && bundle === store.bundle ? store : trustStoreFor(bundle, verifier),
            kind: 'pinned',
            effective: effectiveOf(bundle),
            check: packageCheck('trusted-roots', status, reason),
        }),
    };
}

/** The package's bundle must be a version the pin reaches, or the next one signed by a majority of the last. */
async function judgeOwn(
    own: RootsBundle,
    { pinned, chain, effective, reached, verdict, verifier }: FollowedPin,
): Promise<PackageRootsVerdict> {
    const ownHash = rootsBodyHash(own);
    const at = chain.findIndex((bundle) => rootsBodyHash(bundle) === ownHash);
    if (at >= 0) {
        const which =
            at === 0 ? 'is the pinned bundle' : `is version ${own.version}, reached from the pin by signed updates`;
        return verdict(effective, 'pass', `the package's ${PACKAGE_FILES.roots} ${which}; checked against ${reached}`);
    }
    const notReached = `the package's ${PACKAGE_FILES.roots} is not reached from the pin`;
    if (own.version > effective.version) {
        // The package may carry the consortium's next version: it binds if a majority of the effective one signed it.
        try {
            const next = await followRootsUpdates(effective, [own], { signatureVerifier: verifier });
            return verdict(
                next,
                'pass',
                `the package's ${PACKAGE_FILES.roots} is version ${next.version} (SHA-256 ${ownHash}), a signed update of ${reached}: followed`,
            );
        } catch (error) {
            const gap =
                error instanceof RootsGovernanceError && error.code === ROOTS_GOVERNANCE_CODES.versionNotNext
                    ? ' (give the versions in between as updates)'
                    : '';
            return verdict(
                effective,
                'fail',
                `${notReached}: ${codedReason(error)}${gap}; receipts checked against ${reached}`,
            );
        }
    }
    const same = chain.find((bundle) => bundle.version === own.version);
    const instead =
        same === undefined
            ? `older than the pinned version ${pinned.version}`
            : `version ${same.version} reached from the pin hashes to ${rootsBodyHash(same)}`;
    return verdict(
        effective,
        'fail',
        `${notReached}: ${ROOTS_GOVERNANCE_CODES.pinMismatch}: its version ${own.version} hashes to ${ownHash}, but ${instead}; receipts checked against ${reached}`,
    );
}

/** The bundle the caller pinned, if any (a store's own bundle). */
function pinnedBundle(roots: RootsBundle | TrustStore | undefined): RootsBundle | undefined {
    return roots instanceof TrustStore ? roots.bundle : roots;
}

function readOwn(own: Uint8Array): RootsBundle | RootsBundleError {
    try {
        return parseRootsBundle(fromUtf8(own));
    } catch (error) {
        if (error instanceof RootsBundleError) {
            return error;
        }
        throw error;
    }
}

function effectiveOf(bundle: RootsBundle): EffectiveRoots {
    return { version: bundle.version, sha256: rootsBodyHash(bundle) };
}

function noneGiven(): string {
    return `no roots bundle pinned and the package has no ${PACKAGE_FILES.roots}`;
}

function invalid(error: RootsBundleError): string {
    return `${PACKAGE_FILES.roots}: ${error.code}: ${error.message}`;
}

function refused(reason: string): PackageRootsVerdict {
    return {
        trust: undefined,
        kind: 'none',
        effective: undefined,
        check: packageCheck('trusted-roots', 'fail', reason),
    };
}

/** `CODE: message` of a governance or bundle error; anything else is a defect and is thrown on. */
function codedReason(error: unknown): string {
    if (error instanceof RootsGovernanceError || error instanceof RootsBundleError) {
        return `${error.code}: ${error.message}`;
    }
    throw error;
}
