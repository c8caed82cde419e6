import { canonicalBytes } from '@lendledger/domain';
import { defaultSignatureVerifier } from '../crypto/default-verifier.js';
import { parseDerSignature } from '../crypto/ecdsa-signature.js';
import { sha256 } from '../crypto/sha256.js';
import { type SignatureVerifier } from '../crypto/signature-verifier.js';
import { fromBase64, toHex } from '../encoding/bytes.js';
import { OIDS, parsePemCertificate, type Certificate } from '../x509/certificate.js';
import { nodeRoleOf } from './identity-certificate.js';
import { checkOrderingChange, consenterOperatorsOf } from './ordering-history.js';
import { rootsBody, type RootsBody, type RootsBundle, type RootsSignature } from './roots-bundle.js';
import { ROOTS_GOVERNANCE_CODES as CODES, RootsGovernanceError } from './roots-governance-error.js';
import { type TrustStore } from './trust-store.js';
import { trustStoreFor } from './trust-store-factory.js';

/** How to judge a roots bundle. */
export interface RootsGovernanceOptions {
    /** ECDSA implementation; WebCrypto (or pure JS where absent) by default. */
    readonly signatureVerifier?: SignatureVerifier;
}

/** The bytes every member admin signs: the canonical JSON (domain's sorted-key encoding) of the bundle's body. */
export function rootsSigningBytes(bundle: RootsBody): Uint8Array {
    return canonicalBytes(rootsBody(bundle));
}

/** Lower-case hex SHA-256 of the canonical body: what a court pins and what the next version names as `previous`. */
export function rootsBodyHash(bundle: RootsBody): string {
    return toHex(sha256(rootsSigningBytes(bundle)));
}

/**
 * Checks a pinned bundle: its body hashes to `pin` (when given), its CRLs are signed by their organisations' CAs,
 * and version 1, which has no predecessor, is governed by itself: admins of a strict majority of its own members
 * signed it. A pinned later version is trusted by its pin alone (its governors are the version before it).
 *
 * @returns the bundle, now binding.
 * @throws {@link RootsGovernanceError} naming the rule that failed.
 */
export async function verifyRootsBundle(
    bundle: RootsBundle,
    options: RootsGovernanceOptions & { readonly pin?: string } = {},
): Promise<RootsBundle> {
    const verifier = options.signatureVerifier ?? defaultSignatureVerifier();
    if (options.pin !== undefined && rootsBodyHash(bundle) !== options.pin.toLowerCase()) {
        throw new RootsGovernanceError(
            CODES.pinMismatch,
            bundle.version,
            `its body hashes to ${rootsBodyHash(bundle)}, not to the pinned ${options.pin}`,
        );
    }
    const store = trustStoreFor(bundle, verifier);
    await checkCrls(bundle, store);
    if (bundle.version === 1) {
        await checkSignatures(bundle, store);
    }
    return bundle;
}

/**
 * Checks a bundle nobody pinned (the one a case package carries) by the only rule left: its CRLs are signed by their
 * organisations' CAs, and admins of a strict majority of its own members signed it, whatever its version. A later
 * version is judged by its own members here, not by the version before it, which the verifier does not have; a
 * bundle that changed its members may then fail, and should be pinned and followed instead.
 *
 * @returns the bundle and the distinct organisations whose admins signed it, sorted.
 * @throws {@link RootsGovernanceError} naming the rule that failed.
 */
export async function verifyOwnRootsBundle(
    bundle: RootsBundle,
    options: RootsGovernanceOptions = {},
): Promise<{ readonly bundle: RootsBundle; readonly signers: readonly string[] }> {
    const store = trustStoreFor(bundle, options.signatureVerifier ?? defaultSignatureVerifier());
    await checkCrls(bundle, store);
    await checkSignatures(bundle, store);
    return { bundle, signers: [...new Set(bundle.signatures.map((s) => s.mspId))].sort() };
}

/**
 * Follows signed updates from a pinned bundle: each must be the current version plus one, name the current
 * version's body hash as `previous`, carry CRLs signed by its own organisations' CAs, be signed by admins of a
 * strict majority of the current version's members, and change the ordering only as {@link checkOrderingChange}
 * allows (history appended to, never rewritten; no return from BFT to Raft; consenters changed only with the consent
 * of organisations running a quorum of the old ones). The pinned bundle itself is checked as
 * {@link verifyRootsBundle} does.
 *
 * @param updates - the updates in order, oldest first.
 * @returns the effective bundle: the last update, or the pinned bundle when there is none.
 * @throws {@link RootsGovernanceError} naming the version and the rule that failed.
 */
