import { sha256 } from '../crypto/sha256.js';
import { toHex } from '../encoding/bytes.js';
import {
    childrenOf,
    contentOf,
    DER_TAGS,
    DerError,
    encodingOf,
    expectTag,
    readBitString,
    readOid,
    readRoot,
    readTime,
    type DerNode,
} from './der.js';
import { readExtensions, type CertificateExtensions } from './extensions.js';
import { attributeValues, readName, type DistinguishedName } from './names.js';
import { pemCertificates, PemError } from './pem.js';
import { CodedError } from '@lendledger/domain';

/** Object identifiers of the only algorithms Fabric's default MSP issues and signs with. */
export const OIDS = Object.freeze({
    ecPublicKey: '1.2.840.10045.2.1',
    p256: '1.2.840.10045.3.1.7',
    ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const);

/** An elliptic-curve public key as it appears in a certificate. */
export interface EcPublicKey {
    /** SubjectPublicKeyInfo DER, what WebCrypto and Node import. */
    readonly spki: Uint8Array;
    /** The SEC 1 point (0x04 ‖ X ‖ Y). */
    readonly point: Uint8Array;
    /** Curve OID. */
    readonly curve: string;
    /** Stable identifier (hex of the SPKI), used as a cache key. */
    readonly id: string;
}

/** The parts of an X.509 certificate (RFC 5280) a receipt verifier needs. */
export interface Certificate {
    readonly der: Uint8Array;
    /** SHA-256 of the DER, lower-case hex: the certificate's identity in reports and caches. */
    readonly fingerprint: string;
    readonly tbs: Uint8Array;
    readonly serialNumber: string;
    readonly signatureAlgorithm: string;
    readonly signature: Uint8Array;
    readonly issuer: DistinguishedName;
    readonly subject: DistinguishedName;
    readonly notBefore: Date;
    readonly notAfter: Date;
    readonly publicKey: EcPublicKey;
    readonly extensions: CertificateExtensions;
}

/** Thrown when bytes are not a certificate this verifier can read. */
export class CertificateParseError extends CodedError {
    constructor(message: string, options?: ErrorOptions) {
        super('CERTIFICATE_INVALID', message, options);
    }
}

/**
 * Parses a DER certificate.
 *
 * @throws {@link CertificateParseError} when the DER is malformed or a mandatory field is missing.
 */
export function parseCertificate(der: Uint8Array): Certificate {
    try {
        return readCertificate(der);
    } catch (error) {
        if (error instanceof DerError) {
            throw new CertificateParseError(`malformed certificate: ${error.message}`, { cause: error });
        }
        throw error;
    }
}

/**
 * Parses the first certificate of PEM text (an identity's `id_bytes`, a signer's certificate file).
 *
 * @param missing - the message of the error thrown when the text holds no `CERTIFICATE` block.
 * @throws {@link PemError} when the text holds no certificate or a block is not base64.
 * @throws {@link CertificateParseError} when the certificate is malformed.
 */
export function parsePemCertificate(pem: string, missing = 'no PEM certificate found'): Certificate {
    const [der] = pemCertificates(pem);
    if (der === undefined) {
        throw new PemError(missing);
    }
    return parseCertificate(der);
}

function readCertificate(der: Uint8Array): Certificate {
    const [tbsNode, algorithm, signature] = childrenOf(expectTag(readRoot(der), DER_TAGS.sequence, 'certificate'));
    const tbs = childrenOf(expectTag(tbsNode, DER_TAGS.sequence, 'tbsCertificate'));
    // The version is an optional [0] EXPLICIT element; v1 certificates omit it.
    const fields = tbs[0]?.tag === 0xa0 ? tbs.slice(1) : tbs;
    const [serial, , issuer, validity, subject, spki, ...rest] = fields;
    const [notBefore, notAfter] = childrenOf(expectTag(validity, DER_TAGS.sequence, 'validity'));
    if (notBefore === undefined || notAfter === undefined) {
        throw new CertificateParseError('validity needs notBefore and notAfter');
    }
    const extensionsNode = rest.find((node) => node.tag === 0xa3);
    return {
        der,
        fingerprint: toHex(sha256(der)),
        tbs: encodingOf(tbsNode!),
        serialNumber: toHex(contentOf(expectTag(serial, DER_TAGS.integer, 'serial number'))),
        signatureAlgorithm: readAlgorithm(algorithm),
        signature: readBitString(expectTag(signature, DER_TAGS.bitString, 'signature')),
        issuer: readName(expectTag(issuer, DER_TAGS.sequence, 'issuer')),
        subject: readName(expectTag(subject, DER_TAGS.sequence, 'subject')),
        notBefore: readTime(notBefore),
        notAfter: readTime(notAfter),
        publicKey: readPublicKey(expectTag(spki, DER_TAGS.sequence, 'subjectPublicKeyInfo')),
        extensions: readExtensions(extensionsNode),
    };
}

function readAlgorithm(node: DerNode | undefined): string {
    const [oid] = childrenOf(expectTag(node, DER_TAGS.sequence, 'algorithm identifier'));
    return readOid(expectTag(oid, DER_TAGS.oid, 'algorithm'));
}

function readPublicKey(node: DerNode): EcPublicKey {
    const [algorithm, key] = childrenOf(node);
    const [type, parameters] = childrenOf(expectTag(algorithm, DER_TAGS.sequence, 'key algorithm'));
    const keyType = readOid(expectTag(type, DER_TAGS.oid, 'key algorithm'));
    if (keyType !== OIDS.ecPublicKey || parameters?.tag !== DER_TAGS.oid) {
        throw new CertificateParseError(`unsupported public key algorithm ${keyType}`);
    }
    const spki = encodingOf(node);
    return {
        spki,
        point: readBitString(expectTag(key, DER_TAGS.bitString, 'public key')),
        curve: readOid(parameters),
        id: toHex(spki),
    };
}

/** The certificate's organisational units; Fabric's NodeOUs put the role (client, peer, orderer, admin) there. */
export function organisationalUnits(certificate: Certificate): string[] {
    return attributeValues(certificate.subject, 'OU');
}

/** The certificate's common name, or the whole subject when it has none. */
export function commonName(certificate: Certificate): string {
    return attributeValues(certificate.subject, 'CN')[0] ?? certificate.subject.text;
}
