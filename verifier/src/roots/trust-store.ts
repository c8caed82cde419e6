import { verifyCertificateSignature } from '../crypto/fabric-signature.js';
import { type SignatureVerifier } from '../crypto/signature-verifier.js';
import { bytesEqual } from '../encoding/bytes.js';
import { type SerializedIdentity } from '../decode/identity.js';
import { type Verdict } from '../verdict.js';
import { parseCertificate, type Certificate } from '../x509/certificate.js';
import { allowsKeyUsage, KEY_USAGE } from '../x509/extensions.js';
import { pemCertificates } from '../x509/pem.js';
import { BoundedCache } from './bounded-cache.js';
import { certificateOfIdentity, nodeRoleOf } from './identity-certificate.js';
import { type IdentityVerdict } from './identity-verdict.js';
import { type ConsortiumPolicy } from '@lendledger/domain';
import { parseRevocationList, type RevocationList } from '../x509/crl.js';
import { pemCrls } from '../x509/pem.js';
import { organisationsOf, policyOfBundle, RootsBundleError, type RootsBundle } from './roots-bundle.js';
import { revocationOf } from './revocation.js';

/** Longest chain accepted: leaf, up to two intermediates, root. */
const MAX_CHAIN = 4;

type PathVerdict =
    { readonly ok: true; readonly path: readonly Certificate[] } | { readonly ok: false; reason: string };

/**
 * The consortium's trust anchors, with the work of checking certificates against them cached per certificate: a
 * chain is verified once, then only the validity dates are compared with each new signing time.
 */
export class TrustStore {
    readonly verifier: SignatureVerifier;
    /** The bundle the store was built from. */
    readonly bundle: RootsBundle;
    /** The policy the bundle states: channel, chaincode, members, endorsement rule, ordering organisation. */
    readonly policy: ConsortiumPolicy;
    readonly #roots: ReadonlyMap<string, readonly Certificate[]>;
    readonly #intermediates: ReadonlyMap<string, readonly Certificate[]>;
    readonly #crls: ReadonlyMap<string, readonly RevocationList[]>;
    readonly #crlSigners = new WeakMap<RevocationList, Promise<Certificate | undefined>>();
    readonly #paths = new BoundedCache<Promise<PathVerdict>>();
    readonly #links = new BoundedCache<Promise<Verdict>>();

    /**
     * @throws {@link RootsBundleError} when a certificate or CRL in the bundle cannot be parsed.
     */
    constructor(bundle: RootsBundle, verifier: SignatureVerifier) {
        this.verifier = verifier;
        this.bundle = bundle;
        this.policy = policyOfBundle(bundle);
        const organisations = organisationsOf(bundle);
        this.#roots = parseMap(organisations.map((o) => [o.mspId, o.roots]));
        this.#intermediates = parseMap(organisations.map((o) => [o.mspId, o.intermediates]));
        this.#crls = parseCrls(organisations.map((o) => [o.mspId, o.crls]));
    }

    /**
     * Checks that every CRL of the bundle is signed by a CA (root or intermediate) of the organisation it is listed
     * under; a CRL that is not would let anyone revoke, or un-revoke, that organisation's certificates.
     */
    async checkRevocationLists(): Promise<Verdict> {
        for (const [mspId, lists] of this.#crls) {
            for (const crl of lists) {
                if ((await this.#signerOf(mspId, crl)) === undefined) {
                    return {
                        ok: false,
                        reason: `a CRL of ${mspId} (issuer ${crl.issuer.text}) is not signed by a ${mspId} CA`,
                    };
                }
                if (crl.unhandledCritical.length > 0) {
                    return {
                        ok: false,
                        reason: `a CRL of ${mspId} has unknown critical extensions ${crl.unhandledCritical.join(', ')}`,
                    };
                }
            }
        }
        return { ok: true };
    }

    /** The CA of `mspId` that signed the CRL, or undefined when none did. */
    #signerOf(mspId: string, crl: RevocationList): Promise<Certificate | undefined> {
        let signer = this.#crlSigners.get(crl);
        if (signer === undefined) {
            signer = this.#findCrlSigner(mspId, crl);
            this.#crlSigners.set(crl, signer);
        }
        return signer;
    }

