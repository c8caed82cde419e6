import { fingerprintLeaf, rfc9162 } from '@lendledger/domain';
import { unzipSync } from 'fflate';
import { defaultSignatureVerifier } from '../crypto/default-verifier.js';
import { rememberingVerifier } from '../crypto/remembering-verifier.js';
import { sha256 } from '../crypto/sha256.js';
import { type SignatureVerifier } from '../crypto/signature-verifier.js';
import { fromUtf8, toHex } from '../encoding/bytes.js';
import { SHA256_TREE } from '../merkle/sha256-tree.js';
import { type ConsortiumPolicy } from '../policy.js';
import { verifyReport, type ReportVerification } from '../report/verify-report.js';
import { type TrustStore } from '../roots/trust-store.js';
import { verifyReceipt, type VerificationResult } from '../verify-receipt.js';
import { packageCheck, PACKAGE_CHECK_NAMES, type PackageCheckName, type PackageCheckResult } from './package-check.js';
import { packageRoots, type EffectiveRoots, type PackageTrust, type PinnedRoots } from './package-roots.js';
import { PACKAGE_FILES, RECEIPTS_FOLDER, receiptPath, type PackageManifest } from './package-format.js';
import { parseManifest } from './parse-manifest.js';

/** How to verify a case package: the roots pinned (see {@link PinnedRoots}), and how to check signatures. */
export interface VerifyPackageOptions extends PinnedRoots {
    /** ECDSA implementation; WebCrypto (or pure JS where absent) by default. A store in `roots` keeps its own. */
    readonly signatureVerifier?: SignatureVerifier;
    /** What the consortium agreed; LendLedger's by default. */
    readonly policy?: ConsortiumPolicy;
}

export { type EffectiveRoots, type PackageTrust, type PinnedRoots } from './package-roots.js';

/** One receipt of the package and its verification. */
export interface PackageReceiptResult {
    readonly path: string;
    readonly fingerprint: string | undefined;
    readonly result: VerificationResult;
}

/** The outcome of verifying a case package: every named check, and `ok` when none failed. */
export interface PackageVerification {
    readonly ok: boolean;
    readonly caseId: string | undefined;
    readonly trust: PackageTrust;
    /** The roots bundle version every check took its policy and roots from, when one could be trusted. */
    readonly roots: EffectiveRoots | undefined;
    readonly checks: readonly PackageCheckResult[];
    readonly receipts: readonly PackageReceiptResult[];
    readonly report: ReportVerification | undefined;
    /** The manifest when it could be read: its `createdAt` and `createdBy` are the maker's word, signed by nobody. */
    readonly manifest: PackageManifest | undefined;
}

/** The parts of `case.json` (the ledger's `Case:GetEvidence` answer) the checks read. */
interface CaseView {
    readonly caseId: string;
    readonly root: string;
    readonly size: number;
    readonly items: readonly string[];
}

/**
 * Verifies a case package (`GET /v1/cases/{id}/package`) offline, in memory: the manifest's hash of every file,
 * the governance of the roots (the package's bundle is the pinned one or reached from it by signed updates, or, with
 * nothing pinned, is signed by a strict majority of its own members), every receipt against the effective roots, that each receipt is of the case, that every item is covered, and the
 * notary report. Never throws for a bad package: every problem is a failed check naming the file.
 *
 * @param bytes - the zip.
 * A pinned bundle or update that does not bind is a failed `trusted-roots` check naming its ROOTS_* code, not a throw.
 * @example
 * const result = await verifyPackage(new Uint8Array(await file.arrayBuffer()), {
 *     roots: parseRootsBundle(pinned),
 *     updates: received.map(parseRootsBundle),
 * });
 */
