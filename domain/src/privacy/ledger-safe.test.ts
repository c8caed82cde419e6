import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as domain from '../index.js';
import {
    fixedFormatPattern,
    identifierPattern,
    IDENTIFIER_PUNCTUATION,
    isLedgerSafeCode,
    isLedgerSafePattern,
    ledgerSafeKind,
    MAX_IDENTIFIER_LENGTH,
    MAX_SEPARATED_DIGITS,
} from './ledger-safe.js';
import { PII_SAMPLES, PII_SHAPED_VALUES } from './pii-samples.js';

/** Exported patterns that only select what a query reads and never reach the ledger. */
const QUERY_ONLY_PATTERNS = new Set(['BOOKMARK_PATTERN']);

const exportedPatterns = Object.entries(domain).filter(
    (entry): entry is [string, RegExp] => entry[1] instanceof RegExp,
);
const ledgerPatterns = exportedPatterns.filter(([name]) => !QUERY_ONLY_PATTERNS.has(name));
const identifierPatterns = ledgerPatterns.filter(([, pattern]) => ledgerSafeKind(pattern) === 'identifier');

const IDENTIFIER_ALPHABET = [
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
    ...IDENTIFIER_PUNCTUATION,
] as const;
/** Strings that often have an identifier's shape, so that implications over matches are not vacuous. */
const identifierLike = fc.string({ unit: fc.constantFrom(...IDENTIFIER_ALPHABET), minLength: 1, maxLength: 70 });
const anyText = fc.oneof(identifierLike, fc.string({ unit: 'binary', maxLength: 70 }));

describe('the identifier rule', () => {
    it('finds the patterns it checks among the exports', () => {
        expect(identifierPatterns.map(([name]) => name)).toEqual(
            expect.arrayContaining(['SHORT_CODE_PATTERN', 'CASE_ID_PATTERN', 'CODE_PATTERN', 'DEAL_ID_PATTERN']),
        );
    });

    it('makes every pattern the domain exports for ledger values with the shared constructors', () => {
        const unchecked = ledgerPatterns.filter(([, pattern]) => !isLedgerSafePattern(pattern)).map(([name]) => name);
        expect(unchecked).toEqual([]);
    });

    it.each(ledgerPatterns)('%s refuses every personal-data-shaped value', (_name, pattern) => {
        expect(PII_SHAPED_VALUES.filter((value) => pattern.test(value))).toEqual([]);
    });

    it.each(identifierPatterns)('%s accepts only what isLedgerSafeCode accepts', (_name, pattern) => {
        fc.assert(fc.property(anyText, (value) => !pattern.test(value) || isLedgerSafeCode(value)));
    });

    it.each(identifierPatterns)('%s refuses any value holding five digits in a row', (_name, pattern) => {
        fc.assert(
            fc.property(identifierLike, fc.nat(), fc.stringMatching(/^[0-9]{5,9}$/), (value, at, digits) => {
                const cut = at % (value.length + 1);
                return !pattern.test(`${value.slice(0, cut)}${digits}${value.slice(cut)}`);
            }),
        );
    });

    it('refuses an @, white space or a character outside ASCII anywhere in a code', () => {
        const intruder = fc.constantFrom('@', ' ', '\t', '\n', '张', 'é', '\u00a0', '\u0000', '１');
        fc.assert(
            fc.property(identifierLike, fc.nat(), intruder, (value, at, mark) => {
                const cut = at % (value.length + 1);
                return !isLedgerSafeCode(`${value.slice(0, cut)}${mark}${value.slice(cut)}`);
            }),
        );
    });

    it('accepts codes with short digit groups and refuses longer runs', () => {
        expect(isLedgerSafeCode('BK-2026-000-123')).toBe(true);
        expect(isLedgerSafeCode('BK-2026-000123')).toBe(false);
        expect(isLedgerSafeCode('A'.repeat(MAX_IDENTIFIER_LENGTH))).toBe(true);
        expect(isLedgerSafeCode('A'.repeat(MAX_IDENTIFIER_LENGTH + 1))).toBe(false);
        expect(isLedgerSafeCode('-LEADING')).toBe(false);
    });

    it('refuses digits joined only by separators once they hold more than the longest separated group', () => {
        expect(isLedgerSafeCode('4111-1111-1111-1111')).toBe(false);
        expect(isLedgerSafeCode('138-0013-8000')).toBe(false);
        expect(isLedgerSafeCode('TEL_138_0013_8000')).toBe(false);
        expect(isLedgerSafeCode('110105-1949-1231-002X'.replace('110105', '1101-05'))).toBe(false);
        expect(isLedgerSafeCode('+86.138.0013.8000')).toBe(false);
        expect(isLedgerSafeCode('ID:1:2:3:4:5:6:7:8:9:0:1')).toBe(false);
        // Ten digits joined by separators, or digits split by a letter, stay valid.
        expect(isLedgerSafeCode('BK-2026-000-123')).toBe(true);
        expect(isLedgerSafeCode('BK-2026-000-123-X-1')).toBe(true);
        expect(isLedgerSafeCode('1:2:3:4:5:6:7:8:9:0')).toBe(true);
        expect(isLedgerSafeCode('2026-01-31-A-2026-01-31')).toBe(true);
    });

    it('refuses any run of separated digits longer than the limit, wherever it sits in a code', () => {
        const separator = fc.constantFrom(...IDENTIFIER_PUNCTUATION);
        const digitGroup = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 4 });
        const groups = fc.array(fc.tuple(digitGroup, separator), { minLength: 1, maxLength: 12 });
        fc.assert(
            fc.property(fc.constantFrom('A', 'ID_', 'x-', 'TEL:'), groups, (head, parts) => {
                const digits = parts.reduce((sum, [group]) => sum + group.length, 0);
                const value = `${head}${parts.map(([group, mark]) => `${group}${mark}`).join('')}Z`;
                return isLedgerSafeCode(value) === (digits <= MAX_SEPARATED_DIGITS && value.length <= 128);
            }),
        );
    });

    it.each(Object.entries(PII_SAMPLES))('refuses the %s sample as a code', (_kind, value) => {
        expect(isLedgerSafeCode(value)).toBe(false);
    });

    it('compiles every identifier pattern under the u flag JSON Schema validators use', () => {
        for (const [, pattern] of identifierPatterns) {
            expect(() => new RegExp(pattern.source, 'u')).not.toThrow();
        }
    });

    it('refuses identifier bounds outside 1 to the longest identifier', () => {
        const shape = { lowerCase: false, digitFirst: false, punctuation: [] } as const;
        expect(() => identifierPattern({ ...shape, min: 0, max: 4 })).toThrow(/bounds/);
        expect(() => identifierPattern({ ...shape, min: 5, max: 4 })).toThrow(/bounds/);
        expect(() => identifierPattern({ ...shape, min: 1, max: MAX_IDENTIFIER_LENGTH + 1 })).toThrow(/bounds/);
    });

    it('refuses a fixed format that is not anchored at both ends', () => {
        expect(() => fixedFormatPattern(/[0-9a-f]{64}/)).toThrow(/anchored/);
        expect(ledgerSafeKind(fixedFormatPattern(/^x$/))).toBe('fixed-format');
    });
});
