/**
 * Renders a sample notary report from the fixture receipts to a PDF, for looking at by hand:
 * `node verifier/scripts/render-sample-report.ts out.pdf [a4|phone] [records]`, then `pdftoppm -png out.pdf page`.
 * With a record count, the fixture receipts are repeated to that many records and the render time is printed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReportPayload, renderReportPdf, type ReportPageSize } from '@lendledger/verifier/report';
import { loadReportFont } from '@lendledger/verifier/node';
import { parseRootsBundle, verifyReceipt } from '@lendledger/verifier/verify';

const [out = 'report.pdf', pageSize = 'a4', records = '2'] = process.argv.slice(2);
const FIXTURES = join(import.meta.dirname, '..', 'src', 'fixtures');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const roots = parseRootsBundle(fixture('roots.json'));
const entries = await Promise.all(
    (['direct', 'anchored'] as const).map(async (kind) => {
        const receipt: unknown = JSON.parse(fixture(`receipt-${kind}.json`));
        return { result: await verifyReceipt(receipt, { roots }), receipt };
    }),
);
const payload = buildReportPayload(
    Array.from({ length: Number(records) }, (_, i) => entries[i % entries.length]!),
    {
        reportId: 'NR-2026-0007',
        issuedAt: '2026-11-23T09:00:00Z',
        caseId: '(2026) 京0491民初 42 号',
        issuer: { subject: 'CN=Admin@notary.lendledger.test,OU=admin' },
        roots,
    },
);
const jws = `eyJhbGciOiJFUzI1NiJ9.${'x'.repeat(600)}.signature`;
const font = loadReportFont();
const started = performance.now();
const pdf = await renderReportPdf(payload, jws, { font, pageSize: pageSize as ReportPageSize });
const elapsed = Math.round(performance.now() - started);
writeFileSync(out, pdf);
console.log(`wrote ${out}: ${payload.items.length} record(s), rendered in ${elapsed} ms`);