export async function verifyPackage(
    bytes: Uint8Array,
    options: VerifyPackageOptions = {},
): Promise<PackageVerification> {
    const checks: PackageCheckResult[] = [];
    const done = (extra: Partial<PackageVerification> = {}): PackageVerification => complete(checks, extra);

    const files = unzip(bytes);
    if (typeof files === 'string') {
        checks.push(packageCheck('package-format', 'fail', files));
        return done();
    }
    const manifestBytes = files.get(PACKAGE_FILES.manifest);
    let manifest: PackageManifest;
    try {
        if (manifestBytes === undefined) {
            throw new Error(`${PACKAGE_FILES.manifest} is missing`);
        }
        manifest = parseManifest(fromUtf8(manifestBytes));
        const repeated = manifest.files.map((f) => f.path).find((path, i, all) => all.indexOf(path) !== i);
        if (repeated !== undefined) {
            throw new Error(`${PACKAGE_FILES.manifest}: ${repeated} is listed twice`);
        }
    } catch (error) {
        const message = (error as Error).message;
        const reason = message.startsWith(PACKAGE_FILES.manifest) ? message : `${PACKAGE_FILES.manifest}: ${message}`;
        checks.push(packageCheck('package-format', 'fail', reason));
        return done();
    }
    checks.push(
        packageCheck('package-format', 'pass', `${manifest.format} for case ${manifest.caseId}, ${files.size} files`),
    );
    checks.push(checkHashes(files, manifest));

    // Receipts of one batch share their transaction's and block's signatures: check each distinct one once.
    const verifier = options.signatureVerifier ?? rememberingVerifier(defaultSignatureVerifier());
    const { trust, kind, check, effective } = await packageRoots(files.get(PACKAGE_FILES.roots), options, verifier);
    checks.push(check);
    const caseView = readCase(files, manifest, checks);

    const receipts: PackageReceiptResult[] = [];
    if (trust === undefined) {
        checks.push(packageCheck('receipts', 'fail', 'not checked: no roots bundle to trust'));
    } else {
        for (const [path, content] of files) {
            if (path.startsWith(RECEIPTS_FOLDER)) {
                receipts.push({ path, ...(await verifyOne(content, trust, options.policy)) });
            }
        }
        checks.push(receiptsCheck(receipts));
    }
    checks.push(belongCheck(receipts, caseView, files));
    checks.push(coverageCheck(files, manifest, caseView));
    const report = await reportCheck(files, manifest, trust, caseView, checks);
    return done({ caseId: manifest.caseId, trust: kind, roots: effective, receipts, report, manifest });
}

/**
 * Most bytes a package's files may hold uncompressed, all together: a case of thousands of receipts with its report
 * and font fits many times over, and a decompression bomb (a small zip whose entries inflate, or only claim to
 * inflate, to gigabytes) is refused before anything is allocated.
 */
export const MAX_PACKAGE_BYTES = 256 * 1024 * 1024;

/** The zip's files, or why it cannot be read. A name that occurs twice is refused: one of the two would be hidden. */
function unzip(bytes: Uint8Array): Map<string, Uint8Array> | string {
    const names: string[] = [];
    let declared = 0;
    let entries: Record<string, Uint8Array>;
    try {
        entries = unzipSync(bytes, {
            // The reader allocates each entry's declared size and inflates no further, so bounding the declared
            // total bounds memory; nothing is inflated once the total is over.
            filter: (file) => {
                names.push(file.name);
                declared += file.originalSize;
                return declared <= MAX_PACKAGE_BYTES;
            },
        });
    } catch (error) {
        return `not a readable zip: ${(error as Error).message}`;
    }
    if (declared > MAX_PACKAGE_BYTES) {
        return `the zip's entries claim ${declared} bytes, more than ${MAX_PACKAGE_BYTES} bytes uncompressed a package may hold`;
    }
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated !== undefined) {
        return `${repeated} occurs twice in the zip`;
    }
    return new Map(names.map((name) => [name, entries[name]!]));
}

function checkHashes(files: ReadonlyMap<string, Uint8Array>, manifest: PackageManifest): PackageCheckResult {
    const problems: string[] = [];
    const listed = new Set(manifest.files.map((f) => f.path));
    for (const entry of manifest.files) {
        const content = files.get(entry.path);
        if (content === undefined) {
            problems.push(`${entry.path}: listed in ${PACKAGE_FILES.manifest} but absent (removed or renamed)`);
        } else if (content.length !== entry.size || toHex(sha256(content)) !== entry.sha256) {
            problems.push(
                `${entry.path}: differs from ${PACKAGE_FILES.manifest}, which lists ${entry.size} bytes with SHA-256 ${entry.sha256}`,
            );
        }
    }
    for (const path of files.keys()) {
        if (path !== PACKAGE_FILES.manifest && !listed.has(path)) {
            problems.push(`${path}: not listed in ${PACKAGE_FILES.manifest} (added or renamed)`);
        }
    }
    return problems.length === 0
        ? packageCheck('manifest-hashes', 'pass', `${manifest.files.length} files match their SHA-256 and size`)
        : packageCheck('manifest-hashes', 'fail', problems.join('; '));
}

