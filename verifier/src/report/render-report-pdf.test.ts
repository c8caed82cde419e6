import { inflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureReceipt, fixtureRoots } from '../testing/fixtures.js';
import { verifyReceipt } from '../verify-receipt.js';
import { buildReportPayload, type ReportEntry, type ReportMeta } from './build-report-payload.js';
import { type NotaryReportPayload } from './report-payload.js';
import { renderReportPdf } from './render-report-pdf.js';

const roots = fixtureRoots();
const META: ReportMeta = {
    reportId: 'NR-2026-0007',
    issuedAt: '2026-11-23T09:00:00Z',
    caseId: '(2026) 案件 No. 42',
    issuer: { subject: 'CN=Admin@notary.lendledger.test,OU=admin' },
    roots,
};
// Long enough to need several lines and, in the many-records test, several pages.
const JWS = `eyJhbGciOiJFUzI1NiJ9.${'x'.repeat(3000)}.signature`;

/** The text drawn on the PDF's pages: pdf-lib writes each line as a hex string shown with Tj. */
function drawnText(pdf: Uint8Array): string {
    const raw = Buffer.from(pdf).toString('latin1');
    const shown: string[] = [];
    for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
        let content: string;
        try {
            content = inflateSync(Buffer.from(match[1]!, 'latin1')).toString('latin1');
        } catch {
            continue;
        }
        for (const hex of content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) {
            shown.push(Buffer.from(hex[1]!, 'hex').toString('latin1'));
        }
    }
    return shown.join('\n');
}

describe('renderReportPdf', () => {
    let entries: ReportEntry[];
    let payload: NotaryReportPayload;
    let pdf: Uint8Array;

    beforeAll(async () => {
        entries = await Promise.all(
            (['direct', 'anchored'] as const).map(async (kind) => {
                const receipt = fixtureReceipt(kind);
                return { result: await verifyReceipt(receipt, { roots }), receipt };
            }),
        );
        payload = buildReportPayload(entries, META);
        pdf = await renderReportPdf(payload, JWS);
    });

    it('writes a PDF whose metadata and pages name the report', async () => {
        expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
        const document = await PDFDocument.load(pdf);
        expect(document.getTitle()).toBe('Notary verification report NR-2026-0007');
        expect(document.getCreationDate()?.toISOString()).toBe('2026-11-23T09:00:00.000Z');
        const text = drawnText(pdf);
        expect(text).toContain('NR-2026-0007');
        expect(text).toContain('VERIFIED (2 of 2 record(s) verified)');
        expect(text).toContain('(2026) ?? No. 42');
    });

    it('answers the four court questions for each record and explains how to verify', () => {
        const text = drawnText(pdf);

        for (const question of [
            'Who wrote the record, and when?',
            'Has the record changed since it was written?',
            'Which independent organisations witnessed the write?',
            'How was it verified, and can anyone repeat the verification?',
        ]) {
            expect(text.split(question)).toHaveLength(3);
        }
        expect(text).toContain('leaf 2 of 5 under Merkle root');
        expect(text).toContain('Run: lendledger-verify-report report.jws --roots roots.json');
        expect(text.replace(/\n/g, '')).toContain(JWS);
    });

    it('flows many records onto further pages', async () => {
        const many = buildReportPayload(
            Array.from({ length: 12 }, (_, i) => entries[i % 2]!),
            META,
        );

        const rendered = await renderReportPdf(many, JWS);

        const pages = (await PDFDocument.load(rendered)).getPageCount();
        expect(pages).toBeGreaterThanOrEqual((await PDFDocument.load(pdf)).getPageCount() + 10);
        expect(drawnText(rendered)).toContain('Record 12 of 12');
        expect(drawnText(rendered)).toContain(`page ${pages} of ${pages}`);
    });

    it('renders the same bytes for the same report', async () => {
        expect(await renderReportPdf(payload, JWS)).toEqual(pdf);
    });
});
