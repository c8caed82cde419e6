import { parseCertificate } from '../x509/certificate.js';
import { pemCertificates } from '../x509/pem.js';
import { NOTARY_MSP_ID } from './build-report-payload.js';
import { ReportBuildError } from './report-build-error.js';
import { type ReportIssuer } from './report-payload.js';

/**
 * The issuer a report names for a notary member's certificate: `NotaryMSP` and the certificate's subject, written
 * exactly as {@link verifyReport} compares it.
 *
 * @throws {@link ReportBuildError} when the PEM holds no readable certificate.
 * @example buildReportPayload(entries, { ...meta, issuer: reportIssuer(certificatePem) })
 */
export function reportIssuer(certificatePem: string): ReportIssuer {
    try {
        const [der] = pemCertificates(certificatePem);
        if (der === undefined) {
            throw new Error('no PEM certificate found');
        }
        return { mspId: NOTARY_MSP_ID, subject: parseCertificate(der).subject.text };
    } catch (error) {
        throw new ReportBuildError('issuer', `the certificate cannot be read: ${(error as Error).message}`);
    }
}
