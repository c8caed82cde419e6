import { describe, expect, it } from 'vitest';
import { fixtureRoots, rootsOf } from '../testing/fixtures.js';
import { outsiderCredential } from '../testing/outsider.js';
import { CertificateParseError, commonName, OIDS, organisationalUnits, parseCertificate } from './certificate.js';
import { KEY_USAGE } from './extensions.js';
import { pemCertificates } from './pem.js';

const rootDer = pemCertificates(rootsOf(fixtureRoots(), 'BankMSP')[0]!)[0]!;

describe('parseCertificate', () => {
    it('reads a cryptogen CA certificate', () => {
        const certificate = parseCertificate(rootDer);

        expect(commonName(certificate)).toBe('ca.bank.lendledger.test');
        expect(certificate.subject.text).toBe(certificate.issuer.text);
        expect(certificate.subject.text).toMatch(/^CN=ca\.bank\.lendledger\.test,O=bank\.lendledger\.test,/);
        expect(certificate.extensions.isCa).toBe(true);
        expect(certificate.extensions.keyUsage! & (1 << KEY_USAGE.keyCertSign)).not.toBe(0);
        expect(certificate.publicKey.curve).toBe(OIDS.p256);
        expect(certificate.publicKey.point).toHaveLength(65);
        expect(certificate.signatureAlgorithm).toBe(OIDS.ecdsaWithSha256);
        expect(certificate.notBefore.getTime()).toBeLessThan(certificate.notAfter.getTime());
        expect(certificate.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    });

    it('reads the OU roles and key usage of a leaf certificate', async () => {
        const { certificatePem } = await outsiderCredential({ commonName: 'peer0.x', organisationalUnit: 'peer' });
        const certificate = parseCertificate(pemCertificates(certificatePem)[0]!);

        expect(organisationalUnits(certificate)).toEqual(['peer']);
        expect(certificate.extensions.isCa).toBe(false);
        expect(certificate.extensions.keyUsage).toBe(1 << KEY_USAGE.digitalSignature);
    });

    it('throws CertificateParseError for truncated or trailing bytes', () => {
        expect(() => parseCertificate(rootDer.subarray(0, rootDer.length - 1))).toThrow(CertificateParseError);
        expect(() => parseCertificate(Uint8Array.of(...rootDer, 0))).toThrow(/trailing bytes/);
    });
});
