import { bytesEqual } from '../encoding/bytes.js';
import { type Certificate } from '../x509/certificate.js';
import { type RevocationList } from '../x509/crl.js';

/**
 * Why a certificate chain is unusable for evidence of time `asOf` by its organisation's CRLs, or undefined when it is
 * not. Each certificate below the root is looked up in the CRLs its issuer signed; a revocation dated at or before
 * `asOf` counts, a later one does not: a key revoked after it signed does not undo what it signed before.
 *
 * A CRL that names the issuer but that no CA of the organisation signed fails the chain (fail closed): it may be a
 * forged list hiding a revocation, and the certificate cannot be judged without it.
 *
 * @param path - leaf first, root last, as the trust store built it.
 * @param signerOf - the organisation's CA that signed a CRL, or undefined when none did.
 */
export async function revocationOf(
    path: readonly Certificate[],
    lists: readonly RevocationList[],
    asOf: Date,
    signerOf: (crl: RevocationList) => Promise<Certificate | undefined>,
): Promise<string | undefined> {
    for (let i = 0; i + 1 < path.length; i++) {
        const certificate = path[i]!;
        const issuer = path[i + 1]!;
        for (const crl of lists) {
            if (!bytesEqual(crl.issuer.der, certificate.issuer.der)) {
                continue;
            }
            const signer = await signerOf(crl);
            if (signer === undefined || crl.unhandledCritical.length > 0) {
                return `the roots bundle's CRL of ${crl.issuer.text} is not signed by that CA or cannot be used; refused`;
            }
            if (signer.fingerprint !== issuer.fingerprint) {
                continue;
            }
            const revokedAt = crl.revoked.get(certificate.serialNumber);
            if (revokedAt !== undefined && revokedAt.getTime() <= asOf.getTime()) {
                return (
                    `${certificate.subject.text} (serial ${certificate.serialNumber}) was revoked on ` +
                    `${revokedAt.toISOString()}, at or before the evidence's time ${asOf.toISOString()}`
                );
            }
        }
    }
    return undefined;
}