    async #findCrlSigner(mspId: string, crl: RevocationList): Promise<Certificate | undefined> {
        const cas = [...(this.#roots.get(mspId) ?? []), ...(this.#intermediates.get(mspId) ?? [])];
        for (const ca of cas) {
            if (
                bytesEqual(ca.subject.der, crl.issuer.der) &&
                allowsKeyUsage(ca.extensions, KEY_USAGE.cRLSign) &&
                (await verifyCertificateSignature(this.verifier, crl, ca)).ok
            ) {
                return ca;
            }
        }
        return undefined;
    }

    /** MSP IDs the bundle has roots for. */
    get mspIds(): string[] {
        return [...this.#roots.keys()];
    }

    /**
     * Checks that an identity's certificate chains to a root of the MSP it claims and that every certificate on the
     * chain was within its validity period at `at` (the signing time); an unreadable certificate fails.
     */
    async validate(identity: SerializedIdentity, at: Date, revokedAsOf: Date = at): Promise<IdentityVerdict> {
        const certificate = certificateOfIdentity(identity);
        if (certificate instanceof Error) {
            return verdict(identity.mspId, undefined, false, `the certificate cannot be read: ${certificate.message}`);
        }
        return this.validateCertificate(identity.mspId, certificate, at, revokedAsOf);
    }

    /**
     * {@link TrustStore.validate} for a certificate already parsed (a notary report's signer): it must chain to a root
     * of `mspId`, and every certificate on the chain must have been within its validity period at `at`.
     *
     * @param revokedAsOf - the evidence's trusted time: a certificate the bundle's CRLs revoke at or before it fails;
     *   one revoked after it does not (a later revocation does not undo earlier evidence).
     */
    async validateCertificate(
        mspId: string,
        certificate: Certificate,
        at: Date,
        revokedAsOf: Date = at,
    ): Promise<IdentityVerdict> {
        const path = await this.#paths.getOrCreate(`${mspId}\u0000${certificate.fingerprint}`, () =>
            this.#buildPath(mspId, certificate),
        );
        if (!path.ok) {
            return verdict(mspId, certificate, false, path.reason);
        }
        const expired = path.path.find((c) => at < c.notBefore || at > c.notAfter);
        if (expired !== undefined) {
            const window = `${expired.notBefore.toISOString()} to ${expired.notAfter.toISOString()}`;
            return verdict(
                mspId,
                certificate,
                false,
                `${expired.subject.text} was not valid at ${at.toISOString()} (valid ${window})`,
            );
        }
        const revoked = await revocationOf(path.path, this.#crls.get(mspId) ?? [], revokedAsOf, (crl) =>
            this.#signerOf(mspId, crl),
        );
        if (revoked !== undefined) {
            return verdict(mspId, certificate, false, revoked);
        }
        return verdict(mspId, certificate, true, `issued under ${mspId} root ${path.path.at(-1)!.subject.text}`);
    }

    async #buildPath(mspId: string, leaf: Certificate): Promise<PathVerdict> {
        const roots = this.#roots.get(mspId);
        if (roots === undefined) {
            return { ok: false, reason: `the roots bundle has no root for ${mspId}` };
        }
        if (leaf.extensions.isCa === true) {
            return { ok: false, reason: 'a CA certificate cannot act as a Fabric identity' };
        }
        if (!allowsKeyUsage(leaf.extensions, KEY_USAGE.digitalSignature)) {
            return { ok: false, reason: 'the certificate may not make digital signatures (keyUsage)' };
        }
        const intermediates = this.#intermediates.get(mspId) ?? [];
        const path: Certificate[] = [leaf];
        for (let current = leaf; path.length <= MAX_CHAIN;) {
            if (current.extensions.unhandledCritical.length > 0) {
                return { ok: false, reason: `${current.subject.text} has unknown critical extensions` };
            }
            const root = await this.#issuerAmong(current, roots);
            if (root !== undefined) {
                return { ok: true, path: [...path, root] };
            }
            const next = await this.#issuerAmong(current, intermediates);
            if (next === undefined || path.includes(next)) {
                break;
            }
            path.push(next);
            current = next;
        }
        return { ok: false, reason: `not issued by any ${mspId} root in the bundle (issuer ${leaf.issuer.text})` };
    }

    async #issuerAmong(certificate: Certificate, candidates: readonly Certificate[]): Promise<Certificate | undefined> {
        for (const issuer of candidates) {
            if (!canIssue(issuer, certificate)) {
                continue;
            }
            const key = `${certificate.fingerprint}\u0000${issuer.fingerprint}`;
            const link = await this.#links.getOrCreate(key, () =>
                verifyCertificateSignature(this.verifier, certificate, issuer),
            );
            if (link.ok) {
                return issuer;
            }
        }
        return undefined;
    }
}

function canIssue(issuer: Certificate, certificate: Certificate): boolean {
    const { extensions } = issuer;
    const keyIdsAgree =
        certificate.extensions.authorityKeyId === undefined ||
        extensions.subjectKeyId === undefined ||
        certificate.extensions.authorityKeyId === extensions.subjectKeyId;
    return (
        bytesEqual(issuer.subject.der, certificate.issuer.der) &&
        keyIdsAgree &&
        extensions.isCa !== false &&
        allowsKeyUsage(extensions, KEY_USAGE.keyCertSign)
    );
}

function verdict(mspId: string, certificate: Certificate | undefined, ok: boolean, reason: string): IdentityVerdict {
    return {
        ok,
        mspId,
        subject: certificate?.subject.text ?? '(unreadable certificate)',
        role: certificate === undefined ? undefined : nodeRoleOf(certificate),
        certificate,
        reason,
    };
}

function parseCrls(entries: readonly (readonly [string, readonly string[]])[]): Map<string, RevocationList[]> {
    const parsed = new Map<string, RevocationList[]>();
    for (const [mspId, pems] of entries) {
        try {
            parsed.set(
                mspId,
                pems.flatMap((pem) => pemCrls(pem).map(parseRevocationList)),
            );
        } catch (error) {
            throw new RootsBundleError(`a CRL of ${mspId} cannot be read: ${(error as Error).message}`);
        }
    }
    return parsed;
}

function parseMap(entries: readonly (readonly [string, readonly string[]])[]): Map<string, Certificate[]> {
    const parsed = new Map<string, Certificate[]>();
    for (const [mspId, pems] of entries.filter(([, list]) => list.length > 0)) {
        try {
            parsed.set(
                mspId,
                pems.flatMap((pem) => pemCertificates(pem).map(parseCertificate)),
            );
        } catch (error) {
            throw new RootsBundleError(`a certificate of ${mspId} cannot be read: ${(error as Error).message}`);
        }
    }
    return parsed;
}
