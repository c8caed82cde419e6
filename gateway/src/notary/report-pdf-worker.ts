/**
 * The notary report's PDF renderer, run in a worker thread so that a report of many records (seconds of pdf-lib
 * work) does not stop the gateway answering. Node runs this file as it is: compiled (dist/…/report-pdf-worker.js)
 * in the gateway, and from source (type stripping) under vitest. So it imports packages and types only: a
 * relative value import would name a `.js` file that does not exist beside the source.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { renderReportPdf, type ReportFont } from '@lendledger/verifier';
import type { ReportPdfAnswer, ReportPdfRequest, ReportPdfWorkerData } from './report-pdf-protocol.js';

const data = workerData as ReportPdfWorkerData;
// Read once for the worker's life: every render embeds a subset of the same font.
const font: ReportFont = { bytes: data.fontBytes, source: data.fontSource };
const port = parentPort!;

port.on('message', (request: ReportPdfRequest) => {
    renderReportPdf(request.payload, request.jws, { font }).then(
        (pdf) => {
            const answer: ReportPdfAnswer = { id: request.id, pdf };
            // The PDF's buffer moves to the gateway's thread instead of being copied.
            port.postMessage(answer, [pdf.buffer as ArrayBuffer]);
        },
        (error: unknown) => {
            const code = (error as { code?: unknown } | null)?.code;
            const answer: ReportPdfAnswer = {
                id: request.id,
                error: {
                    ...(typeof code === 'string' ? { code } : {}),
                    message: String((error as Error)?.message ?? error),
                },
            };
            port.postMessage(answer);
        },
    );
});
