import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
    buildReportPayload,
    parseRootsBundle,
    renderReportPdf,
    verifyReceipt,
    type NotaryReportPayload,
    type ReportEntry,
} from '@lendledger/verifier';
import { loadReportFont } from '@lendledger/verifier/node';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordedReceipt } from '../testing/recorded-receipts.js';
import { defaultWorkerUrl, ReportPdfRenderer } from './report-pdf-renderer.js';

const font = loadReportFont();
const roots = parseRootsBundle(
    readFileSync(join(import.meta.dirname, '..', '..', '..', 'verifier', 'src', 'fixtures', 'roots.json'), 'utf8'),
);
const JWS = `eyJhbGciOiJFUzI1NiJ9.${'x'.repeat(3000)}.signature`;
const SCRIPTED = new URL('../testing/scripted-render-worker.ts', import.meta.url);

/** A report on `records` records, alternating the recorded direct and anchored receipts. */
async function reportOn(records: number): Promise<NotaryReportPayload> {
    const entries: ReportEntry[] = await Promise.all(
        (['direct', 'anchored'] as const).map(async (kind) => {
            const receipt = recordedReceipt(kind);
            return { result: await verifyReceipt(receipt, { roots }), receipt };
        }),
    );
    return buildReportPayload(
        Array.from({ length: records }, (_, i) => entries[i % 2]!),
        {
            reportId: 'NR-2026-0042',
            issuedAt: '2026-11-23T09:00:00Z',
            caseId: '(2026) 京0491民初 42 号',
            issuer: { subject: 'CN=Admin@notary.lendledger.test,OU=admin' },
            roots,
        },
    );
}

/** How long `work` took, and the longest wait between two turns of the event loop (setImmediate) meanwhile. */
async function loopWhile(work: () => Promise<unknown>): Promise<{ took: number; longestStall: number }> {
    let longestStall = 0;
    let last = performance.now();
    let working = true;
    const turn = (): void => {
        const now = performance.now();
        longestStall = Math.max(longestStall, now - last);
        last = now;
        if (working) {
            setImmediate(turn);
        }
    };
    const started = performance.now();
    setImmediate(turn);
    await work();
    working = false;
    const took = performance.now() - started;
    // The turn that ran after the render's end closes the last stall.
    await new Promise((resolve) => setImmediate(resolve));
    return { took, longestStall };
}

// Drawing a 50-record report takes seconds, more on a loaded two-core machine: these are checks of bytes and order,
// not of speed, so they get room beyond vitest's default 5 s.
describe('ReportPdfRenderer', { timeout: 60_000 }, () => {
    const renderers: ReportPdfRenderer[] = [];
    const rendererOf = (options: Partial<ConstructorParameters<typeof ReportPdfRenderer>[0]> = {}) => {
        const renderer = new ReportPdfRenderer({ font, queueLimit: 4, timeoutMs: 120_000, ...options });
        renderers.push(renderer);
        return renderer;
    };
    let fifty: NotaryReportPayload;

    beforeAll(async () => {
        fifty = await reportOn(50);
    });

    afterEach(async () => {
        await Promise.all(renderers.splice(0).map((renderer) => renderer.close()));
    });

    it('runs the worker beside its module: the .ts source under vitest, the compiled .js in dist', () => {
        expect(defaultWorkerUrl().pathname).toMatch(/\/gateway\/src\/notary\/report-pdf-worker\.ts$/);
        expect(defaultWorkerUrl('file:///srv/gateway/dist/notary/report-pdf-renderer.js').href).toBe(
            'file:///srv/gateway/dist/notary/report-pdf-worker.js',
        );
    });

    it('draws in the real worker the same bytes as on this thread, report after report', async () => {
        const renderer = rendererOf();
        const one = await reportOn(1);
        for (const payload of [one, fifty, one]) {
            const inThread = await renderReportPdf(payload, JWS, { font });
            const inWorker = await renderer.render(payload, JWS);
            expect(Buffer.from(inWorker).equals(Buffer.from(inThread))).toBe(true);
        }
    });

    it('keeps the event loop turning while a 50-record report is drawn, which drawing on this thread does not', async () => {
        const renderer = rendererOf();
        // Start the worker first, so that the measured render is drawing, not loading modules.
        await renderer.render(await reportOn(1), JWS);
        const inWorker = await loopWhile(() => renderer.render(fifty, JWS));
        const inThread = await loopWhile(() => renderReportPdf(fifty, JWS, { font }));
        console.log(
            `50-record render: in the worker ${inWorker.took.toFixed(0)} ms, longest stall ${inWorker.longestStall.toFixed(1)} ms; ` +
                `on this thread ${inThread.took.toFixed(0)} ms, longest stall ${inThread.longestStall.toFixed(1)} ms`,
        );
        // Relative, not a fixed figure: in the worker no turn of the loop waits for a large part of the render;
        // on this thread one does (the control shows the measure sees the stall it is there to catch).
        expect(inWorker.longestStall).toBeLessThan(inWorker.took / 2);
        expect(inThread.longestStall).toBeGreaterThan(inThread.took / 2);
    });

    it('refuses a render beyond the queue with REPORT_RENDER_BUSY and still draws the ones it took', async () => {
        const renderer = rendererOf({ queueLimit: 1, workerUrl: SCRIPTED });
        const drawing = renderer.render(fifty, 'first');
        const waiting = renderer.render(fifty, 'second');
        await expect(renderer.render(fifty, 'third')).rejects.toMatchObject({
            code: 'REPORT_RENDER_BUSY',
            status: 503,
            headers: { 'retry-after': '5' },
        });
        expect(new TextDecoder().decode(await drawing)).toBe('first');
        expect(new TextDecoder().decode(await waiting)).toBe('second');
    });

    it('fails the render of a crashed worker with REPORT_RENDER_FAILED and draws the next in a fresh worker', async () => {
        const renderer = rendererOf({ workerUrl: SCRIPTED });
        const crashing = renderer.render(fifty, 'crash');
        const next = renderer.render(fifty, 'after');
        await expect(crashing).rejects.toMatchObject({ code: 'REPORT_RENDER_FAILED', status: 500 });
        expect(new TextDecoder().decode(await next)).toBe('after');
    });

    it('ends a render past its deadline with REPORT_RENDER_TIMEOUT and draws the next in a fresh worker', async () => {
        const renderer = rendererOf({ workerUrl: SCRIPTED, timeoutMs: 3_000 });
        await expect(renderer.render(fifty, 'hang')).rejects.toMatchObject({
            code: 'REPORT_RENDER_TIMEOUT',
            status: 503,
        });
        expect(new TextDecoder().decode(await renderer.render(fifty, 'after'))).toBe('after');
    });

    it('passes a font error on with its class and code', async () => {
        const renderer = rendererOf({ font: { bytes: new Uint8Array([1, 2, 3]), source: 'broken.ttf' } });
        await expect(renderer.render(fifty, JWS)).rejects.toMatchObject({
            name: 'ReportFontError',
            code: 'REPORT_FONT_UNREADABLE',
            source: 'broken.ttf',
        });
    });

    it('refuses renders once closed', async () => {
        const renderer = rendererOf({ workerUrl: SCRIPTED });
        await renderer.close();
        await expect(renderer.render(fifty, 'late')).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
    });
});
