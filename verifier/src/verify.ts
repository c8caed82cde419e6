/**
 * Verifying receipts: read a receipt and a roots bundle, check every signature and hash against the consortium's
 * policy. No Fabric SDK, no network, no Node built-ins (`@lendledger/verifier/verify`).
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
export { parseReceipt } from './receipt/parse-receipt.js';
export {
    RECEIPT_FORMAT,
    type Receipt,
    type ReceiptAnchor,
    type ReceiptIdentity,
    type ReceiptSummary,
    type ReceiptWitness,
    type ReceiptTimestamp,
    type ReceiptWrite,
} from './receipt/receipt.js';
export { ReceiptFormatError } from './receipt/receipt-format-error.js';
export { DOCUMENT_MEMBERS } from './receipt/written-member.js';
export { type IdentityVerdict, type NodeRole } from './roots/identity-verdict.js';
export {
    organisationsOf,
    parseRootsBundle,
    policyOfBundle,
    readRootsBundle,
    orderingOf,
    ROOTS_FORMAT,
    ROOTS_FORMATS,
    rootsBody,
    RootsBundleError,
    serialiseRootsBundle,
    type RootsBody,
    type RootsBundle,
    type RootsFormat,
    type RootsEndorsementPolicy,
    type RootsMember,
    type RootsOrderer,
    type RootsSignature,
    type RootsTimestampAuthority,
} from './roots/roots-bundle.js';
export { orderingAfter } from './roots/ordering-history.js';
export {
    followRootsUpdates,
    rootsBodyHash,
    rootsSigningBytes,
    verifyOwnRootsBundle,
    verifyRootsBundle,
    type RootsGovernanceOptions,
} from './roots/roots-governance.js';
export {
    ROOTS_GOVERNANCE_CODES,
    RootsGovernanceError,
    type RootsGovernanceCode,
} from './roots/roots-governance-error.js';
export { evidenceTimeOf, type EvidenceTime } from './checks/evidence-time.js';
// The four court questions are also the report's; a page that only verifies receipts needs them without the report.
export { COURT_QUESTIONS, type CourtQuestion } from './report/court-questions.js';
export { parseRevocationList, type RevocationList } from './x509/crl.js';
export { parsePemCertificate, type Certificate } from './x509/certificate.js';
export { TrustStore } from './roots/trust-store.js';
export { trustStoreFor } from './roots/trust-store-factory.js';
export { timestampAuthorityFromPem, type TrustedTimestampAuthority } from './timestamp/timestamp-authorities.js';
export { verifyTimestampToken, type TimestampVerdict, type TrustedTime } from './timestamp/verify-timestamp-token.js';
export { verifyReceipt, type VerificationResult, type VerifyReceiptOptions } from './verify-receipt.js';
export { assembleRootsBundle, withRootsSignature } from './roots/roots-signing.js';
export { verifyTapeExport, verifyTapePage } from './abs/verify-tape.js';
export { verifyPoolRootConsistency } from './abs/verify-pool-root.js';
export {
    TAPE_PAGE_UNPROVEN_LOAN_FIELDS,
    type TapeAnchor,
    type TapeExportVerification,
    type TapePage,
    type TapePageFailure,
    type TapePageVerification,
    type PoolRoot,
    type PoolRootAnchor,
    type PoolRootConsistency,
    type PoolRootFailure,
    type PoolRootVerification,
} from '@lendledger/domain';
