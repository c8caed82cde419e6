import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../checks/check-result.js';
import { loadReportFont } from '../node/report-font.js';
import { COURT_FACTORS } from './court-factors.js';
import { toDrawable } from './pdf-text.js';
import { REPORT_CHECK_NAMES } from './report-check.js';
import { firstFace } from './report-font.js';
import * as wording from './report-wording.js';

const face = firstFace(loadReportFont().bytes);
const covers = (codePoint: number): boolean => face.hasGlyphForCodePoint(codePoint);

/** Every string reachable from a value: strings, arrays and objects walked, functions called with sample data. */
function stringsOf(value: unknown, out: string[] = []): string[] {
    if (typeof value === 'string') {
        out.push(value);
    } else if (typeof value === 'function') {
        // Sample arguments of every kind the wording functions take; the verdict functions take a verdict first.
        const samples: unknown[][] = [
            ['verified', 'sha256:00ff', 140],
            ['not-verified', 'sha256:00ff', null],
            [3, 12, 'ab12'],
            ['NR-1', 1, 2],
            // factorVerdict in each of its branches, failedIn, listOf.
            ['not-established', [2, 3], 5, true],
            ['not-established', [1], 3, false],
            ['not-established', [1], 1, false],
            ['partly', [], 2, true],
            ['established', [], 2, false],
            ['validation-flag', [1, 2]],
            [
                [
                    { zh: 'a', en: 'a' },
                    { zh: 'b', en: 'b' },
                ],
            ],
        ];
        for (const args of samples) {
            try {
                stringsOf((value as (...a: unknown[]) => unknown)(...args), out);
            } catch {
                // A function that does not take these arguments has another sample that fits.
            }
        }
    } else if (Array.isArray(value)) {
        value.forEach((element) => stringsOf(element, out));
    } else if (typeof value === 'object' && value !== null) {
        Object.values(value).forEach((element) => stringsOf(element, out));
    }
    return out;
}

describe('the report font covers the report', () => {
    const strings = [...stringsOf(wording), ...stringsOf(COURT_FACTORS)];

    it('has a glyph for every character of every fixed text of the report', () => {
        expect(strings.length).toBeGreaterThan(150);
        const missing = new Set<string>();
        for (const text of strings) {
            for (const char of text) {
                if (char !== '\n' && !covers(char.codePointAt(0)!)) {
                    missing.add(`${char} (U+${char.codePointAt(0)!.toString(16)}) in "${text.slice(0, 40)}"`);
                }
            }
        }
        expect([...missing]).toEqual([]);
    });

    it('has the report text in Chinese: every check of receipts and of reports has a Chinese title', () => {
        for (const name of [...CHECK_NAMES]) {
            expect(wording.CHECK_TITLES_ZH[name], name).toMatch(/\p{Script=Han}/u);
        }
        for (const name of REPORT_CHECK_NAMES) {
            expect(wording.REPORT_CHECK_TITLES_ZH[name], name).toMatch(/\p{Script=Han}/u);
        }
    });

    it('maps every receipt check to at least one court factor', () => {
        const mapped = new Set(COURT_FACTORS.flatMap((factor) => factor.checks));
        expect(CHECK_NAMES.filter((name) => !mapped.has(name))).toEqual([]);
    });

    it('keeps every Chinese text in the wording modules, where this test sees it', () => {
        for (const file of ['render-report-pdf.ts', 'pdf-layout.ts', 'record-rows.ts', 'record-checks.ts']) {
            const source = readFileSync(join(import.meta.dirname, file), 'utf8').replace(
                /\/\/.*|\/\*[\s\S]*?\*\//g,
                '',
            );
            const han = source.match(/\p{Script=Han}+/gu) ?? [];
            // The layout measures its widest status tag, which the wording module also holds.
            expect(
                han.filter((word) => !Object.values(wording.STATUS_TAGS).some((tag) => tag.includes(word))),
                file,
            ).toEqual([]);
        }
    });

    it('draws any data, whatever its characters, only with glyphs the font has', () => {
        fc.assert(
            fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (data) => {
                const drawable = toDrawable(data, covers);
                const escapes = drawable.replace(/\[U\+[0-9A-F]{4,6}\]/g, '');
                for (const char of escapes) {
                    expect(
                        char === '\n' || covers(char.codePointAt(0)!),
                        `U+${char.codePointAt(0)!.toString(16)}`,
                    ).toBe(true);
                }
                // Nothing is lost: every character is kept, or escaped by its code point.
                expect([...escapes].length + (drawable.match(/\[U\+/g) ?? []).length).toBeGreaterThanOrEqual(
                    [...data].length - (data.match(/\[U\+/g) ?? []).length * 0,
                );
            }),
        );
    });
});
