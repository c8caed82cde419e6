import {
    PDFDocument,
    popGraphicsState,
    pushGraphicsState,
    rgb,
    setLineWidth,
    setStrokingRgbColor,
    setTextRenderingMode,
    StandardFonts,
    TextRenderingMode,
    type PDFFont,
    type PDFPage,
    type RGB,
} from 'pdf-lib';
import { type CheckStatus } from '../checks/check-result.js';
import { embedReportFont, type ReportFont } from './report-font.js';
import { isPrintableAscii, toDrawable, wrapText } from './pdf-text.js';

/** The page the report is laid out on: A4 to print and file, or a phone screen's proportions to read on one. */
export type ReportPageSize = 'a4' | 'phone';

interface PageGeometry {
    readonly width: number;
    readonly height: number;
    readonly margin: { readonly top: number; readonly bottom: number; readonly side: number };
    readonly body: number;
    /** Width of the label column beside a field's value; 0 puts the label above the value. */
    readonly labelWidth: number;
}

const GEOMETRY: Readonly<Record<ReportPageSize, PageGeometry>> = {
    a4: { width: 595.28, height: 841.89, margin: { top: 60, bottom: 56, side: 56 }, body: 9.5, labelWidth: 124 },
    // 9:16, the shape of a phone held upright; shown full width on a 360-pixel screen, 9-point type reads as 11 px.
    phone: { width: 288, height: 512, margin: { top: 26, bottom: 30, side: 16 }, body: 9, labelWidth: 0 },
};

/** Colours of the report. */
export const COLOURS = Object.freeze({
    text: rgb(0.1, 0.1, 0.12),
    muted: rgb(0.38, 0.38, 0.42),
    pass: rgb(0.05, 0.45, 0.2),
    fail: rgb(0.72, 0.08, 0.08),
    rule: rgb(0.75, 0.75, 0.78),
});

const STATUS_COLOURS: Readonly<Record<CheckStatus, RGB>> = {
    pass: COLOURS.pass,
    fail: COLOURS.fail,
    skip: COLOURS.muted,
};

/** How a piece of text is drawn. */
export interface TextOptions {
    /** Monospace, for hashes, IDs and the JWS; text that is not printable ASCII falls back to the CJK font. */
    readonly mono?: boolean;
    readonly bold?: boolean;
    readonly size?: number;
    readonly colour?: RGB;
    readonly indent?: number;
}

/**
 * A document that flows text down its pages: each block asks for the room it needs and starts a new page when the
 * current one is full, so lists of any length paginate. All prose, Chinese and English, is drawn with one embedded
 * CJK font; bold is that font drawn filled and outlined, since CJK fonts rarely ship a bold face.
 */
export class PdfLayout {
    readonly document: PDFDocument;
    readonly #text: PDFFont;
    readonly #mono: PDFFont;
    readonly #covered: ReadonlySet<number>;
    readonly #geometry: PageGeometry;
    #page: PDFPage;
    #y = 0;
    /** While measuring a block (see `keepTogether`): text is laid out but not drawn, and no page is added. */
    #dry = false;

    private constructor(document: PDFDocument, text: PDFFont, mono: PDFFont, geometry: PageGeometry) {
        this.document = document;
        this.#text = text;
        this.#mono = mono;
        this.#covered = new Set(text.getCharacterSet());
        this.#geometry = geometry;
        this.#page = this.#addPage();
    }

    /**
     * A new document with the CJK font embedded as a subset.
     *
     * @throws {@link ReportFontError} when the font is unreadable or has no Chinese glyphs.
     */
    static async create(font: ReportFont, pageSize: ReportPageSize = 'a4'): Promise<PdfLayout> {
        // No automatic metadata: pdf-lib would stamp the current time, and the report's PDF should depend only on
        // the report.
        const document = await PDFDocument.create({ updateMetadata: false });
        const text = await embedReportFont(document, font);
        const mono = await document.embedFont(StandardFonts.Courier);
        return new PdfLayout(document, text, mono, GEOMETRY[pageSize]);
    }

    /** Width available to text. */
    get width(): number {
        return this.#geometry.width - 2 * this.#geometry.margin.side;
    }

    /** Body type size. */
    get body(): number {
        return this.#geometry.body;
    }

