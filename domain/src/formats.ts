import { fixedFormatPattern, type LedgerSafePattern } from './privacy/ledger-safe.js';

/** Fixed formats that requests of every area share; none can carry free text. */

/** A calendar date, `YYYY-MM-DD`. */
export const ISO_DATE_PATTERN = fixedFormatPattern(/^\d{4}-\d{2}-\d{2}$/);

/** An ISO-8601 UTC timestamp with optional milliseconds, e.g. `2026-01-31T00:00:00Z`. */
export const ISO_TIME_PATTERN = fixedFormatPattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/);

const hexPatterns = new Map<number, LedgerSafePattern>();

/** Lower-case hex of exactly `bytes` bytes (32 for SHA-256 and SM3): a digest, never free text. */
export function hexPattern(bytes: number): LedgerSafePattern {
    let pattern = hexPatterns.get(bytes);
    if (pattern === undefined) {
        pattern = fixedFormatPattern(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
        hexPatterns.set(bytes, pattern);
    }
    return pattern;
}