function readCase(
    files: ReadonlyMap<string, Uint8Array>,
    manifest: PackageManifest,
    checks: PackageCheckResult[],
): CaseView | undefined {
    const fail = (reason: string): undefined => {
        checks.push(packageCheck('case-items', 'fail', `${PACKAGE_FILES.case}: ${reason}`));
        return undefined;
    };
    const content = files.get(PACKAGE_FILES.case);
    const view = content === undefined ? 'absent' : parseCaseView(content);
    if (typeof view === 'string') {
        return fail(view);
    }
    if (view.caseId !== manifest.caseId) {
        return fail(`names case ${view.caseId}, the manifest ${manifest.caseId}`);
    }
    const root = toHex(
        rfc9162.merkleRoot(
            SHA256_TREE,
            view.items.map((fp) => fingerprintLeaf(fp)),
        ),
    );
    if (view.items.length !== view.size || root !== view.root) {
        return fail(
            `its ${view.items.length} items hash to root ${root}, the case states ${view.size} items with root ${view.root}`,
        );
    }
    checks.push(
        packageCheck(
            'case-items',
            'pass',
            `case ${view.caseId}: ${view.size} items, RFC 9162 root ${view.root} as filed (the case view is the gateway's read of the ledger)`,
        ),
    );
    return view;
}

/** The case view in `case.json`, or what is wrong with it. */
function parseCaseView(content: Uint8Array): CaseView | string {
    let value: {
        case?: { caseId?: unknown; package?: { root?: unknown; size?: unknown } };
        items?: { fingerprint?: unknown }[];
    };
    try {
        value = JSON.parse(fromUtf8(content)) as typeof value;
    } catch {
        return 'not valid JSON';
    }
    const items: unknown[] | undefined = Array.isArray(value.items)
        ? value.items.map((item) => item.fingerprint)
        : undefined;
    const { caseId, package: pkg } = value.case ?? {};
    if (
        typeof caseId !== 'string' ||
        typeof pkg?.root !== 'string' ||
        typeof pkg.size !== 'number' ||
        items === undefined ||
        !items.every((fp): fp is string => typeof fp === 'string')
    ) {
        return 'not a case view (case.caseId, case.package.root and size, items[].fingerprint)';
    }
    return { caseId, root: pkg.root, size: pkg.size, items };
}

async function verifyOne(
    content: Uint8Array,
    trust: TrustStore,
    policy: ConsortiumPolicy | undefined,
): Promise<{ fingerprint: string | undefined; result: VerificationResult }> {
    let value: unknown;
    try {
        value = JSON.parse(fromUtf8(content));
    } catch {
        value = undefined;
    }
    const result = await verifyReceipt(value, { roots: trust, ...(policy ? { policy } : {}) });
    return { fingerprint: result.fingerprint, result };
}

function receiptsCheck(receipts: readonly PackageReceiptResult[]): PackageCheckResult {
    const failed = receipts
        .filter((r) => !r.result.ok)
        .map(
            (r) =>
                `${r.path}: ${r.result.checks
                    .filter((c) => c.status === 'fail')
                    .map((c) => c.name)
                    .join(', ')}`,
        );
    if (failed.length > 0) {
        return packageCheck('receipts', 'fail', `${failed.length} of ${receipts.length} failed: ${failed.join('; ')}`);
    }
    return packageCheck('receipts', 'pass', `${receipts.length} receipts verified`);
}

function belongCheck(
    receipts: readonly PackageReceiptResult[],
    caseView: CaseView | undefined,
    files: ReadonlyMap<string, Uint8Array>,
): PackageCheckResult {
    if (caseView === undefined) {
        return packageCheck('receipts-belong-to-case', 'fail', 'not checked: the case record could not be read');
    }
    const ofCase = new Set([...caseView.items, ...chainFingerprints(files)]);
    const strangers = receipts
        .filter(
            (r) => r.fingerprint === undefined || !ofCase.has(r.fingerprint) || receiptPath(r.fingerprint) !== r.path,
        )
        .map((r) => `${r.path} (${r.fingerprint ?? 'no fingerprint'})`);
    return strangers.length === 0
        ? packageCheck(
              'receipts-belong-to-case',
              'pass',
              `${receipts.length} receipts, each of a case item under its own name`,
          )
        : packageCheck(
              'receipts-belong-to-case',
              'fail',
              `not of this case's package or chain, or under another item's name: ${strangers.join('; ')}`,
          );
}

/** Fingerprints of the loan's chain (`chain.json`, a ChainView): each record's ID is its fingerprint. */
function chainFingerprints(files: ReadonlyMap<string, Uint8Array>): string[] {
    const content = files.get(PACKAGE_FILES.chain);
    try {
        const chain = JSON.parse(fromUtf8(content ?? new Uint8Array())) as {
            entries?: { record?: { id?: unknown } }[];
        };
        return (chain.entries ?? []).map((e) => e.record?.id).filter((id): id is string => typeof id === 'string');
    } catch {
        return [];
    }
}

