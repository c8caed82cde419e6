/**
 * Offline verification of LendLedger receipts: no Fabric SDK, no network, no Node built-ins, so the same code runs
 * in Node and in browsers. Node-only helpers (files, OpenSSL-backed ECDSA) are in `./node/`.
 */
export {
    CHECK_NAMES,
    CHECK_TITLES,
    type CheckName,
    type CheckResult,
    type CheckStatus,
} from './checks/check-result.js';
export { defaultSignatureVerifier } from './crypto/default-verifier.js';
export { newNobleVerifier } from './crypto/noble-verifier.js';
export { rememberingVerifier } from './crypto/remembering-verifier.js';
export { type SignatureVerifier } from './crypto/signature-verifier.js';
export { newWebCryptoVerifier } from './crypto/webcrypto-verifier.js';
export { FabricDecodeError } from './decode/decode-error.js';
export { LENDLEDGER_POLICY, type ConsortiumPolicy } from './policy.js';
export { type AnchorProofInput } from './receipt/anchor-proof.js';
export {
    AnchorProofError,
    BlockUnreadableError,
    FingerprintFormatError,
    FingerprintNotWrittenError,
    ReceiptBuildError,
    TransactionNotInBlockError,
    TransactionNotValidError,
} from './receipt/build-errors.js';
export { buildReceipt, type BuildReceiptOptions } from './receipt/build-receipt.js';
export { parseReceipt } from './receipt/parse-receipt.js';
export {
    RECEIPT_FORMAT,
    type Receipt,
    type ReceiptAnchor,
    type ReceiptIdentity,
    type ReceiptSummary,
    type ReceiptWrite,
} from './receipt/receipt.js';
export { ReceiptFormatError } from './receipt/receipt-format-error.js';
export { DOCUMENT_MEMBERS } from './receipt/written-member.js';
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
export { renderReportPdf } from './report/render-report-pdf.js';
export { reportIssuer } from './report/report-issuer.js';
export { signReport, type ReportSigner } from './report/sign-report.js';
export { VERIFIER_NAME, VERIFIER_VERSION } from './report/verifier-version.js';
export { verifyReport, type ReportVerification } from './report/verify-report.js';
export { type IdentityVerdict, type NodeRole } from './roots/identity-verdict.js';
export {
    parseRootsBundle,
    ROOTS_FORMAT,
    RootsBundleError,
    serialiseRootsBundle,
    type RootsBundle,
} from './roots/roots-bundle.js';
export { TrustStore } from './roots/trust-store.js';
export { trustStoreFor } from './roots/trust-store-factory.js';
export { verifyReceipt, type VerificationResult, type VerifyReceiptOptions } from './verify-receipt.js';
