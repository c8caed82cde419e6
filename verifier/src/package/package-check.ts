import { type CheckStatus } from '../checks/check-result.js';

/** Every check a case package goes through, in the order they are reported. */
export const PACKAGE_CHECK_NAMES = [
    'package-format',
    'manifest-hashes',
    'trusted-roots',
    'case-items',
    'receipts',
    'receipts-belong-to-case',
    'items-covered',
    'notary-report',
] as const;

/** Name of a package check. */
export type PackageCheckName = (typeof PACKAGE_CHECK_NAMES)[number];

/** The outcome of one package check, shaped like a receipt's check. */
export interface PackageCheckResult {
    readonly name: PackageCheckName;
    readonly status: CheckStatus;
    /** What the check establishes when it passes. */
    readonly title: string;
    /** Why it passed, failed or was skipped, naming the files concerned. */
    readonly reason: string;
}

/** What each package check proves when it passes. */
export const PACKAGE_CHECK_TITLES: Readonly<Record<PackageCheckName, string>> = Object.freeze({
    'package-format': 'The zip reads and its manifest is a well-formed lendledger-case-package/1 document',
    'manifest-hashes': 'Every file is exactly as the manifest lists it: nothing changed, added or removed',
    'trusted-roots':
        'The roots are governed: the package’s bundle is the pinned one or reached from it by signed updates, or, with nothing pinned, signed by a strict majority of its own members',
    'case-items': 'The case record names this case and its items hash to the package root it states',
    receipts: 'Every receipt verifies against the trusted roots',
    'receipts-belong-to-case': 'Every receipt is of an item of the case’s package or of the loan’s chain',
    'items-covered': 'Every item of the case’s package has a receipt in the package',
    'notary-report': 'The notary report is authentic, issued by the notary organisation, and about this case',
});

/** A package check with its title. */
export function packageCheck(name: PackageCheckName, status: CheckStatus, reason: string): PackageCheckResult {
    return { name, status, title: PACKAGE_CHECK_TITLES[name], reason };
}
