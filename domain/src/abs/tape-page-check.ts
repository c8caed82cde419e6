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
 * - proved by the tape root: each entry's loan ID, fingerprint and tape position, that the page holds exactly the
 *   loans of its range in tape order (nothing missing, added or reordered), and the page's place in the tape;
 * - proved by the public record: each entry's private amounts, whose canonical JSON must hash to the record's
 *   `amountsDigest` (the binding `AbsPool:GetLoanAmounts` checks on the peer);
 * - not proved offline: the record's other public fields ({@link TAPE_PAGE_UNPROVEN_LOAN_FIELDS}). They are the
 *   loan's state now, not part of the tape leaf, and are as good as the peer that answered.
 */

/** A page check that failed. */
export type TapePageFailureCode =
    | 'TAPE_PAGE_SHAPE'
    | 'TAPE_PAGE_ANCHOR'
    | 'TAPE_PAGE_GEOMETRY'
    | 'TAPE_PAGE_ENTRY'
    | 'TAPE_PAGE_AMOUNTS'
    | 'TAPE_PAGE_PROOF'
    | 'TAPE_EXPORT_SEQUENCE';

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
}

/** The outcome of checking a page or a whole export. */
export interface TapePageVerification {
    readonly ok: boolean;
    readonly failures: readonly TapePageFailure[];
}

/** Fields of a page's loan records that the tape root does not cover (the loan's current public state). */
export const TAPE_PAGE_UNPROVEN_LOAN_FIELDS: readonly string[] = Object.freeze([
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
 * Checks one tape page against the anchor: shape, geometry, each entry's position and deal, the amounts against
 * their digests, and the page root's inclusion proof against the tape root.
 */
export function checkTapePage(page: TapePage, anchor: TapeAnchor, digest: Digest): TapePageVerification {
    if (!isObject(page) || !Array.isArray(page.entries) || !Array.isArray(page.proof)) {
        return {
            ok: false,
            failures: [{ code: 'TAPE_PAGE_SHAPE', message: 'the page has no entries and proof lists' }],
        };
    }
    const { failures, placed } = geometryFailures(page, anchor);
    if (!placed) {
        return { ok: false, failures };
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
    return { ok: failures.length === 0, failures };
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
 * where the previous one said the next would, with one page size and no loan twice.
 */
export function checkTapeExport(pages: readonly TapePage[], anchor: TapeAnchor, digest: Digest): TapePageVerification {
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
    return { ok: failures.length === 0, failures };
}

function loanIdsOf(page: Record<string, unknown>): string[] {
    const entries = Array.isArray(page.entries) ? (page.entries as unknown[]) : [];
    return entries.map((entry) => (isObject(entry) && isObject(entry.loan) ? String(entry.loan.loanId) : ''));
}

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
