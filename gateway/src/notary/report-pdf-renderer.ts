import { Worker } from 'node:worker_threads';
import {
    ReportFontError,
    type NotaryReportPayload,
    type ReportFont,
    type ReportFontErrorCode,
} from '@lendledger/verifier';
import { ProblemError } from '../errors/problem-error.js';
import { type ReportPdfAnswer, type ReportPdfRequest, type ReportPdfWorkerData } from './report-pdf-protocol.js';

/** Draws a signed report's PDF. */
export interface ReportPdfRendering {
    render(payload: NotaryReportPayload, jws: string): Promise<Uint8Array>;
}

/** How renders wait and how long they may take (`notary.renderQueueLimit`, `notary.renderTimeoutMs`). */
export interface ReportPdfRendererOptions {
    readonly font: ReportFont;
    /** Renders that may wait while one is drawn; one more is refused with REPORT_RENDER_BUSY. */
    readonly queueLimit: number;
    /** Longest a render may take from being asked, waiting included; then REPORT_RENDER_TIMEOUT. */
    readonly timeoutMs: number;
    /** The worker's script; by default the one beside this module. */
    readonly workerUrl?: URL;
}

/** Retry-After of a refused or expired render: about what a report of a few dozen records takes to draw. */
const RETRY_AFTER_SECONDS = 5;

interface Job {
    readonly request: ReportPdfRequest;
    readonly resolve: (pdf: Uint8Array) => void;
    readonly reject: (error: unknown) => void;
    readonly timer: NodeJS.Timeout;
}

/**
 * The worker's script beside this module: `.js` in the compiled gateway (dist), `.ts` when this module itself runs
 * from source (vitest), which Node then runs with its type stripping.
 */
export function defaultWorkerUrl(moduleUrl: string = import.meta.url): URL {
    const extension = moduleUrl.endsWith('.ts') ? '.ts' : '.js';
    return new URL(`./report-pdf-worker${extension}`, moduleUrl);
}

/**
 * Renders report PDFs in one worker thread: pdf-lib takes seconds for a report of many records, and on the event
 * loop it would stall every other request (the event-loop guard would answer them 503 GATEWAY_SATURATED). One
 * worker, not a pool: the machine has two cores and the other one serves requests. The worker starts on the first
 * render, with the font's bytes copied into it once, and draws one report at a time; the others wait in a bounded
 * queue. A render that outlives its deadline or a worker that dies ends the worker; the next render starts a fresh
 * one. The bytes are those `renderReportPdf` gives on any thread: the same payload, JWS and font, the same PDF.
 */
export class ReportPdfRenderer implements ReportPdfRendering {
    readonly #options: ReportPdfRendererOptions;
    readonly #workerData: ReportPdfWorkerData;
    readonly #queue: Job[] = [];
    #worker: Worker | undefined;
    #running: Job | undefined;
    #nextId = 1;
    #closed = false;

    constructor(options: ReportPdfRendererOptions) {
        this.#options = options;
        this.#workerData = { fontBytes: options.font.bytes, fontSource: options.font.source };
    }

    /**
     * @throws {@link ProblemError} REPORT_RENDER_BUSY (503) when the queue is full, REPORT_RENDER_TIMEOUT (503)
     *   past the deadline, REPORT_RENDER_FAILED (500) when the worker dies or fails for another reason;
     *   {@link ReportFontError} when the font cannot draw the report.
     */
    render(payload: NotaryReportPayload, jws: string): Promise<Uint8Array> {
        if (this.#closed) {
            return Promise.reject(new ProblemError('SHUTTING_DOWN', 'the report renderer is closed'));
        }
        if (this.#running && this.#queue.length >= this.#options.queueLimit) {
            return Promise.reject(
                new ProblemError(
                    'REPORT_RENDER_BUSY',
                    `one report PDF is being drawn and ${this.#queue.length} wait (notary.renderQueueLimit ${this.#options.queueLimit}); retry later`,
                    { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } },
                ),
            );
        }
        return new Promise<Uint8Array>((resolve, reject) => {
            const request: ReportPdfRequest = { id: this.#nextId++, payload, jws };
            const timer = setTimeout(() => this.#expire(job), this.#options.timeoutMs);
            const job: Job = { request, resolve, reject, timer };
            this.#queue.push(job);
            this.#next();
        });
    }

    /** Ends the worker; renders still asked for are refused. */
    async close(): Promise<void> {
        this.#closed = true;
        const ended = new ProblemError('SHUTTING_DOWN', 'the gateway stopped while the report PDF was drawn');
        for (const job of this.#queue.splice(0)) {
            this.#settle(job, ended);
        }
        if (this.#running) {
            this.#settle(this.#running, ended);
        }
        await this.#stopWorker();
    }

    #next(): void {
        if (this.#running || this.#closed) {
            return;
        }
        const job = this.#queue.shift();
        if (!job) {
            return;
        }
        this.#running = job;
        this.#start().postMessage(job.request);
    }

