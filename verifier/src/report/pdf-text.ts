/** Text as the PDF's standard fonts can draw it: WinAnsi covers Latin-1 only, so the report keeps to ASCII. */

/** Something that measures text, as a pdf-lib font does. */
export interface TextMeasure {
    widthOfTextAtSize(text: string, size: number): number;
}

const REPLACEMENTS: ReadonlyArray<readonly [RegExp, string]> = [
    [/[\u2018\u2019\u201a\u2032]/g, "'"],
    [/[\u201c\u201d\u201e\u2033]/g, '"'],
    [/[\u2010-\u2015\u2212]/g, '-'],
    [/\u2026/g, '...'],
    [/\u2016/g, '||'],
    [/\u2192/g, '->'],
    [/[\u00a0\u2000-\u200a\u202f\t]/g, ' '],
];

/**
 * Replaces typographic characters with their ASCII forms and anything else outside printable ASCII with `?`, so
 * that every string can be drawn and no character silently changes meaning.
 */
export function toPrintable(text: string): string {
    // Composite world-state keys separate their parts with U+0000.
    let out = text.replaceAll('\u0000', '/');
    for (const [pattern, replacement] of REPLACEMENTS) {
        out = out.replace(pattern, replacement);
    }
    return out.replace(/[^\x20-\x7e\n]/g, '?');
}

/**
 * Breaks text into lines no wider than `width`: at spaces where it can, inside a word (a hash, a DN) where a
 * word alone is too wide. Newlines in the text start new lines. Widths add up word by word, so long texts (a JWS,
 * a list of certificate chains) wrap in linear time.
 */
export function wrapText(text: string, font: TextMeasure, size: number, width: number): string[] {
    const measure = (part: string): number => font.widthOfTextAtSize(part, size);
    const space = measure(' ');
    const lines: string[] = [];
    for (const paragraph of toPrintable(text).split('\n')) {
        let line = '';
        let lineWidth = 0;
        for (const word of paragraph.split(' ')) {
            const wordWidth = measure(word);
            if (line === '' && wordWidth <= width) {
                [line, lineWidth] = [word, wordWidth];
            } else if (line !== '' && lineWidth + space + wordWidth <= width) {
                [line, lineWidth] = [`${line} ${word}`, lineWidth + space + wordWidth];
            } else {
                if (line !== '') {
                    lines.push(line);
                }
                const pieces = breakWord(word, measure, width);
                lines.push(...pieces.slice(0, -1));
                line = pieces.at(-1)!;
                lineWidth = measure(line);
            }
        }
        lines.push(line);
    }
    return lines;
}

function breakWord(word: string, measure: (part: string) => number, width: number): string[] {
    const pieces: string[] = [];
    let piece = '';
    let pieceWidth = 0;
    for (const char of word) {
        const charWidth = measure(char);
        if (piece !== '' && pieceWidth + charWidth > width) {
            pieces.push(piece);
            [piece, pieceWidth] = ['', 0];
        }
        piece += char;
        pieceWidth += charWidth;
    }
    pieces.push(piece);
    return pieces;
}
