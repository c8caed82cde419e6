import { bytesEqual, fromHex, toHex } from '../bytes.js';
import { canonicalBytes } from '../canonical-json.js';
import { rootFromInclusionProof, rootOfLeafHashes } from '../merkle/rfc9162.js';
import { type Digest, rfc9162Hasher } from '../merkle/tree-hasher.js';
import { tapeLeaf } from './tape.js';
import { isTapePageSize, nextTapePageIndex, type TapePage, tapePageCount, tapePageLength } from './tape-page.js';

/**
 * Offline checks of tape pages (`AbsPool:ExportTape`) against the cut-off tape root a reader already trusts, with
 * the hash injected so that Node (the chaincode's tests, the bench) and browsers (the verifier) share one rule.
 *
 * What a page proves, and what it does not:
 * - proved by the tape root and size: each entry's loan ID, fingerprint and tape position, that the page holds
 *   exactly the loans of its range in tape order (nothing missing, added or reordered), and the page's place in
 *   the tape. The tape leaf is `{fingerprint, loanId}` and nothing else.
 * - NOT proved: the private amounts and the record's `amountsDigest`, and the record's other public fields
 *   ({@link TAPE_PAGE_UNPROVEN_LOAN_FIELDS}). None is in the tape leaf, so whoever relays a page can change an
 *   amount and recompute `amountsDigest` with it; they are as good as the peer that answered (and every hop
 *   after it). Every result says so (`amountsProved: false`). That amounts hash to their page's `amountsDigest`
 *   is checked only as a consistency check of the page (`TAPE_PAGE_AMOUNTS`): it catches a peer or relay that
 *   changed one without the other, never one that changed both. Binding amounts to the root needs a change of
 *   the tape leaf, a later format.
 * - the one check of amounts against something trusted: with the cut-off record's `originalPrincipal`
 *   (`AbsPool:GetPool`'s `cutOff.originalPrincipal`, read where the root and size are read) in the anchor, a
 *   complete export's loans' original principals must sum to it (`TAPE_EXPORT_TOTAL`). A change that keeps the
 *   sum (moving principal between loans) and every other amount (current principal, losses, recoveries: the
 *   state now) still pass.
 */

/** A page check that failed. */
export type TapePageFailureCode =
    | 'TAPE_PAGE_SHAPE'
    | 'TAPE_PAGE_ANCHOR'
    | 'TAPE_PAGE_GEOMETRY'
    | 'TAPE_PAGE_ENTRY'
    | 'TAPE_PAGE_AMOUNTS'
    | 'TAPE_PAGE_PROOF'
    | 'TAPE_EXPORT_SEQUENCE'
    | 'TAPE_EXPORT_TOTAL';

/** One failed check, with the page (in an export) and entry it concerns when there is one. */
export interface TapePageFailure {
    readonly code: TapePageFailureCode;
    readonly message: string;
    readonly page?: number;
    readonly entry?: number;
}

/** What the reader trusts before reading pages: the cut-off snapshot of `AbsPool:GetPool`. */
export interface TapeAnchor {
    readonly dealId: string;
    readonly tapeRoot: string;
    readonly tapeSize: number;
    /** When set, a page must (true) or must not (false) carry private amounts. */
    readonly expectAmounts?: boolean;
    /**
     * The cut-off record's `originalPrincipal` (`AbsPool:GetPool`'s `cutOff.originalPrincipal`), trusted as the
     * root and size are. When set, a whole export must carry amounts whose original principals sum to it; a single
     * page is not checked against it.
     */
    readonly originalPrincipal?: number;
}

/** The outcome of checking a page or a whole export. */
export interface TapePageVerification {
    readonly ok: boolean;
    readonly failures: readonly TapePageFailure[];
    /**
     * Always false: the tape root does not cover the private amounts or `amountsDigest`, so `ok` never means that
     * the amounts are the ledger's; they are as the answering peer (and any relay) gave them.
     */
    readonly amountsProved: false;
}

/** The outcome of checking a whole export. */
export interface TapeExportVerification extends TapePageVerification {
    /**
     * True when the anchor gave the cut-off `originalPrincipal` and the export's original principals were summed
     * against it (a mismatch is a `TAPE_EXPORT_TOTAL` failure); false when no total was given.
     */
    readonly originalPrincipalChecked: boolean;
}

/**
 * Fields of a page's loan records that the tape root does not cover: the loan's current public state, and
 * `amountsDigest`, which a relay can recompute for amounts it changed.
 */
export const TAPE_PAGE_UNPROVEN_LOAN_FIELDS: readonly string[] = Object.freeze([
    'amountsDigest',
    'loanRef',
    'rateBps',
    'originalTerm',
    'remainingTerm',
    'status',
    'daysPastDue',
    'addedInPeriod',
    'acquisitionEvidence',
    'replaces',
    'replacedBy',
    'lastReportedPeriod',
    'batchId',
    'updatedAt',
    'txId',
]);

const HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Checks one tape page against the anchor: shape, geometry, each entry's position and deal, the page root's
 * inclusion proof against the tape root, and (consistency only, not proof) that amounts hash to their digests.
 */
export function checkTapePage(page: TapePage, anchor: TapeAnchor, digest: Digest): TapePageVerification {
    if (!isObject(page) || !Array.isArray(page.entries) || !Array.isArray(page.proof)) {
        return verification([{ code: 'TAPE_PAGE_SHAPE', message: 'the page has no entries and proof lists' }]);
    }
    const { failures, placed } = geometryFailures(page, anchor);
    if (!placed) {
        return verification(failures);
    }
    const hasher = rfc9162Hasher(digest);
    const leafHashes: Uint8Array[] = [];
    page.entries.forEach((entry, i) => {
        const loan: unknown = isObject(entry) ? entry.loan : undefined;
        if (!isObject(loan) || typeof loan.loanId !== 'string' || typeof loan.fingerprint !== 'string') {
            failures.push({ code: 'TAPE_PAGE_SHAPE', message: `entry ${i} has no loan ID and fingerprint`, entry: i });
            return;
        }
        if (loan.tapeIndex !== page.fromIndex + i || loan.dealId !== anchor.dealId || loan.acquisition !== 'CUT_OFF') {
            const message = `entry ${i} is not the cut-off loan at tape index ${page.fromIndex + i}`;
            failures.push({ code: 'TAPE_PAGE_ENTRY', message, entry: i });
        }
        leafHashes.push(hasher.hashLeaf(tapeLeaf(loan.loanId, loan.fingerprint)));
        const problem = amountsFailure(entry as Record<string, unknown>, loan, page.withAmounts, digest);
        if (problem !== undefined) {
            failures.push({ code: 'TAPE_PAGE_AMOUNTS', message: `entry ${i}: ${problem}`, entry: i });
        }
    });
    if (failures.length === 0 && !proofLeadsToRoot(page, leafHashes, hasher)) {
        failures.push({ code: 'TAPE_PAGE_PROOF', message: 'the page root and its proof do not lead to the tape root' });
    }
    return verification(failures);
}

function verification(failures: readonly TapePageFailure[]): TapePageVerification {
    return { ok: failures.length === 0, failures, amountsProved: false };
}

/** The page's anchor and place in the tape; `placed` is false when the page is no page of the tape at all. */
function geometryFailures(page: TapePage, anchor: TapeAnchor): { failures: TapePageFailure[]; placed: boolean } {
    const failures: TapePageFailure[] = [];
    if (page.dealId !== anchor.dealId || page.tapeRoot !== anchor.tapeRoot || page.tapeSize !== anchor.tapeSize) {
        failures.push({ code: 'TAPE_PAGE_ANCHOR', message: 'the page names another deal, root or size than trusted' });
    }
    const { tapeSize } = anchor;
    const { pageSize, fromIndex } = page;
    if (!isTapePageSize(pageSize) || !isPageStart(fromIndex, pageSize, tapeSize)) {
        const message = `page size ${pageSize} from index ${fromIndex} is no page of the tape`;
        return { failures: [...failures, { code: 'TAPE_PAGE_GEOMETRY', message }], placed: false };
    }
    const length = tapePageLength(tapeSize, pageSize, fromIndex);
    if (page.entries.length !== length) {
        const message = `the page holds ${page.entries.length} loans, its range ${length}`;
        failures.push({ code: 'TAPE_PAGE_GEOMETRY', message });
    }
    if (page.nextIndex !== nextTapePageIndex(tapeSize, pageSize, fromIndex)) {
        failures.push({ code: 'TAPE_PAGE_GEOMETRY', message: `next index ${page.nextIndex} does not follow the page` });
    }
    if (typeof page.withAmounts !== 'boolean') {
        failures.push({ code: 'TAPE_PAGE_SHAPE', message: 'withAmounts is not a boolean' });
    } else if (anchor.expectAmounts !== undefined && page.withAmounts !== anchor.expectAmounts) {
        const message = anchor.expectAmounts ? 'the page carries no amounts' : 'the page carries amounts';
        failures.push({ code: 'TAPE_PAGE_AMOUNTS', message });
    }
    return { failures, placed: true };
}

function isPageStart(fromIndex: number, pageSize: number, tapeSize: number): boolean {
    return Number.isSafeInteger(fromIndex) && fromIndex >= 0 && fromIndex < tapeSize && fromIndex % pageSize === 0;
}

/**
 * Checks a whole export: every page, and that the pages run from index 0 to the end of the tape, each starting
 * where the previous one said the next would, with one page size and no loan twice; with the anchor's
 * `originalPrincipal`, that the loans' original principals sum to the cut-off total.
 */