    #start(): Worker {
        if (this.#worker) {
            return this.#worker;
        }
        const worker = new Worker(this.#options.workerUrl ?? defaultWorkerUrl(), { workerData: this.#workerData });
        // An idle worker does not keep the gateway alive; a running render's deadline timer does.
        worker.unref();
        worker.on('message', (answer: ReportPdfAnswer) => this.#answered(answer));
        worker.on('error', (error) => this.#died(worker, error));
        worker.on('exit', (code) => this.#died(worker, new Error(`the render worker exited with code ${code}`)));
        this.#worker = worker;
        return worker;
    }

    #answered(answer: ReportPdfAnswer): void {
        const job = this.#running;
        if (!job || job.request.id !== answer.id) {
            return;
        }
        if ('pdf' in answer) {
            this.#settle(job, undefined, answer.pdf);
        } else {
            this.#settle(job, renderError(answer.error, job.request.payload.reportId, this.#options.font.source));
        }
        this.#next();
    }

    /** The worker crashed or exited: its render fails, and the next one starts a fresh worker. */
    #died(worker: Worker, error: Error): void {
        if (this.#worker !== worker) {
            return;
        }
        this.#worker = undefined;
        const job = this.#running;
        if (job) {
            this.#settle(
                job,
                new ProblemError(
                    'REPORT_RENDER_FAILED',
                    `the PDF of report ${job.request.payload.reportId} was not drawn: ${error.message}`,
                    { cause: error },
                ),
            );
        }
        this.#next();
    }

    /** The deadline passed: a waiting render leaves the queue; a running one ends the worker, the only way to stop it. */
    #expire(job: Job): void {
        const error = new ProblemError(
            'REPORT_RENDER_TIMEOUT',
            `the PDF of report ${job.request.payload.reportId} was not drawn within notary.renderTimeoutMs (${this.#options.timeoutMs} ms)`,
            { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } },
        );
        const queued = this.#queue.indexOf(job);
        if (queued >= 0) {
            this.#queue.splice(queued, 1);
            this.#settle(job, error);
            return;
        }
        if (this.#running === job) {
            this.#settle(job, error);
            void this.#stopWorker();
            this.#next();
        }
    }

    #settle(job: Job, error: unknown, pdf?: Uint8Array): void {
        clearTimeout(job.timer);
        if (this.#running === job) {
            this.#running = undefined;
        }
        if (error === undefined) {
            job.resolve(pdf!);
        } else {
            job.reject(error);
        }
    }

    async #stopWorker(): Promise<void> {
        const worker = this.#worker;
        this.#worker = undefined;
        await worker?.terminate();
    }
}

/** The worker's failure as the gateway raises it: a font error keeps its class and code. */
function renderError(error: { code?: string; message: string }, reportId: string, fontSource: string): Error {
    if (error.code?.startsWith('REPORT_FONT_')) {
        return new ReportFontError(error.code as ReportFontErrorCode, fontSource, error.message);
    }
    return new ProblemError('REPORT_RENDER_FAILED', `the PDF of report ${reportId} was not drawn: ${error.message}`);
}
