import { type LoanAmountsRecord, type LoanRecord } from './loan.js';

/**
 * A page of the cut-off loan tape as `AbsPool:ExportTape` answers it, and the geometry every party computes it by.
 *
 * Pages are aligned subtrees of the tape's RFC 9162 tree: page k of size P (a power of two, at least one tape-index
 * block) holds leaves [k·P, min((k+1)·P, n)). In RFC 9162 every such range is a node of the tree of n leaves (a
 * perfect subtree, or for the last page the right edge's node), and the tree above the pages is itself the RFC 9162
 * tree of ⌈n/P⌉ "leaves" whose hashes are the pages' roots (the tree's split at the largest power of two below n
 * falls on a page boundary whenever n > P). So a page is proved by its own root and one ordinary inclusion proof of
 * "leaf" k in a tree of ⌈n/P⌉: no new proof algorithm, and the proof has at most log2(n/P) hashes.
 */

/** Loans per page an export accepts: powers of two from one tape-index block (128) to 1024. */
export const TAPE_PAGE_SIZES: readonly number[] = Object.freeze([128, 256, 512, 1024]);

/** Loans per page when a request names no size. */
export const DEFAULT_TAPE_PAGE_SIZE = 512;

/** Largest page an export answers. */
export const MAX_TAPE_PAGE_SIZE = 1024;

/** One loan of a tape page: its public record (as ListLoans answers it) and, for a reader entitled, its amounts. */
export interface TapePageEntry {
    readonly loan: LoanRecord;
    /** The loan's private amounts record, whose canonical JSON hashes to `loan.amountsDigest`. */
    readonly amounts?: LoanAmountsRecord;
}

/** A page of the cut-off tape with what proves it against the tape root. */
export interface TapePage {
    readonly dealId: string;
    /** The cut-off tape's RFC 9162 root (64 hex), as `AbsPool:GetPool` answers it in `cutOff.tapeRoot`. */
    readonly tapeRoot: string;
    readonly tapeSize: number;
    readonly pageSize: number;
    /** Tape index of the page's first loan: a multiple of `pageSize`. */
    readonly fromIndex: number;
    /** Whether each entry carries the loan's private amounts. */
    readonly withAmounts: boolean;
    /** The page's loans in tape order: entry i is the loan at tape index `fromIndex + i`. */
    readonly entries: readonly TapePageEntry[];
    /** Inclusion proof (64-hex hashes) of the page's root as leaf `fromIndex / pageSize` of the tree of pages. */
    readonly proof: readonly string[];
    /** `fromIndex` of the next page, `null` on the last page. */
    readonly nextIndex: number | null;
}

/** True for a page size an export accepts. */
export function isTapePageSize(pageSize: number): boolean {
    return TAPE_PAGE_SIZES.includes(pageSize);
}

/** Pages of a tape of `tapeSize` loans at `pageSize` loans a page. */
export function tapePageCount(tapeSize: number, pageSize: number): number {
    return Math.ceil(tapeSize / pageSize);
}

/** Loans on the page starting at `fromIndex` (the last page may be short). */
export function tapePageLength(tapeSize: number, pageSize: number, fromIndex: number): number {
    return Math.max(0, Math.min(pageSize, tapeSize - fromIndex));
}

/** `fromIndex` of the page after the one starting at `fromIndex`, or `null` after the last. */
export function nextTapePageIndex(tapeSize: number, pageSize: number, fromIndex: number): number | null {
    const next = fromIndex + pageSize;
    return next < tapeSize ? next : null;
}
