import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { asWebCryptoBytes, type WebCryptoKey, type WebCryptoKeyPair } from '../crypto/webcrypto-types.js';
import { fromBase64 } from '../encoding/bytes.js';
import { toPem } from '../x509/pem.js';
import { TSP_OIDS } from './tsp-oids.js';

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const DAY = 86_400_000;
const OID = Object.freeze({
    commonName: '2.5.4.3',
    organisation: '2.5.4.10',
    basicConstraints: '2.5.29.19',
    keyUsage: '2.5.29.15',
    subjectKeyIdentifier: '2.5.29.14',
});

/** A time-stamping authority's signing material: its key and certificate, and the root that issued it. */
export interface TsaCredentials {
    /** PEM of the root CA the TSA certificate chains to: what verifiers trust. */
    readonly rootPem: string;
    /** The root's private key, for issuing further certificates (tests); the network does not keep it. */
    readonly rootKey: WebCryptoKey;
    /** PEM of the certificate the TSA signs tokens with. */
    readonly certificatePem: string;
    readonly privateKey: WebCryptoKey;
}

/** How the signing certificate is made; the defaults are what RFC 3161 §2.3 asks of a TSA. */
export interface TsaCredentialsOptions {
    /** Organisation (O) of both names. */
    readonly organisation: string;
    /** Common name of the TSA certificate; the root's is this plus " Root CA". */
    readonly commonName: string;
    readonly notBefore?: Date;
    readonly validDays?: number;
    /**
     * The extended key usage of the signing certificate: id-kp-timeStamping in a critical extension (RFC 3161), or,
     * to test that verifiers refuse them, in a non-critical one or absent.
     */
    readonly extendedKeyUsage?: 'critical' | 'non-critical' | 'absent';
    /** Sign the TSA certificate with its own key instead of a root (a forger's TSA). */
    readonly selfSigned?: boolean;
    /** Issue the TSA certificate from this root instead of a new one. */
    readonly issuer?: { readonly rootPem: string; readonly rootKey: WebCryptoKey };
}

interface CertificateSpec {
    readonly subject: string;
    readonly organisation: string;
    readonly publicKey: WebCryptoKey;
    readonly issuer?: pkijs.Certificate;
    readonly signingKey: WebCryptoKey;
    readonly notBefore: Date;
    readonly notAfter: Date;
    readonly extensions: readonly pkijs.Extension[];
}

/**
 * Generates a TSA root CA and a time-stamping certificate issued by it, each on a new ECDSA P-256 key. pkijs on
 * WebCrypto, like the verifying side, so this runs in browsers as in Node.
 */
export async function createTsaCredentials(options: Readonly<TsaCredentialsOptions>): Promise<TsaCredentials> {
    const notBefore = options.notBefore ?? new Date(Date.now() - DAY);
    const notAfter = new Date(notBefore.getTime() + (options.validDays ?? 3650) * DAY);
    let root: pkijs.Certificate;
    let rootKey: WebCryptoKey;
    if (options.issuer) {
        root = pkijs.Certificate.fromBER(asWebCryptoBytes(pemBody(options.issuer.rootPem)));
        rootKey = options.issuer.rootKey;
    } else {
        const keys = await newKeyPair();
        rootKey = keys.privateKey;
        root = await issue({
            subject: `${options.commonName} Root CA`,
            organisation: options.organisation,
            publicKey: keys.publicKey,
            signingKey: keys.privateKey,
            notBefore,
            notAfter,
            extensions: [
                extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: true, pathLenConstraint: 0 })),
                // keyCertSign (5) and cRLSign (6).
                extension(
                    OID.keyUsage,
                    true,
                    new asn1js.BitString({ valueHex: new Uint8Array([0x06]), unusedBits: 1 }),
                ),
                await subjectKeyIdentifier(keys.publicKey),
            ],
        });
    }
    const keys = await newKeyPair();
    const usage = options.extendedKeyUsage ?? 'critical';
    const certificate = await issue({
        subject: options.commonName,
        organisation: options.organisation,
        publicKey: keys.publicKey,
        ...(options.selfSigned ? { signingKey: keys.privateKey } : { issuer: root, signingKey: rootKey }),
        notBefore,
        notAfter,
        extensions: [
            extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: false })),
            // digitalSignature (0) and nonRepudiation (1).
            extension(OID.keyUsage, true, new asn1js.BitString({ valueHex: new Uint8Array([0xc0]), unusedBits: 6 })),
            await subjectKeyIdentifier(keys.publicKey),
            ...(usage === 'absent'
                ? []
                : [
                      extension(
                          TSP_OIDS.extKeyUsage,
                          usage === 'critical',
                          new pkijs.ExtKeyUsage({ keyPurposes: [TSP_OIDS.timeStamping] }),
                      ),
                  ]),
        ],
    });
    const certificatePem = pemOf(certificate);
    return {
        rootPem: options.selfSigned ? certificatePem : pemOf(root),
        rootKey,
        certificatePem,
        privateKey: keys.privateKey,
    };
}

