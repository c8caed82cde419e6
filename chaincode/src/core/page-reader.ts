import {
    BOOKMARK_PATTERN,
    COMMON_ERRORS,
    DEFAULT_PAGE_SIZE,
    MAX_BOOKMARK_LENGTH,
    MAX_PAGE_SIZE,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from './chaincode-error.js';
import { jsonValues } from './ledger-state.js';
import { integer, type Fields } from './request-fields.js';

/**
 * The one way a contract reads a page of world state. The peer uses a non-empty bookmark as the range's start key,
 * and goleveldb panics, taking the peer down, when a start key lies after the end key; a bookmark outside the range
 * would also list keys of other record types. So a bookmark here is opaque: the base64url form of the key where the
 * next page starts, which this module issued, and it is decoded and checked to lie inside the query's range before
 * any shim call.
 */

/** The keys a paginated query reads: all keys under a composite-key prefix, or simple keys in [startKey, endKey). */
export type KeyRange =
    | { readonly objectType: string; readonly attributes: readonly string[] }
    | { readonly startKey: string; readonly endKey: string };

/** Page size and bookmark, as a query asks for them. */
export interface PageRequest {
    readonly pageSize: number;
    readonly bookmark: string;
}

/** One page of a query. `bookmark` is empty after the last page. */
export interface Page<T> {
    readonly items: T[];
    readonly bookmark: string;
    readonly fetched: number;
}

/** Fabric's end of a composite-key prefix range: the prefix followed by the largest code point. */
const MAX_UNICODE_RUNE = '\u{10ffff}';
/** fabric-shim replaces an empty start key of a simple-key range with this one. */
const EMPTY_KEY_SUBSTITUTE = '\u0001';
const BOOKMARK_FORM = `bookmark must be at most ${MAX_BOOKMARK_LENGTH} base64url characters from a previous page`;

/**
 * Reads `pageSize` and `bookmark` of a query request. The page size defaults to {@link DEFAULT_PAGE_SIZE}; the
 * bookmark is checked for its form here and for its range in {@link readPage}.
 *
 * @throws {@link ChaincodeError} INVALID_ARGUMENT for a page size outside 1..{@link MAX_PAGE_SIZE}, INVALID_BOOKMARK
 * for a bookmark that is not a string of base64url characters of at most {@link MAX_BOOKMARK_LENGTH}.
 */
export function pageRequestOf(fields: Fields): PageRequest {
    const pageSize =
        fields.pageSize === undefined || fields.pageSize === null
            ? DEFAULT_PAGE_SIZE
            : integer(fields, 'pageSize', { min: 1, max: MAX_PAGE_SIZE });
    const bookmark = fields.bookmark === undefined || fields.bookmark === null ? '' : fields.bookmark;
    if (typeof bookmark !== 'string' || bookmark.length > MAX_BOOKMARK_LENGTH || !BOOKMARK_PATTERN.test(bookmark)) {
        throw invalidBookmark(BOOKMARK_FORM);
    }
    return { pageSize, bookmark };
}

/** The bookmark of the page starting at `key`; empty when there is no further page. */
export function encodeBookmark(key: string): string {
    return key === '' ? '' : Buffer.from(key, 'utf8').toString('base64url');
}

/**
 * The key a bookmark names, checked to lie inside [start, end) by UTF-8 byte order, which is the order the peer
 * compares keys in (JavaScript string order differs above U+FFFF). Empty for an empty bookmark.
 *
 * @throws {@link ChaincodeError} INVALID_BOOKMARK when the bookmark is not the canonical base64url of a UTF-8 key
 * inside the range.
 */
export function decodeBookmark(bookmark: string, start: string, end: string): string {
    if (bookmark === '') {
        return '';
    }
    if (bookmark.length > MAX_BOOKMARK_LENGTH || !BOOKMARK_PATTERN.test(bookmark)) {
        throw invalidBookmark(BOOKMARK_FORM);
    }
    const bytes = Buffer.from(bookmark, 'base64url');
    const key = bytes.toString('utf8');
    // Re-encoding refuses non-canonical base64url (stray bits, a lone trailing character) and bytes that are not UTF-8.
    if (encodeBookmark(key) !== bookmark) {
        throw invalidBookmark('bookmark is not one this ledger issued');
    }
    if (compareKeys(key, start) < 0 || (end !== '' && compareKeys(key, end) >= 0)) {
        throw invalidBookmark('bookmark does not belong to this query');
    }
    return key;
}

/**
 * One page of the values in a key range, in key order, parsed as JSON.
 *
 * @throws {@link ChaincodeError} INVALID_ARGUMENT for a page size outside 1..{@link MAX_PAGE_SIZE} or a range whose
 * start lies after its end; INVALID_BOOKMARK for a bookmark this query did not issue.
 */
export async function readPage<T>(ctx: Context, range: KeyRange, request: PageRequest): Promise<Page<T>> {
    assertPageSize(request.pageSize);
    if ('objectType' in range) {
        assertKeyParts(range.objectType, range.attributes);
        const start = ctx.stub.createCompositeKey(range.objectType, [...range.attributes]);
        const from = decodeBookmark(request.bookmark, start, start + MAX_UNICODE_RUNE);
        return collectPage<T>(
            await ctx.stub.getStateByPartialCompositeKeyWithPagination(
                range.objectType,
                [...range.attributes],
                request.pageSize,
                from,
            ),
        );
    }
    const start = range.startKey === '' ? EMPTY_KEY_SUBSTITUTE : range.startKey;
    assertOrdered(start, range.endKey);
    const from = decodeBookmark(request.bookmark, start, range.endKey);
    return collectPage<T>(
        await ctx.stub.getStateByRangeWithPagination(range.startKey, range.endKey, request.pageSize, from),
    );
}

/**
 * Every value in a key range, in key order, read page by page, so that no single range query meets the peer's
 * `ledger.state.totalQueryLimit` (100,000 by default; a non-paginated query stops there silently). Fabric refuses
 * paginated queries in a transaction that writes, so this is for read-only functions; a transaction must bound its
 * sets by design.
 */
export async function readEveryPage<T>(ctx: Context, range: KeyRange): Promise<T[]> {
    const items: T[] = [];
    let bookmark = '';
    do {
        const page = await readPage<T>(ctx, range, { pageSize: MAX_PAGE_SIZE, bookmark });
        items.push(...page.items);
        bookmark = page.bookmark;
    } while (bookmark !== '');
    return items;
}

function assertPageSize(pageSize: number): void {
    if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, `pageSize must be between 1 and ${MAX_PAGE_SIZE}`, {
            field: 'pageSize',
            max: MAX_PAGE_SIZE,
        });
    }
}

