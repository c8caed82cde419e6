import { canonicalJson } from '@lendledger/domain';
import { CompactSign, compactVerify, importPKCS8, type CryptoKey, type KeyObject } from 'jose';
import { toBase64, utf8 } from '../encoding/bytes.js';
import { parsePemCertificate, type Certificate } from '../x509/certificate.js';
import { algorithmForKey, verificationKey, type ReportAlgorithmName } from './report-algorithm.js';
import { ReportBuildError } from './report-build-error.js';
import { REPORT_JWS_TYPE, type NotaryReportPayload } from './report-payload.js';

/** The notary member that signs: its Fabric user key and the enrolment certificate the Notary CA issued for it. */
export interface ReportSigner {
    /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`, Fabric's keystore format), a WebCrypto key or a Node KeyObject. */
    readonly privateKey: string | CryptoKey | KeyObject;
    /** The signer's certificate, PEM; it travels in the JWS header as `x5c`. */
    readonly certificate: string;
}

/**
 * Signs a report: a compact JWS over the payload's canonical JSON, ES256 for a P-256 key and ES384 for P-384, with
 * the protected header `{ alg, typ: 'lendledger-notary-report+jws', x5c: [certificate] }`. The signature is checked
 * against the certificate before it is returned, so a key that does not match its certificate never issues a report.
 *
 * @throws {@link ReportBuildError} when the certificate is unreadable or not P-256/P-384, its subject is not the
 *   payload's issuer, or the private key cannot be read or does not match the certificate.
 * @example const jws = await signReport(payload, { privateKey: keyPem, certificate: certPem });
 */
export async function signReport(payload: NotaryReportPayload, signer: ReportSigner): Promise<string> {
    const certificate = readCertificate(signer.certificate);
    const alg = algorithmForKey(certificate.publicKey);
    if (alg === undefined) {
        throw new ReportBuildError('signer.certificate', 'the certificate key is neither P-256 nor P-384');
    }
    if (certificate.subject.text !== payload.issuer.subject) {
        throw new ReportBuildError(
            'issuer.subject',
            `the payload names ${payload.issuer.subject} as issuer but the certificate is ${certificate.subject.text}`,
        );
    }
    const key = await signingKey(signer.privateKey, alg);
    let jws: string;
    try {
        jws = await new CompactSign(utf8(canonicalJson(payload)))
            .setProtectedHeader({ alg, typ: REPORT_JWS_TYPE, x5c: [toBase64(certificate.der)] })
            .sign(key);
    } catch (error) {
        throw new ReportBuildError('signer.privateKey', `the key cannot sign ${alg}: ${(error as Error).message}`);
    }
    try {
        await compactVerify(jws, await verificationKey(certificate.publicKey, alg), { algorithms: [alg] });
    } catch {
        throw new ReportBuildError('signer.privateKey', 'the private key does not belong to the certificate');
    }
    return jws;
}

function readCertificate(pem: string): Certificate {
    try {
        return parsePemCertificate(pem);
    } catch (error) {
        throw new ReportBuildError('signer.certificate', `the certificate cannot be read: ${(error as Error).message}`);
    }
}

async function signingKey(
    privateKey: ReportSigner['privateKey'],
    alg: ReportAlgorithmName,
): Promise<CryptoKey | KeyObject> {
    if (typeof privateKey !== 'string') {
        return privateKey;
    }
    try {
        return await importPKCS8(privateKey, alg);
    } catch (error) {
        throw new ReportBuildError('signer.privateKey', `the PKCS#8 key cannot be read: ${(error as Error).message}`);
    }
}
