import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, renderCsv, UTF8_BOM } from './csv.ts';

describe('renderCsv', () => {
    it('starts with the UTF-8 BOM and ends every record with CRLF', () => {
        expect(
            renderCsv([
                ['a', 1],
                ['b', 2],
            ]),
        ).toBe(`${UTF8_BOM}a,1\r\nb,2\r\n`);
    });

    it('quotes a field holding a comma, a quote or a line break, doubling its quotes', () => {
        expect(renderCsv([['x,y', 'say "hi"', 'one\ntwo', 'cr\r', '贷款']])).toBe(
            `${UTF8_BOM}"x,y","say ""hi""","one\ntwo","cr\r",贷款\r\n`,
        );
    });

    it('writes integers in full and refuses a number it could not write exactly', () => {
        expect(renderCsv([[Number.MAX_SAFE_INTEGER, -5, 0]])).toBe(`${UTF8_BOM}9007199254740991,-5,0\r\n`);
        expect(() => renderCsv([[0.1]])).toThrow(RangeError);
        expect(() => renderCsv([[2 ** 60]])).toThrow(RangeError);
        expect(() => renderCsv([[Number.NaN]])).toThrow(RangeError);
    });
});

describe('parseCsv', () => {
    it('reads back what renderCsv wrote, whatever the text of the fields', () => {
        const text = fc.string({ unit: fc.constantFrom('a', '中', ',', '"', '\r', '\n', ' ', '\uFEFF', '😀') });
        // A record of one empty field renders as an empty line, which no CSV reader tells from no record.
        const record = fc.array(text, { minLength: 1, maxLength: 6 }).filter((r) => r.length > 1 || r[0] !== '');
        fc.assert(
            fc.property(fc.array(record, { maxLength: 6 }), (records) => {
                expect(parseCsv(renderCsv(records))).toEqual(records);
            }),
        );
    });

    it('refuses an unterminated quoted field and text after a closing quote', () => {
        expect(() => parseCsv('"abc')).toThrow(SyntaxError);
        expect(() => parseCsv('"abc"x,1')).toThrow(SyntaxError);
    });
});
