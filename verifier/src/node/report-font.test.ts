import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ReportFontError } from '../report/report-font.js';
import { loadReportFont, REPORT_FONT_ENV } from './report-font.js';

describe('loadReportFont', () => {
    it('reads the font named by the setting, else the Debian default', () => {
        const font = loadReportFont(undefined, {});

        expect(font.source).toBe('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc');
        expect(font.bytes.length).toBeGreaterThan(1_000_000);
    });

    it('fails with a coded error naming the missing font and the package that provides it', () => {
        const missing = join(tmpdir(), 'no-such-font.ttc');

        let error: unknown;
        try {
            loadReportFont(undefined, { [REPORT_FONT_ENV]: missing });
        } catch (e) {
            error = e;
        }

        expect(error).toBeInstanceOf(ReportFontError);
        expect(error).toMatchObject({ code: 'REPORT_FONT_MISSING', source: missing });
        expect((error as Error).message).toContain(missing);
        expect((error as Error).message).toContain('apt-get install -y fonts-wqy-microhei');
    });
});
