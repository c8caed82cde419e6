/**
 * The one rule for strings that reach the ledger. Every member's peer keeps every block for good, so a string a
 * transaction writes, emits or returns must be unable to carry personal data. Two kinds qualify:
 *
 * - **Identifiers and codes** (deal, batch, case and consent IDs, tranche and trigger IDs, reason and statement codes,
 *   ratings, probe names): ASCII letters, digits and a little punctuation, bounded, never five digits in a row and
 *   never more than ten digits joined only by separators (`138-0013-8000`).
 *   Resident ID, mobile, card and account numbers all hold long digit runs; an e-mail address needs `@`; a Chinese
 *   name is not ASCII. Every identifier pattern is built by {@link identifierPattern}, so they cannot drift apart.
 * - **Fixed formats** that hold no free text: keyed pseudonyms, salted fingerprints, salts, digests, dates and
 *   times ({@link fixedFormatPattern}).
 *
 * Free text (a deal's or a party's name) never goes on the ledger: the ledger holds the fingerprint of a document
 * that holds it, kept off the ledger by its owner.
 */

declare const LEDGER_SAFE: unique symbol;

/**
 * A pattern whose every match may be written to the ledger. Only {@link identifierPattern} and
 * {@link fixedFormatPattern} make one, so a reader that demands it cannot be handed an unchecked pattern.
 */
export type LedgerSafePattern = RegExp & { readonly [LEDGER_SAFE]: true };

/** The longest run of digits an identifier may hold. Five or more could be part of an ID, phone or card number. */
export const MAX_DIGIT_RUN = 4;

/**
 * The most digits a run of digit groups joined only by separators may hold. A mobile number has 11 digits, a card
 * 16 to 19 and a resident ID 18, and each is often written in groups (`138-0013-8000`); ten still allows a dated
 * serial such as `BK-2026-000-123`.
 */
export const MAX_SEPARATED_DIGITS = 10;

/**
 * Marks that may join the groups of a written number: the identifier punctuation plus a slash and white space, so the
 * rule still holds if an identifier shape ever allows them.
 */
const DIGIT_SEPARATORS = '_.:+/\\s-';

/** The longest identifier any pattern accepts. */
export const MAX_IDENTIFIER_LENGTH = 128;

/** Punctuation an identifier may hold besides letters and digits: never `@`, a space or anything outside ASCII. */
export const IDENTIFIER_PUNCTUATION = ['-', '_', '.', ':', '+'] as const;
export type IdentifierPunctuation = (typeof IDENTIFIER_PUNCTUATION)[number];

/** The shape of one kind of identifier; the privacy rule is added by {@link identifierPattern}. */
export interface IdentifierShape {
    /** Whether lower-case letters are allowed (codes are upper case only). */
    readonly lowerCase: boolean;
    /** Whether the first character may be a digit (it is always a letter or digit, never punctuation). */
    readonly digitFirst: boolean;
    /** The punctuation allowed after the first character. */
    readonly punctuation: readonly IdentifierPunctuation[];
    /** Shortest and longest length, 1 to {@link MAX_IDENTIFIER_LENGTH}. */
    readonly min: number;
    readonly max: number;
}

/** Which constructor made a ledger-safe pattern. */
export type LedgerSafeKind = 'identifier' | 'fixed-format';

const minted = new WeakMap<RegExp, LedgerSafeKind>();

function mint(pattern: RegExp, kind: LedgerSafeKind): LedgerSafePattern {
    minted.set(pattern, kind);
    return pattern as LedgerSafePattern;
}

/** True for a pattern made by {@link identifierPattern} or {@link fixedFormatPattern}. */
export function isLedgerSafePattern(pattern: RegExp): pattern is LedgerSafePattern {
    return minted.has(pattern);
}

/** Which kind of ledger-safe pattern this is, or `undefined` for any other pattern. */
export function ledgerSafeKind(pattern: RegExp): LedgerSafeKind | undefined {
    return minted.get(pattern);
}

/** A lookahead that refuses any value holding more than {@link MAX_DIGIT_RUN} digits in a row. */
const NO_LONG_DIGIT_RUN = `(?!.*[0-9]{${MAX_DIGIT_RUN + 1}})`;

/**
 * A lookahead that refuses any value holding more than {@link MAX_SEPARATED_DIGITS} digits joined only by
 * separators. Each repetition must start with a digit and separators never match one, so it cannot backtrack badly.
 */
const NO_LONG_SEPARATED_DIGITS = `(?!.*(?:[0-9][${DIGIT_SEPARATORS}]*){${MAX_SEPARATED_DIGITS}}[0-9])`;

/**
 * Builds the pattern of one kind of identifier: the shape the caller chooses, under the privacy rule every
 * identifier shares (ASCII only, no `@`, bounded, at most {@link MAX_DIGIT_RUN} digits in a row and at most
 * {@link MAX_SEPARATED_DIGITS} digits joined only by separators).
 *
 * @throws Error when the bounds are outside 1 to {@link MAX_IDENTIFIER_LENGTH}: a programming error.
 */
export function identifierPattern(shape: IdentifierShape): LedgerSafePattern {
    if (!Number.isInteger(shape.min) || shape.min < 1 || shape.max < shape.min || shape.max > MAX_IDENTIFIER_LENGTH) {
        throw new Error(`identifier bounds ${shape.min}..${shape.max} are outside 1..${MAX_IDENTIFIER_LENGTH}`);
    }
    const letters = shape.lowerCase ? 'A-Za-z' : 'A-Z';
    const first = shape.digitFirst ? `${letters}0-9` : letters;
    // A hyphen goes last, where it is literal; the other marks are literal anywhere in a class. No escapes, so
    // the source also compiles under the `u` flag that JSON Schema validators use.
    const marks = shape.punctuation.filter((mark) => mark !== '-').join('');
    const rest = `${letters}0-9${marks}${shape.punctuation.includes('-') ? '-' : ''}`;
    return mint(
        new RegExp(
            `^${NO_LONG_DIGIT_RUN}${NO_LONG_SEPARATED_DIGITS}[${first}][${rest}]{${shape.min - 1},${shape.max - 1}}$`,
        ),
        'identifier',
    );
}

/**
 * Marks a pattern of a fixed format that cannot carry free text (a keyed pseudonym, a salted fingerprint, a salt, a
 * digest, a date or a time). Every such pattern is checked by a test against personal-data-shaped values.
 */
export function fixedFormatPattern(pattern: RegExp): LedgerSafePattern {
    if (!pattern.source.startsWith('^') || !pattern.source.endsWith('$')) {
        throw new Error(`fixed format ${pattern.source} must be anchored at both ends`);
    }
    return mint(pattern, 'fixed-format');
}

/** The widest identifier: every identifier pattern accepts a subset of what this one accepts. */
const ANY_IDENTIFIER = identifierPattern({
    lowerCase: true,
    digitFirst: true,
    punctuation: IDENTIFIER_PUNCTUATION,
    min: 1,
    max: MAX_IDENTIFIER_LENGTH,
});

/**
 * True when a value passes the identifier rule: ASCII letters, digits and {@link IDENTIFIER_PUNCTUATION} only,
 * starting with a letter or digit, at most {@link MAX_IDENTIFIER_LENGTH} characters, {@link MAX_DIGIT_RUN} digits in
 * a row and {@link MAX_SEPARATED_DIGITS} digits joined only by separators.
 */
export function isLedgerSafeCode(value: string): boolean {
    return ANY_IDENTIFIER.test(value);
}