export async function followRootsUpdates(
    pinned: RootsBundle,
    updates: readonly RootsBundle[],
    options: RootsGovernanceOptions & { readonly pin?: string } = {},
): Promise<RootsBundle> {
    const verifier = options.signatureVerifier ?? defaultSignatureVerifier();
    let current = await verifyRootsBundle(pinned, options);
    for (const update of updates) {
        if (update.version !== current.version + 1) {
            throw new RootsGovernanceError(
                CODES.versionNotNext,
                update.version,
                `it follows version ${current.version}, so it must be version ${current.version + 1}`,
            );
        }
        const expected = rootsBodyHash(current);
        if (update.previous !== expected) {
            throw new RootsGovernanceError(
                CODES.wrongPrevious,
                update.version,
                `"previous" is ${String(update.previous)}, but version ${current.version} hashes to ${expected}`,
            );
        }
        await checkCrls(update, trustStoreFor(update, verifier));
        // An update cannot have been issued before the version it follows: its self-stated issuedAt is judged no
        // earlier than the governing version's, or admins that version revoked (or let expire) could backdate one.
        const signers = await checkSignatures(update, trustStoreFor(current, verifier), new Date(current.issuedAt));
        checkOrderingChange(current, update, signers);
        current = update;
    }
    return current;
}

async function checkCrls(bundle: RootsBundle, store: TrustStore): Promise<void> {
    const verdict = await store.checkRevocationLists();
    if (!verdict.ok) {
        throw new RootsGovernanceError(CODES.crlInvalid, bundle.version, verdict.reason);
    }
}

/**
 * Every signature must verify (a forged one is refused even when enough others are genuine: a document carrying
 * a forgery is not one a court should rely on), and the distinct members signing must be a strict majority of the
 * governing version's members. Admins of an organisation that runs a consenter but is no member may sign too (a
 * change of consenters needs their consent), without counting towards the majority.
 *
 * @returns every organisation whose admin signed.
 */
async function checkSignatures(bundle: RootsBundle, governing: TrustStore, notBefore?: Date): Promise<Set<string>> {
    const message = rootsSigningBytes(bundle);
    const issuedAt = new Date(bundle.issuedAt);
    const signedAt = notBefore !== undefined && notBefore > issuedAt ? notBefore : issuedAt;
    const members = governing.policy.organisations;
    const everyone = new Set<string>();
    for (const signature of bundle.signatures) {
        await checkSignature(bundle, signature, governing, message, signedAt);
        everyone.add(signature.mspId);
    }
    const signed = new Set([...everyone].filter((mspId) => members.includes(mspId)));
    if (signed.size * 2 <= members.length) {
        throw new RootsGovernanceError(
            CODES.minority,
            bundle.version,
            `signed by ${signed.size} of ${members.length} governing members (${[...signed].sort().join(', ') || 'none'}); a strict majority is ${Math.floor(members.length / 2) + 1}`,
        );
    }
    return everyone;
}

async function checkSignature(
    bundle: RootsBundle,
    { mspId, certificate: pem, signature }: RootsSignature,
    governing: TrustStore,
    message: Uint8Array,
    signedAt: Date,
): Promise<void> {
    const fail = (code: RootsGovernanceError['code'], reason: string): never => {
        throw new RootsGovernanceError(code, bundle.version, `the signature of ${mspId}: ${reason}`, mspId);
    };
    if (!governing.policy.organisations.includes(mspId) && !consenterOperatorsOf(governing.bundle).includes(mspId)) {
        fail(CODES.signerNotMember, `${mspId} is not a member of version ${governing.bundle.version}`);
    }
    let certificate: Certificate;
    try {
        certificate = parsePemCertificate(pem);
    } catch (error) {
        return fail(CODES.signerUntrusted, `the certificate cannot be read: ${(error as Error).message}`);
    }
    const role = nodeRoleOf(certificate);
    if (role !== 'admin') {
        fail(CODES.signerNotAdmin, `${certificate.subject.text} has role ${role ?? 'none'}, not admin`);
    }
    const chain = await governing.validateCertificate(mspId, certificate, signedAt);
    if (!chain.ok) {
        fail(CODES.signerUntrusted, chain.reason);
    }
    if (!(await signatureVerifies(governing.verifier, certificate, message, signature))) {
        fail(CODES.badSignature, `it does not verify over the body with ${certificate.subject.text}'s key`);
    }
}

async function signatureVerifies(
    verifier: SignatureVerifier,
    certificate: Certificate,
    message: Uint8Array,
    base64: string,
): Promise<boolean> {
    let der: Uint8Array;
    try {
        der = fromBase64(base64);
    } catch {
        return false;
    }
    const parsed = parseDerSignature(der);
    if (parsed === undefined || certificate.publicKey.curve !== OIDS.p256) {
        return false;
    }
    return verifier.verify(certificate.publicKey, message, parsed, der);
}
