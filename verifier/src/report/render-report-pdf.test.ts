import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReportFont } from '../node/report-font.js';
import { fixtureReceipt, fixtureRoots } from '../testing/fixtures.js';
import { verifyReceipt } from '../verify-receipt.js';
import { buildReportPayload, type ReportEntry, type ReportMeta } from './build-report-payload.js';
import { COURT_FACTORS } from './court-factors.js';
import { ReportFontError } from './report-font.js';
import { type NotaryReportPayload } from './report-payload.js';
import { renderReportPdf } from './render-report-pdf.js';
import { INSTRUMENTS, LIMITS } from './report-wording.js';

const roots = fixtureRoots();
const font = loadReportFont();
const META: ReportMeta = {
    reportId: 'NR-2026-0007',
    issuedAt: '2026-11-23T09:00:00Z',
    caseId: '(2026) 京0491民初 42 号',
    issuer: { subject: 'CN=Admin@notary.lendledger.test,OU=admin' },
    roots,
};
// Long enough to need several lines and, in the many-records test, several pages.
const JWS = `eyJhbGciOiJFUzI1NiJ9.${'x'.repeat(3000)}.signature`;
const work = mkdtempSync(join(tmpdir(), 'report-pdf-'));

/** The text of the PDF as poppler's pdftotext extracts it (through the fonts' ToUnicode maps), unwrapped. */
function extractedText(pdf: Uint8Array): string {
    const file = join(work, `text-${Math.random().toString(36).slice(2)}.pdf`);
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** Text with line breaks and spaces removed, so a phrase wrapped across lines is still found. */
function squeezed(text: string): string {
    return text.replace(/\s+/g, '');
}

describe('renderReportPdf', () => {
    let entries: ReportEntry[];
    let payload: NotaryReportPayload;
    let pdf: Uint8Array;
    let text: string;

    beforeAll(async () => {
        entries = await Promise.all(
            (['direct', 'anchored'] as const).map(async (kind) => {
                const receipt = fixtureReceipt(kind);
                return { result: await verifyReceipt(receipt, { roots }), receipt };
            }),
        );
        payload = buildReportPayload(entries, META);
        pdf = await renderReportPdf(payload, JWS, { font });
        text = squeezed(extractedText(pdf));
    });

    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it('writes a PDF whose metadata and pages name the report, Chinese first', async () => {
        expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
        const document = await PDFDocument.load(pdf);
        expect(document.getTitle()).toBe('公证核验报告 NR-2026-0007 / Notary verification report NR-2026-0007');
        expect(document.getCreationDate()?.toISOString()).toBe('2026-11-23T09:00:00.000Z');
        expect(text).toContain('NR-2026-0007');
        expect(text).toContain('(2026)京0491民初42号');
        expect(text.indexOf('公证核验报告')).toBeLessThan(text.indexOf('NotaryVerificationReport'));
        expect(text).toContain('核验通过（2条记录中2条核验通过）');
        expect(text).toContain('VERIFIED(2of2record(s)verified)');
    });

    it('cites both court instruments and answers every factor for every record, in both languages', () => {
        for (const instrument of Object.values(INSTRUMENTS)) {
            expect(text).toContain(squeezed(instrument.zh));
            expect(text).toContain(squeezed(instrument.en));
        }
        for (const factor of COURT_FACTORS) {
            // Once in the list of rules, then once per record.
            expect(text.split(squeezed(`${factor.title.zh}`)).length - 1).toBeGreaterThanOrEqual(3);
            expect(text).toContain(squeezed(factor.answer.zh));
            expect(text).toContain(squeezed(factor.answer.en));
        }
    });

    it('names the signed bytes each answer rests on: block, transaction, signature, certificate', () => {
        for (const { receipt } of entries) {
            const { summary } = receipt as ReturnType<typeof fixtureReceipt>;
            expect(text).toContain(
                `区块${summary.blockNumber}第${summary.transactionIndex}笔交易，交易编号${summary.transactionId}`,
            );
            expect(text).toContain(squeezed(`排序节点对区块 ${summary.blockNumber} 区块头的数字签名`));
            for (const peer of summary.endorsedBy) {
                expect(text).toContain(squeezed(`证书 ${peer.subject}（${peer.mspId}）`));
            }
        }
        expect(text).toContain(squeezed('leaf 2 of 5 under root'));
        for (const anchor of payload.method.trustAnchors.filter((a) => a.kind === 'root')) {
            expect(text).toContain(`SHA-256${anchor.sha256}`);
        }
    });

    it('says what it does not establish: the e-signature, chain completeness, consent at each use', () => {
        expect(LIMITS.map((limit) => limit.en.split(':')[0])).toEqual(
            expect.arrayContaining([
                "The document's own electronic signature",
                'Completeness of the chain',
                'Consent in force at each use',
            ]),
        );
        for (const limit of LIMITS) {
            expect(text).toContain(squeezed(limit.zh));
            expect(text).toContain(squeezed(limit.en));
        }
    });

    it('reproduces the JWS and how to verify it', () => {
        expect(text).toContain(JWS);
        expect(text).toContain('lendledger-verify-reportreport.jws--rootsroots.json');
    });

    it('embeds the CJK font as a subset and nothing unembedded but Courier', async () => {
        const document = await PDFDocument.load(pdf);
        const fonts = document.context
            .enumerateIndirectObjects()
            .map(([, object]) => object)
            .filter(
                (object): object is PDFDict =>
                    object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('FontDescriptor'),
            );
        expect(fonts).toHaveLength(1);
        const descriptor = fonts[0]!;
        expect(descriptor.get(PDFName.of('FontName'))?.toString()).toMatch(/^\/[A-Z]{6}\+WenQuanYiMicroHei$/);
        const file = document.context.lookup(descriptor.get(PDFName.of('FontFile2')));
        expect(file).toBeInstanceOf(PDFRawStream);
        // The whole font is megabytes; the subset holds only the glyphs drawn.
        expect((file as PDFRawStream).contents.length).toBeLessThan(font.bytes.length / 20);
    });

    it('flows many records onto further pages', async () => {
        const many = buildReportPayload(
            Array.from({ length: 12 }, (_, i) => entries[i % 2]!),
            META,
        );

        const rendered = await renderReportPdf(many, JWS, { font });

        const pages = (await PDFDocument.load(rendered)).getPageCount();
        expect(pages).toBeGreaterThanOrEqual((await PDFDocument.load(pdf)).getPageCount() + 10);
        const manyText = squeezed(extractedText(rendered));
        expect(manyText).toContain('记录12（共12条）');
        expect(manyText).toContain(`page${pages}of${pages}`);
    }, 60_000);

    it('lays the same report out on phone-sized pages', async () => {
        const phone = await renderReportPdf(payload, JWS, { font, pageSize: 'phone' });

        const document = await PDFDocument.load(phone);
        expect(document.getPage(0).getSize()).toEqual({ width: 288, height: 512 });
        expect(document.getPageCount()).toBeGreaterThan((await PDFDocument.load(pdf)).getPageCount());
        expect(squeezed(extractedText(phone))).toContain(squeezed(COURT_FACTORS[3]!.answer.zh));
    });

    it('renders the same bytes for the same report', async () => {
        expect(await renderReportPdf(payload, JWS, { font })).toEqual(pdf);
    });

    it('renders every page to an image with ink on it (pdftoppm)', async () => {
        const pages = (await PDFDocument.load(pdf)).getPageCount();
        const dir = mkdtempSync(join(work, 'pages-'));
        writeFileSync(join(dir, 'report.pdf'), pdf);
        // 50 dpi, cut above the footer, so that a page holding only its footer counts as blank.
        const [width, height] = [Math.floor((595.28 / 72) * 50), Math.floor(((841.89 - 40) / 72) * 50)];
        execFileSync('pdftoppm', [
            '-gray',
            '-r',
            '50',
            '-x',
            '0',
            '-y',
            '0',
            '-W',
            `${width}`,
            '-H',
            `${height}`,
            join(dir, 'report.pdf'),
            join(dir, 'page'),
        ]);

        const images = readdirSync(dir).filter((name) => name.endsWith('.pgm'));
        expect(images).toHaveLength(pages);
        for (const image of images) {
            expect(darkPixels(readFileSync(join(dir, image))), image).toBeGreaterThan(100);
        }
    });

    it('refuses bytes that are not a font with a coded error, drawing nothing', async () => {
        const error = await renderReportPdf(payload, JWS, {
            font: { bytes: new TextEncoder().encode('not a font'), source: 'broken.ttf' },
        }).catch((e: unknown) => e);

        expect(error).toBeInstanceOf(ReportFontError);
        expect(error).toMatchObject({ code: 'REPORT_FONT_UNREADABLE', source: 'broken.ttf' });
    });

    it.skipIf(!existsFont(LATIN_ONLY))('refuses a font without Chinese glyphs', async () => {
        const error = await renderReportPdf(payload, JWS, { font: loadReportFont(LATIN_ONLY) }).catch(
            (e: unknown) => e,
        );

        expect(error).toMatchObject({ code: 'REPORT_FONT_NOT_CJK', source: LATIN_ONLY });
        expect((error as Error).message).toContain('fonts-wqy-microhei');
    });
});

const LATIN_ONLY = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

function existsFont(path: string): boolean {
    try {
        readFileSync(path);
        return true;
    } catch {
        return false;
    }
}

/** Pixels darker than mid-grey in a binary PGM (P5) image. */
function darkPixels(pgm: Buffer): number {
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
    expect(header).not.toBeNull();
    const [all, width, height] = header!;
    const pixels = pgm.subarray(all.length, all.length + Number(width) * Number(height));
    return pixels.reduce((count, value) => count + (value < 160 ? 1 : 0), 0);
}