    /** A heading in Chinese with its English beneath; it moves to a new page rather than sit alone at the bottom. */
    heading(zh: string, en: string, level: 1 | 2 | 3): void {
        const scale = this.#geometry.labelWidth === 0 ? 0.85 : 1;
        const size = [0, 17, 13, 11][level]! * scale;
        this.space(level === 1 ? 4 : 8);
        this.#ensure(size * 2.6 + 4 * this.body);
        this.paragraph(zh, { bold: true, size });
        this.paragraph(en, { bold: level === 1, size: size * 0.8, colour: level === 1 ? COLOURS.text : COLOURS.muted });
        if (level === 2 && !this.#dry) {
            this.#page.drawLine({
                start: { x: this.#geometry.margin.side, y: this.#y + 2 },
                end: { x: this.#geometry.width - this.#geometry.margin.side, y: this.#y + 2 },
                thickness: 0.5,
                color: COLOURS.rule,
            });
            this.space(4);
        }
    }

    /** Wrapped text. */
    paragraph(text: string, options: TextOptions = {}): void {
        const font = this.#fontFor(text, options);
        const size = options.size ?? this.body;
        const indent = options.indent ?? 0;
        for (const line of wrapText(this.#drawable(text, font), font, size, this.width - indent)) {
            this.#line(line, this.#geometry.margin.side + indent, font, size, options);
        }
    }

    /** The same statement in Chinese, then in English. */
    bilingual(zh: string, en: string, options: TextOptions = {}): void {
        this.paragraph(zh, options);
        this.paragraph(en, { ...options, colour: options.colour ?? COLOURS.text });
        this.space(3);
    }

    /**
     * A label (Chinese, with its English beneath) and its value: beside it on a wide page, beneath it on a narrow
     * one.
     */
    field(zh: string, en: string, value: string, options: Omit<TextOptions, 'indent'> = {}): void {
        const { labelWidth, margin } = this.#geometry;
        const labelSize = this.body * 0.95;
        if (labelWidth === 0) {
            this.#ensure(labelSize * 1.35 * 2);
            this.paragraph(`${zh}${en === '' ? '' : ` / ${en}`}`, {
                bold: true,
                size: labelSize,
                colour: COLOURS.muted,
            });
            this.paragraph(value, { ...options, indent: 8 });
            this.space(2);
            return;
        }
        const font = this.#fontFor(value, options);
        const size = options.size ?? this.body;
        const lines = wrapText(this.#drawable(value, font), font, size, this.width - labelWidth);
        // The label column: the Chinese label in bold, its English beneath in smaller, muted type.
        const labelLines = [
            ...wrapText(this.#drawable(zh, this.#text), this.#text, labelSize, labelWidth - 8).map((line) => ({
                line,
                size: labelSize,
                bold: true,
                colour: COLOURS.text,
            })),
            ...wrapText(this.#drawable(en, this.#text), this.#text, labelSize * 0.85, labelWidth - 8).map((line) => ({
                line,
                size: labelSize * 0.85,
                bold: false,
                colour: COLOURS.muted,
            })),
        ].filter(({ line }) => line !== '');
        const labelHeight = labelLines.reduce((height, { size: lineSize }) => height + lineSize * 1.3, 0);
        this.#ensure(Math.max(lines.length * size * 1.4, labelHeight));
        const top = this.#y;
        let labelY = top;
        for (const label of labelLines) {
            this.#draw(label.line, margin.side, labelY - label.size, this.#text, label.size, label);
            labelY -= label.size * 1.3;
        }
        for (const line of lines) {
            this.#line(line, margin.side + labelWidth, font, size, options);
        }
        this.#y = Math.min(this.#y, top - labelHeight - 1);
        this.space(1);
    }

    /** A check's outcome: status tag, title in Chinese and English, and the verifier's reason in smaller type. */
    check(status: CheckStatus, tag: string, zh: string, en: string, detail: string): void {
        const tagWidth = this.#text.widthOfTextAtSize('未通过 FAIL', this.body) + 8;
        this.#ensure(this.body * 3.8);
        this.#draw(
            this.#drawable(tag, this.#text),
            this.#geometry.margin.side + 4,
            this.#y - this.body,
            this.#text,
            this.body,
            {
                bold: true,
                colour: STATUS_COLOURS[status],
            },
        );
        this.paragraph(zh, { indent: 4 + tagWidth });
        this.paragraph(en, { indent: 4 + tagWidth, size: this.body * 0.9 });
        this.paragraph(detail, { indent: 4 + tagWidth, size: this.body * 0.8, colour: COLOURS.muted });
        this.space(2);
    }

    /** Vertical space; never carried over to the top of a new page. */
    space(points: number): void {
        this.#y = this.#dry ? this.#y - points : Math.max(this.#y - points, this.#geometry.margin.bottom);
    }

    /**
     * Draws a block on one page: when the rest of the current page cannot hold it and a fresh page can, it starts
     * on a new page, so a heading never sits apart from its first lines and a short section never leaves its last
     * lines alone on the next page. A block taller than a page flows as usual. The block is laid out twice, once
     * to measure it without drawing.
     */
    keepTogether(block: () => void): void {
        if (this.#dry) {
            block();
            return;
        }
        const top = this.#y;
        this.#dry = true;
        try {
            block();
        } finally {
            this.#dry = false;
        }
        const height = top - this.#y;
        this.#y = top;
        const page = this.#geometry.height - this.#geometry.margin.top - this.#geometry.margin.bottom;
        if (height > top - this.#geometry.margin.bottom && height <= page) {
            this.newPage();
        }
        block();
    }

    /** A thin horizontal rule across the text width. */
    rule(): void {
        this.space(3);
        if (!this.#dry) {
            this.#page.drawLine({
                start: { x: this.#geometry.margin.side, y: this.#y },
                end: { x: this.#geometry.width - this.#geometry.margin.side, y: this.#y },
                thickness: 0.4,
                color: COLOURS.rule,
            });
        }
        this.space(4);
    }

    /**
     * A compact row: the label in Chinese with its English beside it (beneath, when it does not fit the label
     * column or the page is narrow), and the value in small type. One line per fact, for the records' blocks.
     */
    row(zh: string, en: string, value: string, options: Omit<TextOptions, 'indent'> = {}): void {
        const { labelWidth, margin } = this.#geometry;
        const size = options.size ?? this.body * 0.78;
        const labelSize = this.body * 0.8;
        if (labelWidth === 0) {
            this.#ensure(labelSize * 1.3 + size * 1.35);
            this.#labelLine(zh, en, margin.side, labelSize, this.width);
            this.paragraph(value, { ...options, size, indent: 8 });
            this.space(1.5);
            return;
        }
        const column = labelWidth - 18;
        const font = this.#fontFor(value, options);
        const lines = wrapText(this.#drawable(value, font), font, size, this.width - column);
        const zhWidth = this.#text.widthOfTextAtSize(this.#drawable(zh, this.#text), labelSize);
        const enWidth = this.#text.widthOfTextAtSize(this.#drawable(en, this.#text), labelSize * 0.88);
        const oneLine = en === '' || zhWidth + 4 + enWidth <= column - 4;
        const labelHeight = labelSize * 1.3 * (oneLine ? 1 : 2);
        this.#ensure(Math.max(lines.length * size * 1.32, labelHeight));
        const top = this.#y;
        this.#labelLine(zh, oneLine ? en : '', margin.side, labelSize, column);
        if (!oneLine) {
            this.#draw(
                this.#drawable(en, this.#text),
                margin.side,
                this.#y - labelSize * 0.88,
                this.#text,
                labelSize * 0.88,
                {
                    colour: COLOURS.muted,
                },
            );
        }
        this.#y = top;
        for (const line of lines) {
            const height = size * 1.32;
            this.#draw(line, margin.side + column, this.#y - size, font, size, options);
            this.#y -= height;
        }
        this.#y = Math.min(this.#y, top - labelHeight) - 1;
    }

    /** Whether the page is narrow (a phone's): labels go above values and tables become rows. */
    get narrow(): boolean {
        return this.#geometry.labelWidth === 0;
    }

    /**
     * One line of cells at fixed offsets from the left margin (a table's row); a cell that does not fit before the
     * next is cut to fit, so callers size the columns for their content.
     */
    cells(cells: readonly (TextOptions & { readonly text: string; readonly at: number })[], size: number): void {
        const height = size * 1.4;
        this.#ensure(height);
        cells.forEach((cell, i) => {
            const font = this.#fontFor(cell.text, cell);
            const room = (cells[i + 1]?.at ?? this.width) - cell.at - 3;
            const [line = ''] = wrapText(this.#drawable(cell.text, font), font, size, room);
            this.#draw(line, this.#geometry.margin.side + cell.at, this.#y - size, font, size, cell);
        });
        this.#y -= height;
    }

    /**
     * Checks as a grid of cells, each its status tag (coloured) and the check's name: every check of a record in a
     * few lines. Two columns on a narrow page.
     */
    checkGrid(cells: readonly { readonly status: CheckStatus; readonly tag: string; readonly name: string }[]): void {
        const columns = this.#geometry.labelWidth === 0 ? 2 : 4;
        const size = this.body * 0.72;
        const cellWidth = this.width / columns;
        const tagWidth = Math.max(...cells.map((cell) => this.#text.widthOfTextAtSize(cell.tag, size)), 0) + 4;
        const height = size * 1.4;
        for (let i = 0; i < cells.length; i += columns) {
            this.#ensure(height);
            cells.slice(i, i + columns).forEach((cell, j) => {
                const x = this.#geometry.margin.side + j * cellWidth;
                this.#draw(this.#drawable(cell.tag, this.#text), x, this.#y - size, this.#text, size, {
                    bold: cell.status === 'fail',
                    colour: STATUS_COLOURS[cell.status],
                });
                const name = wrapText(
                    this.#drawable(cell.name, this.#text),
                    this.#text,
                    size,
                    cellWidth - tagWidth - 4,
                )[0]!;
                this.#draw(name, x + tagWidth, this.#y - size, this.#text, size, {
                    colour: cell.status === 'fail' ? COLOURS.fail : COLOURS.text,
                });
            });
            this.#y -= height;
        }
    }

    /** Starts a new page. */
    newPage(): void {
        if (!this.#dry) {
            this.#page = this.#addPage();
        }
    }

    /** Writes `footer(page, pages)` at the bottom of every page; call once, when the content is complete. */
    footers(footer: (page: number, pages: number) => string): void {
        const pages = this.document.getPages();
        const size = this.body * 0.75;
        pages.forEach((page, i) => {
            const lines = wrapText(
                this.#drawable(footer(i + 1, pages.length), this.#text),
                this.#text,
                size,
                this.width,
            );
            lines.forEach((line, j) => {
                page.drawText(line, {
                    x: this.#geometry.margin.side,
                    y: this.#geometry.margin.bottom / 2 + (lines.length - 1 - j) * size * 1.3 - size / 2,
                    size,
                    font: this.#text,
                    color: COLOURS.muted,
                });
            });
        });
    }

    /** A label's Chinese in bold and, when given, its English after it in smaller, muted type, on one line. */
    #labelLine(zh: string, en: string, x: number, size: number, width: number): void {
        const top = this.#y;
        const drawnZh = wrapText(this.#drawable(zh, this.#text), this.#text, size, width)[0]!;
        this.#draw(drawnZh, x, top - size, this.#text, size, { bold: true });
        if (en !== '') {
            const after = this.#text.widthOfTextAtSize(drawnZh, size) + 4;
            this.#draw(this.#drawable(en, this.#text), x + after, top - size, this.#text, size * 0.88, {
                colour: COLOURS.muted,
            });
        }
        this.#y = top - size * 1.3;
    }

    #fontFor(text: string, options: TextOptions): PDFFont {
        return options.mono === true && isPrintableAscii(text) ? this.#mono : this.#text;
    }

    #drawable(text: string, font: PDFFont): string {
        return font === this.#mono ? text : toDrawable(text, (codePoint) => this.#covered.has(codePoint));
    }

    #line(text: string, x: number, font: PDFFont, size: number, options: TextOptions): void {
        const height = size * 1.4;
        this.#ensure(height);
        this.#draw(text, x, this.#y - size, font, size, options);
        this.#y -= height;
    }

    #draw(text: string, x: number, y: number, font: PDFFont, size: number, options: TextOptions): void {
        if (this.#dry) {
            return;
        }
        const colour = options.colour ?? COLOURS.text;
        if (options.bold !== true) {
            this.#page.drawText(text, { x, y, size, font, color: colour });
            return;
        }
        this.#page.pushOperators(
            pushGraphicsState(),
            setTextRenderingMode(TextRenderingMode.FillAndOutline),
            setLineWidth(size * 0.035),
            setStrokingRgbColor(colour.red, colour.green, colour.blue),
        );
        this.#page.drawText(text, { x, y, size, font, color: colour });
        this.#page.pushOperators(popGraphicsState());
    }

    #ensure(height: number): void {
        if (!this.#dry && this.#y - height < this.#geometry.margin.bottom) {
            this.#page = this.#addPage();
        }
    }

    #addPage(): PDFPage {
        const page = this.document.addPage([this.#geometry.width, this.#geometry.height]);
        this.#y = this.#geometry.height - this.#geometry.margin.top;
        return page;
    }
}
