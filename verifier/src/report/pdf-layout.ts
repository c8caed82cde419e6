import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { type CheckStatus } from '../checks/check-result.js';
import { toPrintable, wrapText } from './pdf-text.js';

const PAGE = { width: 595.28, height: 841.89 } as const;
const MARGIN = { top: 60, bottom: 56, side: 56 } as const;
const BODY_SIZE = 9.5;
const LABEL_WIDTH = 118;

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

interface TextOptions {
    readonly font?: PDFFont;
    readonly size?: number;
    readonly colour?: RGB;
    readonly indent?: number;
}

/**
 * A document that flows text down A4 pages: each block asks for the room it needs and starts a new page when the
 * current one is full, so lists of any length paginate.
 */
export class PdfLayout {
    readonly document: PDFDocument;
    readonly regular: PDFFont;
    readonly bold: PDFFont;
    readonly mono: PDFFont;
    #page: PDFPage;
    #y = 0;

    private constructor(document: PDFDocument, regular: PDFFont, bold: PDFFont, mono: PDFFont) {
        this.document = document;
        this.regular = regular;
        this.bold = bold;
        this.mono = mono;
        this.#page = this.#addPage();
    }

    /** A new document with the standard Helvetica and Courier fonts. */
    static async create(): Promise<PdfLayout> {
        // No automatic metadata: pdf-lib would stamp the current time, and the report's PDF should depend only on
        // the report.
        const document = await PDFDocument.create({ updateMetadata: false });
        const [regular, bold, mono] = await Promise.all([
            document.embedFont(StandardFonts.Helvetica),
            document.embedFont(StandardFonts.HelveticaBold),
            document.embedFont(StandardFonts.Courier),
        ]);
        return new PdfLayout(document, regular, bold, mono);
    }

    /** Width available to text. */
    get width(): number {
        return PAGE.width - 2 * MARGIN.side;
    }

    /** A heading; it moves to a new page rather than sit alone at the bottom of one. */
    heading(text: string, level: 1 | 2 | 3): void {
        const size = [0, 17, 13, 11][level]!;
        this.space(level === 1 ? 4 : 8);
        this.#ensure(size * 1.3 + 4 * BODY_SIZE);
        this.paragraph(text, { font: this.bold, size });
        if (level === 2) {
            this.#page.drawLine({
                start: { x: MARGIN.side, y: this.#y + 2 },
                end: { x: PAGE.width - MARGIN.side, y: this.#y + 2 },
                thickness: 0.5,
                color: COLOURS.rule,
            });
            this.space(4);
        }
    }

    /** Wrapped text. */
    paragraph(text: string, options: TextOptions = {}): void {
        const font = options.font ?? this.regular;
        const size = options.size ?? BODY_SIZE;
        const indent = options.indent ?? 0;
        for (const line of wrapText(text, font, size, this.width - indent)) {
            this.#line(line, MARGIN.side + indent, font, size, options.colour ?? COLOURS.text);
        }
    }

    /** A label in bold and its value wrapped beside it. */
    field(label: string, value: string, options: Omit<TextOptions, 'indent'> = {}): void {
        const font = options.font ?? this.regular;
        const size = options.size ?? BODY_SIZE;
        const lines = wrapText(value, font, size, this.width - LABEL_WIDTH);
        this.#ensure(size * 1.35);
        this.#page.drawText(toPrintable(label), {
            x: MARGIN.side,
            y: this.#y - size,
            size: BODY_SIZE,
            font: this.bold,
            color: COLOURS.text,
        });
        for (const line of lines) {
            this.#line(line, MARGIN.side + LABEL_WIDTH, font, size, options.colour ?? COLOURS.text);
        }
    }

    /** A check's outcome: status tag, title, and the reason in smaller type beneath. */
    check(status: CheckStatus, title: string, detail: string): void {
        const tag = `[${status.toUpperCase()}]`;
        const tagWidth = 38;
        this.#ensure(BODY_SIZE * 2.6);
        this.#page.drawText(tag, {
            x: MARGIN.side + 8,
            y: this.#y - BODY_SIZE,
            size: BODY_SIZE,
            font: this.bold,
            color: STATUS_COLOURS[status],
        });
        this.paragraph(title, { indent: 8 + tagWidth });
        this.paragraph(detail, { indent: 8 + tagWidth, size: 7.5, colour: COLOURS.muted });
        this.space(2);
    }

    /** Vertical space; never carried over to the top of a new page. */
    space(points: number): void {
        this.#y = Math.max(this.#y - points, MARGIN.bottom);
    }

    /** Starts a new page. */
    newPage(): void {
        this.#page = this.#addPage();
    }

    /** Writes `footer(page, pages)` at the bottom of every page; call once, when the content is complete. */
    footers(footer: (page: number, pages: number) => string): void {
        const pages = this.document.getPages();
        pages.forEach((page, i) => {
            page.drawText(toPrintable(footer(i + 1, pages.length)), {
                x: MARGIN.side,
                y: MARGIN.bottom / 2,
                size: 7.5,
                font: this.regular,
                color: COLOURS.muted,
            });
        });
    }

    #line(text: string, x: number, font: PDFFont, size: number, colour: RGB): void {
        const height = size * 1.35;
        this.#ensure(height);
        this.#page.drawText(text, { x, y: this.#y - size, size, font, color: colour });
        this.#y -= height;
    }

    #ensure(height: number): void {
        if (this.#y - height < MARGIN.bottom) {
            this.#page = this.#addPage();
        }
    }

    #addPage(): PDFPage {
        const page = this.document.addPage([PAGE.width, PAGE.height]);
        this.#y = PAGE.height - MARGIN.top;
        return page;
    }
}
