import * as asn1js from 'asn1js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';

/** Object identifiers of the time-stamp protocol (RFC 3161, RFC 5652, RFC 5035) that this code reads or writes. */
export const TSP_OIDS = Object.freeze({
    /** id-kp-timeStamping, the only extended key usage a TSA certificate may carry (RFC 3161 §2.3). */
    timeStamping: '1.3.6.1.5.5.7.3.8',
    extKeyUsage: '2.5.29.37',
    /** id-ct-TSTInfo, the content type a time-stamp token signs. */
    tstInfo: '1.2.840.113549.1.9.16.1.4',
    signedData: '1.2.840.113549.1.7.2',
    contentType: '1.2.840.113549.1.9.3',
    messageDigest: '1.2.840.113549.1.9.4',
    /** ESS signing-certificate attributes binding the signer certificate into the signature (RFC 2634, RFC 5035). */
    signingCertificate: '1.2.840.113549.1.9.16.2.12',
    signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
    sha1: '1.3.14.3.2.26',
    sha256: '2.16.840.1.101.3.4.2.1',
    sha384: '2.16.840.1.101.3.4.2.2',
    sha512: '2.16.840.1.101.3.4.2.3',
});

/**
 * The policy under which the notary organisation's TSA issues tokens: a UUID-based OID (ITU-T X.667, arc 2.25),
 * which needs no registration and names nobody else's policy.
 */
export const LENDLEDGER_TSA_POLICY = '2.25.315775344500639421082488891456738893413';

/** A hash a time-stamp imprint may use: SHA-256 or stronger; SHA-1 and MD5 are refused. */
export interface ImprintHash {
    readonly oid: string;
    /** The WebCrypto / pkijs name. */
    readonly name: 'SHA-256' | 'SHA-384' | 'SHA-512';
    readonly length: number;
    readonly digest: (data: Uint8Array) => Uint8Array;
}

const IMPRINT_HASHES: readonly ImprintHash[] = [
    { oid: TSP_OIDS.sha256, name: 'SHA-256', length: 32, digest: (data) => sha256(data) },
    { oid: TSP_OIDS.sha384, name: 'SHA-384', length: 48, digest: (data) => sha384(data) },
    { oid: TSP_OIDS.sha512, name: 'SHA-512', length: 64, digest: (data) => sha512(data) },
];

/** The accepted imprint hash with this OID, or `undefined` for any other algorithm. */
export function imprintHashOf(oid: string): ImprintHash | undefined {
    return IMPRINT_HASHES.find((hash) => hash.oid === oid);
}

/**
 * An OID as asn1js prints it after decoding. asn1js prints an arc beyond 2^53 (a 2.25 UUID arc) as `{hex}`, not in
 * decimal, so OIDs read from a request compare equal to this form of a configured one, not to its decimal text.
 */
export function oidAsDecoded(oid: string): string {
    const decoded = asn1js.fromBER(new asn1js.ObjectIdentifier({ value: oid }).toBER()).result;
    return decoded instanceof asn1js.ObjectIdentifier ? decoded.valueBlock.toString() : oid;
}
