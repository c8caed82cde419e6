/**
 * Case packages: one zip per case holding its receipts, the loan's chain, the roots bundle and the notary report,
 * with a manifest of every file's hash (`@lendledger/verifier/package`). Browser-safe: writing and verifying both run
 * in memory with fflate.
 */
export { formatPackageVerification } from './package/format-package-verification.js';
export {
    PACKAGE_CHECK_NAMES,
    PACKAGE_CHECK_TITLES,
    type PackageCheckName,
    type PackageCheckResult,
} from './package/package-check.js';
export {
    PACKAGE_FILES,
    PACKAGE_FORMAT,
    RECEIPTS_FOLDER,
    receiptPath,
    type PackageFileEntry,
    type PackageManifest,
    type UnavailableEntry,
} from './package/package-format.js';
export { PACKAGE_GUIDE } from './package/package-guide.js';
export {
    CasePackageWriter,
    PackageWriteError,
    writeCasePackage,
    type CasePackageContent,
    type CasePackageWriterOptions,
} from './package/package-writer.js';
export { PackageManifestError, parseManifest } from './package/parse-manifest.js';
export {
    verifyPackage,
    type EffectiveRoots,
    type PackageReceiptResult,
    type PackageTrust,
    type PackageVerification,
    type PinnedRoots,
    type VerifyPackageOptions,
} from './package/verify-package.js';
