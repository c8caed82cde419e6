/** Text as the report's fonts can draw it, broken into lines that fit. */

/** Something that measures text, as a pdf-lib font does. */
export interface TextMeasure {
    widthOfTextAtSize(text: string, size: number): number;
}

/**
 * Makes every character drawable: composite-key separators (U+0000) become `/`, other control characters and
 * characters the font has no glyph for become `[U+XXXX]`, so no character disappears or silently changes meaning.
 * `covers` says whether the font has a glyph for a code point.
 */
export function toDrawable(text: string, covers: (codePoint: number) => boolean): string {
    let out = '';
    // An apostrophe inside an English word: the CJK font's curly quote is full width.
    const plain = text
        .replaceAll('\u0000', '/')
        .replaceAll('\t', ' ')
        .replace(/(?<=[A-Za-z])\u2019(?=[A-Za-z])/g, "'");
    for (const char of plain) {
        const codePoint = char.codePointAt(0)!;
        const control = codePoint < 0x20 && char !== '\n';
        out += !control && (char === '\n' || covers(codePoint)) ? char : `[U+${hex(codePoint)}]`;
    }
    return out;
}

/** Whether a text is printable ASCII, which the standard monospace font draws. */
export function isPrintableAscii(text: string): boolean {
    return /^[\x20-\x7e\n]*$/.test(text);
}

function hex(codePoint: number): string {
    return codePoint.toString(16).toUpperCase().padStart(4, '0');
}

// Han, CJK punctuation, kana, full-width forms: lines may break between any two of them.
const CJK = /[\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u;
// Not at the start of a line (Chinese line-breaking rules): closing brackets and punctuation.
const NO_LINE_START = /^[，。、；：？！）》」』】〕〉”’,.;:?!)\]}%]/u;
// Not at the end of a line: opening brackets.
const NO_LINE_END = /[（《「『【〔〈“‘([{]$/u;

/** A piece of text the line breaker keeps whole; `space` when a space separates it from the piece before. */
interface Unit {
    text: string;
    space: boolean;
}

/**
 * Splits text into units between which a line may break: Latin words at spaces, Chinese at every character, except
 * that closing punctuation stays with the character before it and opening brackets with the character after.
 */
function unitsOf(paragraph: string): Unit[] {
    const units: Unit[] = [];
    let word = '';
    let space = false;
    const flush = (): void => {
        if (word !== '') {
            units.push({ text: word, space });
            [word, space] = ['', false];
        }
    };
    for (const char of paragraph) {
        if (char === ' ') {
            flush();
            space = units.length > 0;
        } else if (CJK.test(char)) {
            flush();
            units.push({ text: char, space });
            space = false;
        } else {
            word += char;
        }
    }
    flush();
    const joined: Unit[] = [];
    for (const unit of units) {
        const previous = joined.at(-1);
        if (previous && !unit.space && (NO_LINE_START.test(unit.text) || NO_LINE_END.test(previous.text))) {
            previous.text += unit.text;
        } else {
            joined.push({ ...unit });
        }
    }
    return joined;
}

/**
 * Breaks text into lines no wider than `width`: at spaces and between Chinese characters where it can, inside a
 * word (a hash, a DN) where a word alone is too wide. Newlines in the text start new lines. Widths add up unit by
 * unit, so long texts (a JWS, a list of certificate chains) wrap in linear time.
 */
export function wrapText(text: string, font: TextMeasure, size: number, width: number): string[] {
    // Chinese repeats a few thousand characters: measuring each once keeps long reports fast.
    const widths = new Map<string, number>();
    const measure = (part: string): number => {
        let width = widths.get(part);
        if (width === undefined) {
            width = font.widthOfTextAtSize(part, size);
            widths.set(part, width);
        }
        return width;
    };
    const spaceWidth = measure(' ');
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
        let line = '';
        let lineWidth = 0;
        for (const unit of unitsOf(paragraph)) {
            const unitWidth = measure(unit.text);
            const gap = unit.space ? spaceWidth : 0;
            if (line === '' && unitWidth <= width) {
                [line, lineWidth] = [unit.text, unitWidth];
            } else if (line !== '' && lineWidth + gap + unitWidth <= width) {
                [line, lineWidth] = [`${line}${unit.space ? ' ' : ''}${unit.text}`, lineWidth + gap + unitWidth];
            } else {
                if (line !== '') {
                    lines.push(line);
                }
                const pieces = breakWord(unit.text, measure, width);
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
