/**
 * CSV as RFC 4180 writes it, for spreadsheets: fields separated by commas, records by CRLF, a field quoted when it
 * holds a comma, a quote, CR or LF (quotes doubled inside), and a UTF-8 byte-order mark first so that Excel reads
 * the file as UTF-8 rather than the system code page.
 */

/** The byte-order mark Excel needs to read a CSV file as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/** A cell: text, or a number written in full (integers only reach this module: money in cents, ratios in ppm). */
export type CsvCell = string | number;

/** Renders records as CSV text, BOM first, each record ended by CRLF. */
export function renderCsv(records: readonly (readonly CsvCell[])[]): string {
    return UTF8_BOM + records.map((record) => record.map(csvField).join(',') + '\r\n').join('');
}

function csvField(cell: CsvCell): string {
    const text = typeof cell === 'number' ? numberText(cell) : cell;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function numberText(value: number): string {
    if (!Number.isSafeInteger(value)) {
        throw new RangeError(`a CSV cell takes exact integers only, not ${value}`);
    }
    return String(value);
}

/**
 * Parses CSV text as {@link renderCsv} writes it (a leading BOM is skipped): the reader the tests and the browser
 * test use to read an export back.
 *
 * @throws SyntaxError on an unterminated quoted field or text after a closing quote.
 */
export function parseCsv(text: string): string[][] {
    const input = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
    const records: string[][] = [];
    let record: string[] = [];
    let i = 0;
    while (i < input.length) {
        const [field, end] = input[i] === '"' ? quotedField(input, i + 1) : plainField(input, i);
        record.push(field);
        i = end;
        if (input[i] === ',') {
            i += 1;
            if (i === input.length) {
                record.push('');
            }
        } else if (input[i] === '\r' || input[i] === '\n') {
            i += input.startsWith('\r\n', i) ? 2 : 1;
            records.push(record);
            record = [];
        } else if (i < input.length) {
            throw new SyntaxError(`unexpected ${JSON.stringify(input[i])} after a CSV field at ${i}`);
        }
    }
    if (record.length > 0) {
        records.push(record);
    }
    return records;
}

/** A quoted field starting after its opening quote: its text and the index after its closing quote. */
function quotedField(input: string, start: number): [string, number] {
    let field = '';
    let i = start;
    for (;;) {
        const quote = input.indexOf('"', i);
        if (quote < 0) {
            throw new SyntaxError('unterminated quoted CSV field');
        }
        field += input.slice(i, quote);
        if (input[quote + 1] !== '"') {
            return [field, quote + 1];
        }
        field += '"';
        i = quote + 2;
    }
}

/** An unquoted field: its text up to the next separator and the index of that separator. */
function plainField(input: string, start: number): [string, number] {
    const length = input.slice(start).search(/[,\r\n]/);
    const end = length < 0 ? input.length : start + length;
    return [input.slice(start, end), end];
}
