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
import { type NotaryReportPayload, type ReportItem } from './report-payload.js';
import { JWS_PRINT_LIMIT, renderReportPdf } from './render-report-pdf.js';
import { INSTRUMENTS, LIMITS, WORDS } from './report-wording.js';
import { sha256 } from '../crypto/sha256.js';
import { toHex, utf8 } from '../encoding/bytes.js';

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

/** The text of each page, as pdftotext lays it out, without the footer. */
function pageTexts(pdf: Uint8Array): string[] {
    const text = extractedText(pdf);
    return text
        .split('\f')
        .slice(0, -1)
        .map((page) => page.replace(/公证核验报告 \S+ 第 \d+ 页[\s\S]*$/, ''));
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

    it('cites both court instruments and answers every factor once, for all records, in both languages', () => {
        for (const instrument of Object.values(INSTRUMENTS)) {
            expect(text).toContain(squeezed(instrument.zh));
            expect(text).toContain(squeezed(instrument.en));
        }
        for (const [i, factor] of COURT_FACTORS.entries()) {
            expect(text.split(squeezed(`${i + 1}. ${factor.title.zh}`)).length - 1, factor.id).toBe(1);
            expect(text.split(squeezed(factor.answer.zh)).length - 1, factor.id).toBe(1);
            expect(text).toContain(squeezed(factor.answer.en));
            expect(text).toContain(squeezed(factor.rule.en));
        }
        expect(text).toContain('已确认（全部2条记录）');
        expect(text).toContain('Establishedforall2record(s)');
    });

    it("names, in each record's block, the signed bytes the answers rest on: block, transaction, signature, certificate", () => {
        for (const [i, { receipt }] of entries.entries()) {
            const { summary } = receipt as ReturnType<typeof fixtureReceipt>;
            const block = squeezed(text.split(`记录${i + 1}（共2条）`)[1]!.split('记录')[0]!);
            expect(block).toContain(
                squeezed(
                    `区块 ${summary.blockNumber}，第 ${summary.transactionIndex} 笔交易 / block ${summary.blockNumber}, entry ${summary.transactionIndex}`,
                ),
            );
            expect(text.split(`记录${i + 1}（共2条）`)[1]).toContain(summary.transactionId);
            expect(text.split(`记录${i + 1}（共2条）`)[1]).toContain(squeezed(`区块 ${summary.blockNumber} 区块头`));
            for (const signer of [summary.writtenBy, ...summary.endorsedBy, ...summary.orderedBy]) {
                expect(text.split(`记录${i + 1}（共2条）`)[1]).toContain(
                    squeezed(`${signer.subject} (${signer.mspId}`),
                );
            }
        }
        expect(text).toContain(squeezed('leaf 2 of 5 under the Merkle root:'));
        for (const anchor of payload.method.trustAnchors.filter((a) => a.kind === 'root')) {
            expect(text).toContain(`SHA-256${anchor.sha256}`);
        }
    });

    it("names the records a factor is not established for, and gives the failed checks' reasons in Appendix C", async () => {
        const failed = withFailedCheck(payload, 1, 'block-data-hash', 'the data hash is 00ff, the header says 11ee');

        const failedText = squeezed(extractedText(await renderReportPdf(failed, JWS, { font })));

        expect(failedText).toContain('未能确认：记录2；其余1条已确认');
        expect(failedText).toContain(squeezed('NOT established for record(s) 2; established for the other 1'));
        expect(failedText).toContain(squeezed('block-data-hash FAILED for record(s) 2'));
        expect(failedText).toContain(squeezed('block-data-hash: the data hash is 00ff, the header says 11ee'));
        expect(failedText).not.toContain(squeezed(WORDS.appendixCNone.en));
        expect(text).toContain(squeezed(WORDS.appendixCNone.en));
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

    it('reproduces a short JWS in full, with its SHA-256 and how to verify it', () => {
        expect(text).toContain(JWS);
        expect(text).toContain(toHex(sha256(utf8(JWS))));
        expect(text).toContain('lendledger-verify-reportreport.jws--rootsroots.json');
    });

    it('attaches the JWS to the PDF, and prints only its digest, header and signature when it is long', async () => {
        const long = `eyJhbGciOiJFUzI1NiJ9.${'p'.repeat(JWS_PRINT_LIMIT)}.c2lnbmF0dXJl`;

        const rendered = await renderReportPdf(payload, long, { font });

        const longText = squeezed(extractedText(rendered));
        expect(longText).not.toContain('p'.repeat(200));
        expect(longText).toContain(toHex(sha256(utf8(long))));
        expect(longText).toContain('eyJhbGciOiJFUzI1NiJ9');
        expect(longText).toContain('c2lnbmF0dXJl');
        const file = join(work, 'attached.pdf');
        writeFileSync(file, rendered);
        execFileSync('pdfdetach', ['-saveall', '-o', work, file]);
        expect(readFileSync(join(work, 'report.jws'), 'utf8')).toBe(long);
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

    // Each record's block states its trusted time (two lines, Chinese then English) since receipts carry tokens.
    it('keeps a 50-record report short: the factors once, a compact block per record, at most 36 pages', async () => {
        const many = buildReportPayload(
            Array.from({ length: 50 }, (_, i) => entries[i % 2]!),
            META,
        );

        const started = performance.now();
        const rendered = await renderReportPdf(many, JWS, { font });
        // A figure for the log, not an assertion: the machine's load decides it.
        console.log(`rendered a 50-record report in ${Math.round(performance.now() - started)} ms`);

        const pages = (await PDFDocument.load(rendered)).getPageCount();
        console.log(`a 50-record report has ${pages} A4 pages`);
        expect(pages).toBeLessThanOrEqual(36);
        const manyText = squeezed(extractedText(rendered));
        for (let i = 1; i <= 50; i++) {
            expect(manyText).toContain(`记录${i}（共50条）`);
        }
        expect(manyText.split(squeezed(COURT_FACTORS[0]!.answer.zh)).length - 1).toBe(1);
        expect(manyText).toContain(`page${pages}of${pages}`);
        expectNoStrandedText(rendered);
    }, 60_000);

    it('leaves no page near empty and no heading at the foot of a page', () => {
        expectNoStrandedText(pdf);
    });

    it('lays the same report out on phone-sized pages', async () => {
        const phone = await renderReportPdf(payload, JWS, { font, pageSize: 'phone' });

        const document = await PDFDocument.load(phone);
        expect(document.getPage(0).getSize()).toEqual({ width: 288, height: 512 });
        expect(document.getPageCount()).toBeGreaterThan((await PDFDocument.load(pdf)).getPageCount());
        const phoneText = squeezed(pageTexts(phone).join(''));
        expect(phoneText).toContain(squeezed(COURT_FACTORS[3]!.answer.zh));
        expect(phoneText).toContain('记录2（共2条）');
        for (const limit of LIMITS) {
            expect(phoneText).toContain(squeezed(limit.zh));
        }
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

/** The same report with one check of one record failed, as a verifier finding that fault would report it. */
function withFailedCheck(payload: NotaryReportPayload, index: number, id: string, detail: string): NotaryReportPayload {
    const fail = <T extends { readonly checks: readonly { readonly id: string }[] }>(finding: T): T => ({
        ...finding,
        checks: finding.checks.map((check) => (check.id === id ? { ...check, status: 'fail', detail } : check)),
    });
    const items = payload.items.map((item, i): ReportItem =>
        i !== index
            ? item
            : {
                  ...item,
                  verdict: 'not-verified',
                  creation: fail(item.creation),
                  integrity: fail(item.integrity),
                  witnesses: fail(item.witnesses),
                  method: fail(item.method),
              },
    );
    const verified = items.filter((item) => item.verdict === 'verified').length;
    return {
        ...payload,
        verdict: 'not-verified',
        counts: { items: items.length, verified, notVerified: items.length - verified },
        items,
    };
}

// Every section heading the report draws, in both languages: none may end a page.
const HEADINGS = [
    WORDS.glance,
    WORDS.factorsAndAnswers,
    WORDS.limits,
    WORDS.method,
    WORDS.algorithms,
    WORDS.trustAnchors,
    WORDS.checkLegend,
    WORDS.recordsSection,
    WORDS.appendixA,
    WORDS.appendixB,
    WORDS.appendixC,
    ...COURT_FACTORS.map((factor) => factor.title),
].flatMap((words) => [squeezed(words.zh), squeezed(words.en)]);

/**
 * No page but the last holds less than a fifth of a page of text (an orphaned tail of a section), none ends with a
 * heading, and the last has more than a couple of lines.
 */
function expectNoStrandedText(pdf: Uint8Array): void {
    const pages = pageTexts(pdf);
    pages.forEach((page, i) => {
        const lines = page.split('\n').filter((line) => line.trim() !== '');
        expect(lines.length, `lines on page ${i + 1}`).toBeGreaterThanOrEqual(i === pages.length - 1 ? 6 : 12);
        const last = squeezed(lines.at(-1) ?? '');
        expect(HEADINGS.includes(last), `page ${i + 1} ends with the heading "${lines.at(-1)}"`).toBe(false);
    });
}

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
