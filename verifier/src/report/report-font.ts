import fontkit, { type Font } from '@pdf-lib/fontkit';
import { CodedError } from '@lendledger/domain';
import { type PDFDocument, type PDFFont } from 'pdf-lib';

/**
 * The CJK font the report's text is drawn with: the bytes of a TrueType font (or collection, whose first face is
 * used) and where they came from, for error messages. The library never reads files, so the caller loads it
 * (`loadReportFont` in `@lendledger/verifier/node`).
 */
export interface ReportFont {
    readonly bytes: Uint8Array;
    /** Where the bytes came from (a path), named in errors. */
    readonly source: string;
}

/** Why the report's font cannot be used. */
export type ReportFontErrorCode = 'REPORT_FONT_MISSING' | 'REPORT_FONT_UNREADABLE' | 'REPORT_FONT_NOT_CJK';

/**
 * The Debian package whose font the report uses by default: WenQuanYi Micro Hei, TrueType outlines (which pdf-lib
 * subsets cleanly, unlike CFF-based OpenType), Simplified Chinese and Latin in one face, Apache-2.0 (embedding
 * allowed).
 */
export const REPORT_FONT_PACKAGE = 'fonts-wqy-microhei';

/** Where Debian's {@link REPORT_FONT_PACKAGE} puts the font. */
export const DEFAULT_REPORT_FONT_PATH = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** Characters the font must have for the report to be drawn at all: a sample of the report's own vocabulary. */
const REQUIRED_SAMPLE = '公证核验报告区块链存证哈希值数字签名背书时间戳Aa0';

/**
 * The report cannot be rendered with the font it was given. A report is never drawn without its Chinese glyphs:
 * no fallback to a font that would print empty boxes.
 */
export class ReportFontError extends CodedError {
    readonly source: string;

    constructor(code: ReportFontErrorCode, source: string, message: string, options?: ErrorOptions) {
        super(code, message, options);
        this.source = source;
    }
}

/**
 * Embeds the font in `document` as a subset holding only the glyphs the report draws.
 *
 * @throws {@link ReportFontError} REPORT_FONT_UNREADABLE when the bytes are not a font, REPORT_FONT_NOT_CJK when
 *   it lacks the report's Chinese characters.
 */
export async function embedReportFont(document: PDFDocument, font: ReportFont): Promise<PDFFont> {
    let face: Font;
    try {
        face = firstFace(font.bytes);
    } catch (error) {
        throw new ReportFontError(
            'REPORT_FONT_UNREADABLE',
            font.source,
            `the report font ${font.source} is not a readable TrueType font or collection (install ${REPORT_FONT_PACKAGE})`,
            { cause: error },
        );
    }
    const missing = [...REQUIRED_SAMPLE].filter((char) => !face.hasGlyphForCodePoint(char.codePointAt(0)!));
    if (missing.length > 0) {
        throw new ReportFontError(
            'REPORT_FONT_NOT_CJK',
            font.source,
            `the report font ${font.source} has no glyph for ${missing.join('')}: it needs a Simplified Chinese font such as ${REPORT_FONT_PACKAGE}`,
        );
    }
    // pdf-lib asks its fontkit to open the bytes; a collection opens as a collection, so hand it the chosen face.
    document.registerFontkit({ create: () => face });
    // A fixed name keeps the bytes deterministic; the six-letter tag marks the font as a subset (ISO 32000 9.6.4).
    return document.embedFont(font.bytes, { subset: true, customName: `LLRPTF+${face.postscriptName ?? 'CJK'}` });
}

/** The face whose glyphs the report uses: the font itself, or the first face of a collection. */
export function firstFace(bytes: Uint8Array): Font {
    const opened = fontkit.create(bytes) as Font | { readonly fonts?: readonly Font[] };
    const face = 'fonts' in opened && Array.isArray(opened.fonts) ? opened.fonts[0] : (opened as Font);
    if (face === undefined || typeof face.hasGlyphForCodePoint !== 'function') {
        throw new Error('no font face in the file');
    }
    return face;
}
