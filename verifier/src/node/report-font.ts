import { readFileSync } from 'node:fs';
import {
    DEFAULT_REPORT_FONT_PATH,
    REPORT_FONT_PACKAGE,
    ReportFontError,
    type ReportFont,
} from '../report/report-font.js';

/** The environment variable that names the report's font file when no path is given. */
export const REPORT_FONT_ENV = 'LENDLEDGER_REPORT_FONT';

/**
 * Reads the CJK font the notary's PDF embeds: `path`, else `$LENDLEDGER_REPORT_FONT`, else Debian's
 * fonts-wqy-microhei. A missing font is an error, never a fallback to a font without Chinese glyphs.
 *
 * @throws {@link ReportFontError} REPORT_FONT_MISSING naming the file and the package that provides it.
 */
export function loadReportFont(path?: string, env: NodeJS.ProcessEnv = process.env): ReportFont {
    const source = path ?? (env[REPORT_FONT_ENV] || DEFAULT_REPORT_FONT_PATH);
    try {
        return { bytes: readFileSync(source), source };
    } catch (error) {
        throw new ReportFontError(
            'REPORT_FONT_MISSING',
            source,
            `the notary report's CJK font ${source} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ` +
                `install it with "apt-get install -y ${REPORT_FONT_PACKAGE}" or point ${REPORT_FONT_ENV} at a TrueType CJK font`,
            { cause: error },
        );
    }
}
