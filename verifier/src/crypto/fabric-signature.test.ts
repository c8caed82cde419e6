import { describe, expect, it } from 'vitest';
import { decodeReceiptEvidence } from '../receipt/decode-receipt.js';
import { fixtureReceipt, fixtureRoots, rootsOf } from '../testing/fixtures.js';
import { parseCertificate } from '../x509/certificate.js';
import { derSequence, derUnsignedInteger } from '../x509/der-writer.js';
import { pemCertificates } from '../x509/pem.js';
import { isLowS, P256_ORDER, parseDerSignature } from './ecdsa-signature.js';
import { verifyCertificateSignature, verifyFabricSignature } from './fabric-signature.js';
import { newNobleVerifier } from './noble-verifier.js';

const receipt = fixtureReceipt('direct');
const { transaction } = decodeReceiptEvidence(receipt.block.bytes, receipt.transaction.index);
const creator = parseCertificate(pemCertificates(new TextDecoder().decode(transaction.creator.idBytes))[0]!);
const verifier = newNobleVerifier();

function bigintOf(bytes: Uint8Array): bigint {
    return bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

describe('verifyFabricSignature', () => {
    it('accepts the creator’s low-S signature over the payload', async () => {
        const verdict = await verifyFabricSignature(
            verifier,
            creator.publicKey,
            transaction.payload,
            transaction.signature,
        );

        expect(verdict).toEqual({ ok: true });
    });

    it('refuses the same signature with S replaced by n − S, which is valid ECDSA but not for Fabric', async () => {
        const { r, s } = parseDerSignature(transaction.signature)!;
        const high = derSequence(derUnsignedInteger(bigintOf(r)), derUnsignedInteger(P256_ORDER - bigintOf(s)));
        expect(isLowS(parseDerSignature(high)!)).toBe(false);

        const verdict = await verifyFabricSignature(verifier, creator.publicKey, transaction.payload, high);

        expect(verdict).toEqual({ ok: false, reason: 'the signature has a high S value, which Fabric refuses' });
    });

    it('parses r and s as Go does: minimal, positive, trailing bytes ignored', () => {
        expect(parseDerSignature(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07, 0xff))).toEqual({
            r: Uint8Array.of(5),
            s: Uint8Array.of(7),
        });
        expect(parseDerSignature(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x07))).toBeUndefined();
        expect(parseDerSignature(Uint8Array.of(0x30, 0x07, 0x02, 0x02, 0x00, 0x05, 0x02, 0x01, 0x07))).toBeUndefined();
        expect(parseDerSignature(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x85, 0x02, 0x01, 0x07))).toBeUndefined();
    });

    it('refuses bytes that are not a DER signature', async () => {
        const verdict = await verifyFabricSignature(
            verifier,
            creator.publicKey,
            transaction.payload,
            Uint8Array.of(1, 2),
        );

        expect(verdict.ok).toBe(false);
    });
});

describe('verifyCertificateSignature', () => {
    it('verifies a leaf against its issuing CA and refuses another CA', async () => {
        const roots = fixtureRoots();
        const platformCa = parseCertificate(pemCertificates(rootsOf(roots, 'PlatformMSP')[0]!)[0]!);
        const bankCa = parseCertificate(pemCertificates(rootsOf(roots, 'BankMSP')[0]!)[0]!);

        expect((await verifyCertificateSignature(verifier, creator, platformCa)).ok).toBe(true);
        expect((await verifyCertificateSignature(verifier, creator, bankCa)).ok).toBe(false);
    });
});
