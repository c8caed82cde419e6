/**
 * Notary reports: build, sign, render and verify a signed verification report over receipts
 * (`@lendledger/verifier/report`). Verifying one needs a trust store from `@lendledger/verifier/verify`.
 */
export { buildReportPayload, NOTARY_MSP_ID, type ReportEntry, type ReportMeta } from './report/build-report-payload.js';
export { COURT_QUESTIONS, type CourtQuestion } from './report/court-questions.js';
export { formatReportVerification } from './report/format-report-verification.js';
export { parseReportPayload, ReportFormatError } from './report/parse-report-payload.js';
export { REPORT_ALGORITHMS, type ReportAlgorithmName } from './report/report-algorithm.js';
export { ReportBuildError } from './report/report-build-error.js';
export {
    REPORT_CHECK_NAMES,
    REPORT_CHECK_TITLES,
    type ReportCheckName,
    type ReportCheckResult,
} from './report/report-check.js';
export {
    REPORT_FORMAT,
    REPORT_JWS_TYPE,
    type CreationFinding,
    type Finding,
    type FindingVerdict,
    type IntegrityFinding,
    type MethodFinding,
    type NotaryReportPayload,
    type ReportAlgorithm,
    type ReportedCheck,
    type ReportIdentity,
    type ReportIssuer,
    type ReportItem,
    type ReportVerdict,
    type TrustAnchor,
    type VerificationMethod,
    type WitnessFinding,
} from './report/report-payload.js';
export {
    answerFactors,
    COURT_FACTORS,
    type CourtFactor,
    type CourtFactorId,
    type FactorAnswer,
} from './report/court-factors.js';
export { type ReportPageSize } from './report/pdf-layout.js';
export { renderReportPdf, type RenderReportOptions } from './report/render-report-pdf.js';
export {
    DEFAULT_REPORT_FONT_PATH,
    REPORT_FONT_PACKAGE,
    ReportFontError,
    type ReportFont,
    type ReportFontErrorCode,
} from './report/report-font.js';
export { reportIssuer } from './report/report-issuer.js';
export { signReport, type ReportSigner } from './report/sign-report.js';
export { VERIFIER_NAME, VERIFIER_VERSION } from './report/verifier-version.js';
export { verifyReport, type ReportVerification, type VerifyReportOptions } from './report/verify-report.js';
