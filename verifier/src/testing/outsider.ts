/**
 * Test support: a certificate authority outside the consortium, made in the test with WebCrypto, so that tests can
 * sign Fabric messages with a key no consortium root vouches for. No private key is ever written to disk.
 */
import { P256_ORDER } from '../crypto/ecdsa-signature.js';
import { utf8 } from '../encoding/bytes.js';
import { derElement, derSequence, derUnsignedInteger } from '../x509/der-writer.js';
import { toPem } from '../x509/pem.js';
import { asWebCryptoBytes, type WebCryptoKey, type WebCryptoKeyPair } from '../crypto/webcrypto-types.js';

const EC_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** A key pair and its certificate. */
export interface Credential {
    readonly privateKey: WebCryptoKey;
    readonly certificatePem: string;
}

/** Certificate fields a test chooses. */
export interface CertificateSpec {
    readonly commonName: string;
    readonly organisationalUnit?: string;
    readonly isCa: boolean;
}

/** A self-signed CA and a leaf it issued, both unknown to the consortium's roots. */
export async function outsiderCredential(
    leaf: Omit<CertificateSpec, 'isCa'>,
): Promise<Credential & { ca: Credential }> {
    const caKeys = await newKeyPair();
    const caName = nameOf({ commonName: 'ca.outsider.example', isCa: true });
    const caCertificate = await certificate(caName, caName, caKeys.publicKey, caKeys.privateKey, true);
    const leafKeys = await newKeyPair();
    const leafCertificate = await certificate(
        nameOf({ ...leaf, isCa: false }),
        caName,
        leafKeys.publicKey,
        caKeys.privateKey,
        false,
    );
    return {
        privateKey: leafKeys.privateKey,
        certificatePem: toPem(leafCertificate),
        ca: { privateKey: caKeys.privateKey, certificatePem: toPem(caCertificate) },
    };
}

/** A Fabric-style signature: ECDSA P-256 over SHA-256, DER, low S. */
export async function signLikeFabric(privateKey: WebCryptoKey, message: Uint8Array): Promise<Uint8Array> {
    const raw = new Uint8Array(await crypto.subtle.sign(SIGN, privateKey, asWebCryptoBytes(message)));
    const r = bigintOf(raw.subarray(0, 32));
    let s = bigintOf(raw.subarray(32));
    if (s > P256_ORDER >> 1n) {
        s = P256_ORDER - s;
    }
    return derSequence(derUnsignedInteger(r), derUnsignedInteger(s));
}

async function newKeyPair(): Promise<WebCryptoKeyPair> {
    return crypto.subtle.generateKey(EC_ALGORITHM, false, ['sign', 'verify']);
}

async function certificate(
    subject: Uint8Array,
    issuer: Uint8Array,
    publicKey: WebCryptoKey,
    signingKey: WebCryptoKey,
    isCa: boolean,
): Promise<Uint8Array> {
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
    const ecdsaWithSha256 = derSequence(oid('1.2.840.10045.4.3.2'));
    const tbs = derSequence(
        derElement(0xa0, derUnsignedInteger(2n)),
        derUnsignedInteger(BigInt(Date.now())),
        ecdsaWithSha256,
        issuer,
        derSequence(utcTime('200101000000Z'), utcTime('491231235959Z')),
        subject,
        spki,
        derElement(0xa3, derSequence(basicConstraints(isCa), keyUsage(isCa))),
    );
    const signature = await signLikeFabric(signingKey, tbs);
    return derSequence(tbs, ecdsaWithSha256, derElement(0x03, Uint8Array.of(0, ...signature)));
}

function nameOf(spec: CertificateSpec): Uint8Array {
    const rdn = (type: string, value: string): Uint8Array =>
        derElement(0x31, derSequence(oid(type), derElement(0x0c, utf8(value))));
    const units = spec.organisationalUnit === undefined ? [] : [rdn('2.5.4.11', spec.organisationalUnit)];
    return derSequence(rdn('2.5.4.6', 'US'), ...units, rdn('2.5.4.3', spec.commonName));
}

function basicConstraints(isCa: boolean): Uint8Array {
    const value = derSequence(...(isCa ? [derElement(0x01, Uint8Array.of(0xff))] : []));
    return derSequence(oid('2.5.29.19'), derElement(0x01, Uint8Array.of(0xff)), derElement(0x04, value));
}

function keyUsage(isCa: boolean): Uint8Array {
    // digitalSignature is bit 0 (0x80); a CA also gets keyCertSign, bit 5 (0x04).
    const bits = derElement(0x03, Uint8Array.of(isCa ? 2 : 7, isCa ? 0x84 : 0x80));
    return derSequence(oid('2.5.29.15'), derElement(0x01, Uint8Array.of(0xff)), derElement(0x04, bits));
}

function utcTime(text: string): Uint8Array {
    return derElement(0x17, utf8(text));
}

function oid(dotted: string): Uint8Array {
    const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
    const bytes = [first * 40 + second];
    for (const arc of rest) {
        const chunk = [arc & 0x7f];
        for (let value = arc >>> 7; value > 0; value >>>= 7) {
            chunk.unshift((value & 0x7f) | 0x80);
        }
        bytes.push(...chunk);
    }
    return derElement(0x06, Uint8Array.from(bytes));
}

function bigintOf(bytes: Uint8Array): bigint {
    let value = 0n;
    for (const byte of bytes) {
        value = (value << 8n) | BigInt(byte);
    }
    return value;
}