export function checkTapeExport(
    pages: readonly TapePage[],
    anchor: TapeAnchor,
    digest: Digest,
): TapeExportVerification {
    const failures: TapePageFailure[] = [];
    const sequence = (message: string, page?: number): void => {
        failures.push({ code: 'TAPE_EXPORT_SEQUENCE', message, ...(page === undefined ? {} : { page }) });
    };
    const seen = new Set<string>();
    let expectedFrom: number | null = 0;
    for (const [index, page] of pages.entries()) {
        for (const failure of checkTapePage(page, anchor, digest).failures) {
            failures.push({ ...failure, page: index });
        }
        if (!isObject(page)) {
            continue;
        }
        if (page.fromIndex !== expectedFrom || page.pageSize !== pages[0]?.pageSize) {
            sequence(`page ${index} starts at ${page.fromIndex}, not at ${expectedFrom} in the same page size`, index);
        }
        expectedFrom = page.nextIndex;
        for (const loanId of loanIdsOf(page)) {
            if (seen.has(loanId)) {
                sequence(`loan ${loanId} appears twice`, index);
            }
            seen.add(loanId);
        }
    }
    if (expectedFrom !== null) {
        sequence(`the export stops before the end of the tape (next index ${expectedFrom})`);
    }
    const originalPrincipalChecked = anchor.originalPrincipal !== undefined;
    if (originalPrincipalChecked) {
        const problem = totalFailure(pages, anchor.originalPrincipal);
        if (problem !== undefined) {
            failures.push({ code: 'TAPE_EXPORT_TOTAL', message: problem });
        }
    }
    return { ...verification(failures), originalPrincipalChecked };
}

/**
 * Why the export's original principals do not sum to the trusted cut-off total, if they do not. Original
 * principal is fixed when a loan joins the tape (period rows keep it), so the sum over the whole tape is the
 * cut-off record's figure for as long as the deal lives. Summed exactly (BigInt): no rounding to hide a change.
 */
function totalFailure(pages: readonly TapePage[], trusted: unknown): string | undefined {
    if (typeof trusted !== 'number' || !Number.isSafeInteger(trusted) || trusted < 0) {
        return 'the trusted original principal is not a non-negative safe integer';
    }
    let sum = 0n;
    for (const page of pages) {
        const entries: unknown[] = isObject(page) && Array.isArray(page.entries) ? (page.entries as unknown[]) : [];
        for (const entry of entries) {
            const original = originalPrincipalOf(entry);
            if (original === undefined) {
                return 'a loan of the export carries no original principal to total';
            }
            sum += BigInt(original);
        }
    }
    return sum === BigInt(trusted)
        ? undefined
        : `the loans' original principals sum to ${sum}, the cut-off record's to ${trusted}`;
}

function loanIdsOf(page: Record<string, unknown>): string[] {
    const entries = Array.isArray(page.entries) ? (page.entries as unknown[]) : [];
    return entries.map((entry) => (isObject(entry) && isObject(entry.loan) ? String(entry.loan.loanId) : ''));
}

function originalPrincipalOf(entry: unknown): number | undefined {
    const amounts = isObject(entry) ? entry.amounts : undefined;
    const original = isObject(amounts) ? amounts.originalPrincipal : undefined;
    return typeof original === 'number' && Number.isSafeInteger(original) && original >= 0 ? original : undefined;
}

/**
 * A consistency check of one entry, not a proof: the amounts name the entry's loan and hash to the page's own
 * `amountsDigest`, which the tape root does not cover.
 */
function amountsFailure(
    entry: Record<string, unknown>,
    loan: Record<string, unknown>,
    withAmounts: boolean,
    digest: Digest,
): string | undefined {
    const amounts = entry.amounts;
    if (!withAmounts) {
        return amounts === undefined ? undefined : 'amounts on a page without amounts';
    }
    if (!isObject(amounts)) {
        return 'no amounts';
    }
    if (amounts.dealId !== loan.dealId || amounts.loanId !== loan.loanId) {
        return 'the amounts name another loan';
    }
    let bytes: Uint8Array;
    try {
        bytes = canonicalBytes(amounts);
    } catch {
        return 'the amounts are not canonical JSON';
    }
    return loan.amountsDigest === `sha256:${toHex(digest(bytes))}`
        ? undefined
        : "the amounts do not hash to the loan's amountsDigest";
}

function proofLeadsToRoot(
    page: TapePage,
    leafHashes: readonly Uint8Array[],
    hasher: ReturnType<typeof rfc9162Hasher>,
): boolean {
    if (!page.proof.every((hash) => typeof hash === 'string' && HASH_PATTERN.test(hash))) {
        return false;
    }
    if (typeof page.tapeRoot !== 'string' || !HASH_PATTERN.test(page.tapeRoot)) {
        return false;
    }
    const root = rootFromInclusionProof(
        hasher,
        rootOfLeafHashes(hasher, leafHashes),
        page.fromIndex / page.pageSize,
        tapePageCount(page.tapeSize, page.pageSize),
        page.proof.map(fromHex),
    );
    return root !== undefined && bytesEqual(root, fromHex(page.tapeRoot));
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
