/** Most records one page of a paginated query returns. */
export const MAX_PAGE_SIZE = 1000;

/** Records per page when a query names no page size. */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * Longest bookmark a paginated query accepts. A bookmark is the base64url form (no padding) of the ledger key where
 * the next page starts, as the chaincode issued it; 2048 characters hold a key of 1536 bytes, far beyond the longest
 * key the contracts write.
 */
export const MAX_BOOKMARK_LENGTH = 2048;

/**
 * The characters of a bookmark: base64url without padding. Empty means the first page. The gateway refuses anything
 * else before it reaches a peer; the chaincode also checks that the decoded key lies inside the query's key range.
 */
export const BOOKMARK_PATTERN = /^[A-Za-z0-9_-]*$/;