/**
 * fabric-shim throws an uncoded error for an empty part, and U+0000 (the separator) or U+10FFFF (the range end)
 * inside a part would let the prefix range reach keys of other records; contracts validate parts first, so this
 * only turns a contract's oversight into a coded refusal.
 */
function assertKeyParts(objectType: string, attributes: readonly string[]): void {
    const index = [objectType, ...attributes].findIndex(
        (part) => part === '' || part.includes('\u0000') || part.includes(MAX_UNICODE_RUNE),
    );
    if (index >= 0) {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, 'a key part of the query is empty or malformed', {
            field: 'range',
            part: index,
        });
    }
}

/** An empty end key means "no upper bound" to the peer. */
function assertOrdered(start: string, end: string): void {
    if (end !== '' && compareKeys(start, end) > 0) {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, 'the query range starts after it ends', {
            field: 'range',
        });
    }
}

function invalidBookmark(message: string): ChaincodeError {
    return new ChaincodeError(COMMON_ERRORS.INVALID_BOOKMARK, message, { field: 'bookmark' });
}

function compareKeys(a: string, b: string): number {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

type PagedQuery = Awaited<ReturnType<Context['stub']['getStateByRangeWithPagination']>>;

async function collectPage<T>({
    iterator,
    metadata,
}: Omit<PagedQuery, 'metadata'> & Partial<Pick<PagedQuery, 'metadata'>>): Promise<Page<T>> {
    const items = await jsonValues<T>(iterator);
    // fabric-shim leaves metadata out when the page is empty and has no bookmark (its encoding is zero bytes).
    return {
        items,
        bookmark: encodeBookmark(metadata?.bookmark ?? ''),
        fetched: metadata?.fetchedRecordsCount ?? 0,
    };
}