async function newKeyPair(): Promise<WebCryptoKeyPair> {
    return crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify']);
}

function extension(
    extnID: string,
    critical: boolean,
    value: pkijs.BasicConstraints | pkijs.ExtKeyUsage | asn1js.BitString | asn1js.OctetString,
): pkijs.Extension {
    const schema = value instanceof pkijs.PkiObject ? value.toSchema() : value;
    return new pkijs.Extension({ extnID, critical, extnValue: schema.toBER() });
}

async function subjectKeyIdentifier(publicKey: WebCryptoKey): Promise<pkijs.Extension> {
    const spki = new Uint8Array(await crypto.subtle.exportKey('raw', publicKey));
    const id = new Uint8Array(await crypto.subtle.digest('SHA-256', asWebCryptoBytes(spki))).slice(0, 20);
    return extension(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: id }));
}

function names(commonName: string, organisation: string): pkijs.RelativeDistinguishedNames {
    return new pkijs.RelativeDistinguishedNames({
        typesAndValues: [
            new pkijs.AttributeTypeAndValue({
                type: OID.organisation,
                value: new asn1js.Utf8String({ value: organisation }),
            }),
            new pkijs.AttributeTypeAndValue({
                type: OID.commonName,
                value: new asn1js.Utf8String({ value: commonName }),
            }),
        ],
    });
}

async function issue(spec: CertificateSpec): Promise<pkijs.Certificate> {
    const serial = crypto.getRandomValues(new Uint8Array(16));
    // A positive INTEGER with no leading zero octet.
    serial[0] = (serial[0]! & 0x7f) | 0x40;
    const subject = names(spec.subject, spec.organisation);
    const certificate = new pkijs.Certificate({
        version: 2,
        serialNumber: new asn1js.Integer({ valueHex: serial }),
        subject,
        issuer: spec.issuer ? spec.issuer.subject : subject,
        notBefore: new pkijs.Time({ type: 0, value: spec.notBefore }),
        notAfter: new pkijs.Time({ type: 0, value: spec.notAfter }),
        extensions: [...spec.extensions],
    });
    await certificate.subjectPublicKeyInfo.importKey(spec.publicKey);
    await certificate.sign(spec.signingKey, 'SHA-256');
    return certificate;
}

function pemOf(certificate: pkijs.Certificate): string {
    return toPem(new Uint8Array(certificate.toSchema().toBER()));
}

function pemBody(pem: string): Uint8Array {
    return fromBase64(pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''));
}

/** The PKCS#8 PEM of a private key, for the TSA's key file. */
export async function privateKeyToPem(key: WebCryptoKey): Promise<string> {
    return toPem(new Uint8Array(await crypto.subtle.exportKey('pkcs8', key)), 'PRIVATE KEY');
}

/**
 * An ECDSA P-256 signing key from its PKCS#8 PEM.
 *
 * @throws Error when the text holds no such key.
 */
export async function privateKeyFromPem(pem: string): Promise<WebCryptoKey> {
    const match = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(pem);
    if (!match?.[1]) {
        throw new Error('no PKCS#8 private key (BEGIN PRIVATE KEY) found');
    }
    const der = fromBase64(match[1].replace(/\s+/g, ''));
    return crypto.subtle.importKey('pkcs8', asWebCryptoBytes(der), ECDSA_P256, false, ['sign']);
}
