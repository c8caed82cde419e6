import { type Verdict } from '../verdict.js';
import { OIDS, type Certificate, type EcPublicKey } from '../x509/certificate.js';
import { isLowS, parseDerSignature } from './ecdsa-signature.js';
import { type SignatureVerifier } from './signature-verifier.js';

const OK: Verdict = Object.freeze({ ok: true });

/**
 * Verifies a signature made by a Fabric identity (transaction creator, endorser, orderer) with Fabric's rules:
 * ECDSA P-256 over SHA-256 of the message, DER-encoded, low S (fabric-lib-go `bccsp/sw/ecdsa.go` verifyECDSA).
 */
export async function verifyFabricSignature(
    verifier: SignatureVerifier,
    key: EcPublicKey,
    message: Uint8Array,
    der: Uint8Array,
): Promise<Verdict> {
    if (key.curve !== OIDS.p256) {
        return { ok: false, reason: `unsupported curve ${key.curve} (Fabric's default MSP signs with P-256)` };
    }
    const signature = parseDerSignature(der);
    if (signature === undefined) {
        return { ok: false, reason: 'the signature is not a DER ECDSA signature' };
    }
    if (!isLowS(signature)) {
        return { ok: false, reason: 'the signature has a high S value, which Fabric refuses' };
    }
    const valid = await verifier.verify(key, message, signature, der);
    return valid ? OK : { ok: false, reason: 'the signature does not verify with the signer certificate key' };
}

/** What a CA signs: a certificate's or a CRL's to-be-signed bytes, with the algorithm and signature. */
export interface CaSigned {
    readonly tbs: Uint8Array;
    readonly signatureAlgorithm: string;
    readonly signature: Uint8Array;
}

/** Verifies that `issuer` signed `certificate` or a CRL (ecdsa-with-SHA256; X.509 does not require low S). */
export async function verifyCertificateSignature(
    verifier: SignatureVerifier,
    certificate: CaSigned,
    issuer: Certificate,
): Promise<Verdict> {
    if (certificate.signatureAlgorithm !== OIDS.ecdsaWithSha256 || issuer.publicKey.curve !== OIDS.p256) {
        return { ok: false, reason: `unsupported certificate signature algorithm ${certificate.signatureAlgorithm}` };
    }
    const signature = parseDerSignature(certificate.signature);
    if (signature === undefined) {
        return { ok: false, reason: 'the certificate signature is not a DER ECDSA signature' };
    }
    const valid = await verifier.verify(issuer.publicKey, certificate.tbs, signature, certificate.signature);
    return valid ? OK : { ok: false, reason: `the certificate was not signed by ${issuer.subject.text}` };
}
