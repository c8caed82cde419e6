import { parsePemCertificate } from '../x509/certificate.js';
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
        return { mspId: NOTARY_MSP_ID, subject: parsePemCertificate(certificatePem).subject.text };
    } catch (error) {
        throw new ReportBuildError('issuer', `the certificate cannot be read: ${(error as Error).message}`);
    }
}
