import { organisationsOf, type RootsBundle } from '../roots/roots-bundle.js';
import { parseCertificate } from '../x509/certificate.js';
import { pemCertificates } from '../x509/pem.js';
import { type TrustAnchor } from './report-payload.js';

/**
 * Every certificate of a roots bundle with its SHA-256, sorted by MSP ID, roots before intermediates.
 *
 * @throws {@link CertificateParseError} when a certificate of the bundle cannot be read.
 */
export function trustAnchorsOf(bundle: RootsBundle): TrustAnchor[] {
    const organisations = organisationsOf(bundle);
    const roots = Object.fromEntries(organisations.map((o) => [o.mspId, o.roots]));
    const intermediates = Object.fromEntries(organisations.map((o) => [o.mspId, o.intermediates]));
    return [...anchorsOf(roots, 'root'), ...anchorsOf(intermediates, 'intermediate')].sort(
        (a, b) => compare(a.mspId, b.mspId) || compare(a.kind, b.kind) || compare(a.sha256, b.sha256),
    );
}

function anchorsOf(map: Readonly<Record<string, readonly string[]>>, kind: TrustAnchor['kind']): TrustAnchor[] {
    return Object.entries(map).flatMap(([mspId, pems]) =>
        pems
            .flatMap((pem) => pemCertificates(pem))
            .map(parseCertificate)
            .map((certificate) => ({
                mspId,
                kind,
                subject: certificate.subject.text,
                sha256: certificate.fingerprint,
                notBefore: certificate.notBefore.toISOString(),
                notAfter: certificate.notAfter.toISOString(),
            })),
    );
}

function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
