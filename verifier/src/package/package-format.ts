/** Format tag of a case package's manifest. */
export const PACKAGE_FORMAT = 'lendledger-case-package/1';

/**
 * The fixed files of a case package. Receipts go under `receipts/` (see {@link receiptPath}); the manifest is written
 * last, so a package can be streamed while each file's hash is computed.
 */
export const PACKAGE_FILES = Object.freeze({
    guide: 'GUIDE.md',
    case: 'case.json',
    chain: 'chain.json',
    roots: 'roots.json',
    reportJws: 'report/notary-report.jws',
    reportPdf: 'report/notary-report.pdf',
    /** The RFC 3161 token over SHA-256 of the report's compact JWS (DER), which the JWS cannot carry itself. */
    reportTimestamp: 'report/notary-report.tst',
    manifest: 'manifest.json',
});

/** The folder holding one receipt per package item. */
export const RECEIPTS_FOLDER = 'receipts/';

/** A file the manifest vouches for: its path in the zip, SHA-256 (hex) and size in bytes. */
export interface PackageFileEntry {
    readonly path: string;
    readonly sha256: string;
    readonly size: number;
}

/**
 * Something the package should hold but does not, with the reason, so an omission is always visible: a receipt the
 * gateway could not build (then `fingerprint` names the item), the roots bundle, the notary report.
 */
export interface UnavailableEntry {
    readonly path: string;
    readonly fingerprint?: string;
    readonly reason: string;
}

/** `manifest.json`: what the package is and the hash and size of every other file in it. */
export interface PackageManifest {
    readonly format: typeof PACKAGE_FORMAT;
    readonly caseId: string;
    /** When the gateway assembled the package (ISO 8601); stated by the gateway, signed by nobody. */
    readonly createdAt: string;
    /** The MSP ID of the organisation whose gateway assembled it. */
    readonly createdBy: string;
    /** Every file of the zip except the manifest itself, in the zip's order. */
    readonly files: readonly PackageFileEntry[];
    readonly unavailable: readonly UnavailableEntry[];
}

/**
 * The path of an item's receipt: `receipts/<algorithm>-<hex>.json`, derived from the fingerprint so that the order
 * of receipts (sorted by fingerprint) and their names are the same whoever builds the package.
 */
export function receiptPath(fingerprint: string): string {
    return `${RECEIPTS_FOLDER}${fingerprint.replace(':', '-')}.json`;
}
