import * as pkijs from 'pkijs';
import { type RootsTimestampAuthority } from '../roots/roots-bundle.js';
import { pemCertificates, toPem } from '../x509/pem.js';
import { asWebCryptoBytes } from '../crypto/webcrypto-types.js';

/**
 * A time-stamping authority the verifier trusts: its name and the PEM certificates (roots, and any intermediates)
 * its token signing certificates chain to, as the roots bundle lists them in `timestampAuthorities`.
 */
export type TrustedTimestampAuthority = RootsTimestampAuthority;

/** The certificates of one authority, parsed once. */
export interface ParsedAuthority {
    readonly name: string;
    readonly certificates: readonly pkijs.Certificate[];
}

const parsed = new WeakMap<readonly TrustedTimestampAuthority[], readonly ParsedAuthority[]>();

/**
 * The authorities with their certificates parsed, remembered per list so that a bundle is parsed once however many
 * tokens are checked against it.
 *
 * @throws Error when a certificate does not parse (the bundle parser has already refused such a bundle).
 */
export function parsedAuthorities(authorities: readonly TrustedTimestampAuthority[]): readonly ParsedAuthority[] {
    let known = parsed.get(authorities);
    if (known === undefined) {
        known = authorities.map((authority) => ({
            name: authority.name,
            certificates: authority.certificates.flatMap((pem) =>
                pemCertificates(pem).map((der) => pkijs.Certificate.fromBER(asWebCryptoBytes(der))),
            ),
        }));
        parsed.set(authorities, known);
    }
    return known;
}

/**
 * An authority from PEM text holding one or more CA certificates (a TSA's root and intermediates).
 *
 * @throws {@link PemError} when a certificate block is not valid; Error when there is none, or one does not parse.
 */
export function timestampAuthorityFromPem(name: string, text: string): TrustedTimestampAuthority {
    const ders = pemCertificates(text);
    if (ders.length === 0) {
        throw new Error('it holds no PEM certificate');
    }
    for (const der of ders) {
        pkijs.Certificate.fromBER(asWebCryptoBytes(der));
    }
    return { name, certificates: ders.map((der) => toPem(der)) };
}