function coverageCheck(
    files: ReadonlyMap<string, Uint8Array>,
    manifest: PackageManifest,
    caseView: CaseView | undefined,
): PackageCheckResult {
    if (caseView === undefined) {
        return packageCheck('items-covered', 'fail', 'not checked: the case record could not be read');
    }
    const listed = new Map(manifest.unavailable.flatMap((u) => (u.fingerprint ? [[u.fingerprint, u.reason]] : [])));
    const missing: string[] = [];
    for (const fingerprint of new Set(caseView.items)) {
        if (!files.has(receiptPath(fingerprint))) {
            const reason = listed.get(fingerprint);
            missing.push(
                `${fingerprint}: ${reason === undefined ? 'absent and not listed as unavailable' : `unavailable (${reason})`}`,
            );
        }
    }
    return missing.length === 0
        ? packageCheck('items-covered', 'pass', `each of the ${caseView.items.length} items has its receipt`)
        : packageCheck('items-covered', 'fail', `${missing.length} items have no receipt: ${missing.join('; ')}`);
}

async function reportCheck(
    files: ReadonlyMap<string, Uint8Array>,
    manifest: PackageManifest,
    trust: TrustStore | undefined,
    caseView: CaseView | undefined,
    checks: PackageCheckResult[],
): Promise<ReportVerification | undefined> {
    const jws = files.get(PACKAGE_FILES.reportJws);
    if (jws === undefined) {
        const why = manifest.unavailable.find((u) => u.path === PACKAGE_FILES.reportJws)?.reason;
        checks.push(packageCheck('notary-report', 'skip', why ?? 'the package holds no notary report'));
        return undefined;
    }
    if (trust === undefined) {
        checks.push(packageCheck('notary-report', 'fail', 'not checked: no roots bundle to trust'));
        return undefined;
    }
    const timestamp = files.get(PACKAGE_FILES.reportTimestamp);
    const report = await verifyReport(fromUtf8(jws), trust, timestamp === undefined ? {} : { timestamp });
    const problems = reportProblems(report, manifest, caseView, files);
    const payload = report.payload;
    checks.push(
        problems.length === 0
            ? packageCheck(
                  'notary-report',
                  'pass',
                  `${PACKAGE_FILES.reportJws}: report ${payload?.reportId} of ${payload?.issuedAt}, verdict ${payload?.verdict}, signed by ${payload?.issuer.subject}`,
              )
            : packageCheck('notary-report', 'fail', `${PACKAGE_FILES.reportJws}: ${problems.join('; ')}`),
    );
    return report;
}

/** What is wrong with the report: a failed report check, another case, items outside the case, no PDF. */
function reportProblems(
    report: ReportVerification,
    manifest: PackageManifest,
    caseView: CaseView | undefined,
    files: ReadonlyMap<string, Uint8Array>,
): string[] {
    const problems = report.checks.filter((c) => c.status === 'fail').map((c) => `${c.name}: ${c.reason}`);
    const payload = report.payload;
    if (payload !== undefined && payload.caseId !== manifest.caseId) {
        problems.push(`it is about case ${payload.caseId ?? '(none)'}, not ${manifest.caseId}`);
    }
    const items = new Set(caseView?.items ?? []);
    const foreign = (payload?.items ?? []).filter((item) => item.fingerprint === null || !items.has(item.fingerprint));
    if (foreign.length > 0) {
        problems.push(`${foreign.length} of its items are not items of the case`);
    }
    if (!files.has(PACKAGE_FILES.reportPdf)) {
        problems.push(`${PACKAGE_FILES.reportPdf} is missing`);
    }
    return problems;
}

/** Every check in the documented order; those that could not run fail as "not checked". */
function complete(results: readonly PackageCheckResult[], extra: Partial<PackageVerification>): PackageVerification {
    const byName = new Map<PackageCheckName, PackageCheckResult>(results.map((r) => [r.name, r]));
    const checks = PACKAGE_CHECK_NAMES.map(
        (name) => byName.get(name) ?? packageCheck(name, 'fail', 'not checked: the package could not be read'),
    );
    return {
        ok: checks.every((c) => c.status !== 'fail'),
        caseId: extra.caseId,
        trust: extra.trust ?? 'none',
        roots: extra.roots,
        checks,
        receipts: extra.receipts ?? [],
        report: extra.report,
        manifest: extra.manifest,
    };
}
