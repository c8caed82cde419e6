/** Most records one page of a paginated query returns. */
export const MAX_PAGE_SIZE = 1000;

/** Records per page when a query names no page size. */
export const DEFAULT_PAGE_SIZE = 100;
