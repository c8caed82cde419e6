/**
 * Renders a sample notary report from the fixture receipts to a PDF, for looking at by hand:
 * `node verifier/scripts/render-sample-report.ts out.pdf [a4|phone]`, then `pdftoppm -png out.pdf page`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReportPayload, renderReportPdf, type ReportPageSize } from '@lendledger/verifier/report';
import { loadReportFont } from '@lendledger/verifier/node';
import { parseRootsBundle, verifyReceipt } from '@lendledger/verifier/verify';

const [out = 'report.pdf', pageSize = 'a4'] = process.argv.slice(2);
const FIXTURES = join(import.meta.dirname, '..', 'src', 'fixtures');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const roots = parseRootsBundle(fixture('roots.json'));
const entries = await Promise.all(
    (['direct', 'anchored'] as const).map(async (kind) => {
        const receipt: unknown = JSON.parse(fixture(`receipt-${kind}.json`));
        return { result: await verifyReceipt(receipt, { roots }), receipt };
    }),
);
const payload = buildReportPayload(entries, {
    reportId: 'NR-2026-0007',
    issuedAt: '2026-11-23T09:00:00Z',
    caseId: '(2026) 京0491民初 42 号',
    issuer: { subject: 'CN=Admin@notary.lendledger.test,OU=admin' },
    roots,
});
const jws = `eyJhbGciOiJFUzI1NiJ9.${'x'.repeat(600)}.signature`;
writeFileSync(
    out,
    await renderReportPdf(payload, jws, { font: loadReportFont(), pageSize: pageSize as ReportPageSize }),
);
console.log(`wrote ${out}`);
