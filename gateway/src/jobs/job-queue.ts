import { randomUUID } from 'node:crypto';
import { type FastifyBaseLogger } from 'fastify';
import { SaturatedError, type ConcurrencyLimiter } from '../fabric/concurrency-limiter.js';
import { CommitStatusUnknownError } from '../fabric/ledger-errors.js';
import { fromJournal, toJournal } from '../fabric/journaled-transaction.js';
import { type SubmitResult, type TransactionRunner } from '../fabric/transaction-runner.js';
import { toProblem } from '../errors/problem.js';
import { type GatewayMetrics } from '../metrics/gateway-metrics.js';
import { Journal } from '../storage/journal.js';
import {
    jobView,
    type ChunkCall,
    type ChunkEntry,
    type JobEntry,
    type JobJournalEntry,
    type JobView,
} from './job-records.js';

/** Collaborators and bounds of a {@link JobQueue}. */
export interface JobQueueOptions {
    readonly file: string;
    readonly runner: TransactionRunner;
    readonly limiter: ConcurrencyLimiter;
    readonly concurrency: number;
    readonly retentionMs: number;
    readonly fsync: boolean;
    readonly metrics?: GatewayMetrics;
    /** Where a job that fails outside its chunks (a journal write) is reported. */
    readonly log: FastifyBaseLogger;
    /** Waits before a chunk asks again for a submission slot. */
    readonly sleep: (millis: number) => Promise<void>;
}

/** A job to create: its chunks run one after another, as the owner. */
export interface NewJob {
    readonly owner: string;
    readonly operation: string;
    readonly transaction: string;
    readonly chunks: readonly { readonly items: number; readonly call: ChunkCall }[];
}

/**
 * Background jobs for batches too large for one request: each chunk is one transaction, run in order (so items of
 * one loan can chain across chunks), through the same retries and concurrency limit as interactive writes.
 * Progress is journaled after every chunk; jobs left unfinished by a stop resume at their first uncommitted chunk
 * when the queue opens again. Each chunk's signed transaction is journaled before it goes to the orderer, so a
 * chunk whose outcome was never learned (a crash, a commit status still unknown) follows that transaction, sending
 * the same envelope again, instead of endorsing a second one: not every batch (consent uses) is deduplicated by the
 * chaincode.
 */
export class JobQueue {
    readonly #options: JobQueueOptions;
    readonly #journal: Journal<JobJournalEntry>;
    readonly #jobs = new Map<string, JobEntry>();
    readonly #chunks = new Map<string, ChunkEntry[]>();
    readonly #waiting: string[] = [];
    readonly #running = new Set<Promise<void>>();
    /** Jobs and chunks remembered: the live entries of the journal. */
    #entryCount = 0;
    #closing = false;

    private constructor(
        options: JobQueueOptions,
        journal: Journal<JobJournalEntry>,
        entries: Iterable<JobJournalEntry>,
    ) {
        this.#options = options;
        this.#journal = journal;
        for (const entry of entries) {
            this.#remember(entry);
        }
    }

    /** Opens the journal, forgets jobs finished longer ago than the retention, and resumes unfinished ones. */
    static async open(options: Readonly<JobQueueOptions>): Promise<JobQueue> {
        const cutoff = Date.now() - options.retentionMs;
        const { journal, entries } = await Journal.open<JobJournalEntry>(options.file, {
            fsync: options.fsync,
            // A job goes with its chunks once it finished before the cutoff; an unfinished one has no finishedAt.
            keep: (entry, all) => {
                const job = all.get(entry.kind === 'job' ? entry.id : entry.jobId);
                return !(job?.kind === 'job' && Date.parse(job.finishedAt ?? '') < cutoff);
            },
        });
        const queue = new JobQueue(options, journal, entries.values());
        for (const job of queue.#jobs.values()) {
            if (job.status === 'queued' || job.status === 'running') {
                queue.#enqueue(job.id);
            }
        }
        return queue;
    }

    /** Jobs not finished yet. */
    get unfinished(): number {
        return [...this.#jobs.values()].filter((job) => job.status === 'queued' || job.status === 'running').length;
    }

    /** Records a job and queues it. */
    async create(request: NewJob): Promise<JobView> {
        const now = new Date().toISOString();
        const id = randomUUID();
        const job: JobEntry = {
            kind: 'job',
            id,
            owner: request.owner,
            operation: request.operation,
            transaction: request.transaction,
            status: 'queued',
            items: request.chunks.reduce((sum, chunk) => sum + chunk.items, 0),
            chunkCount: request.chunks.length,
            createdAt: now,
            updatedAt: now,
        };
        const chunks = request.chunks.map((chunk, index): ChunkEntry => ({
            kind: 'chunk',
            id: `${id}#${index}`,
            jobId: id,
            index,
            items: chunk.items,
            call: chunk.call,
            status: 'pending',
        }));
        for (const entry of [...chunks, job]) {
            await this.#write(entry);
        }
        this.#enqueue(id);
        return jobView(job, chunks);
    }

    /** A job as its owner sees it; `undefined` for an unknown job or another owner's (unless `anyOwner`). */
    get(id: string, owner: string, anyOwner = false): JobView | undefined {
        const job = this.#jobs.get(id);
        if (!job || (job.owner !== owner && !anyOwner)) {
            return undefined;
        }
        return jobView(job, this.#chunks.get(id) ?? []);
    }

    /** Stops starting chunks, waits for the running ones, and closes the journal. */
    async close(): Promise<void> {
        this.#closing = true;
        await Promise.allSettled([...this.#running]);
        await this.#journal.close();
    }

    #enqueue(id: string): void {
        this.#waiting.push(id);
        this.#pump();
    }

    #pump(): void {
        while (!this.#closing && this.#running.size < this.#options.concurrency && this.#waiting.length > 0) {
            const id = this.#waiting.shift()!;
            const run: Promise<void> = this.#process(id)
                .catch((error: unknown) => this.#options.log.error({ err: error, jobId: id }, 'job processing failed'))
                .finally(() => {
                    this.#running.delete(run);
                    this.#pump();
                });
            this.#running.add(run);
        }
    }

    async #process(id: string): Promise<void> {
        let job = this.#jobs.get(id)!;
        job = await this.#update(job, { status: 'running' });
        for (const chunk of this.#chunks.get(id) ?? []) {
            if (this.#closing) {
                return;
            }
            if (chunk.status === 'committed') {
                continue;
            }
            const outcome = await this.#runChunk(job.owner, chunk);
            if (outcome.status === 'pending') {
                return;
            }
            if (outcome.status === 'failed') {
                await this.#update(job, { status: 'failed', error: outcome.error });
                this.#options.metrics?.jobFinished('failed');
                return;
            }
        }
        await this.#update(job, { status: 'succeeded' });
        this.#options.metrics?.jobFinished('succeeded');
    }

    async #runChunk(owner: string, chunk: ChunkEntry): Promise<ChunkEntry> {
        let current = chunk;
        try {
            for (;;) {
                try {
                    const committed = await this.#commitChunk(owner, current, (next) => (current = next));
                    const entry: ChunkEntry = {
                        ...current,
                        status: 'committed',
                        txId: committed.transactionId,
                        blockNumber: Number(committed.blockNumber),
                        result: Buffer.from(committed.result).toString('utf8'),
                    };
                    await this.#write(entry);
                    return entry;
                } catch (error) {
                    // The transaction may still commit: follow it again rather than fail a chunk that may be written.
                    if (!(error instanceof CommitStatusUnknownError) || !current.submitted) {
                        throw error;
                    }
                    if (this.#closing) {
                        // Left pending with its transaction journaled: the queue follows it when it opens again.
                        return current;
                    }
                    await this.#options.sleep(1_000);
                }
            }
        } catch (error) {
            const entry: ChunkEntry = { ...current, status: 'failed', error: toProblem(error).body };
            await this.#write(entry);
            return entry;
        }
    }

    /** Follows the chunk's journaled transaction if it has one; endorses afresh only when that proved invalid. */
    async #commitChunk(
        owner: string,
        chunk: ChunkEntry,
        journaled: (entry: ChunkEntry) => void,
    ): Promise<SubmitResult> {
        if (chunk.submitted) {
            const resumed = await this.#options.runner.resume(owner, fromJournal(chunk.submitted));
            if (resumed) {
                return resumed;
            }
        }
        return this.#whenSlotFree(() =>
            this.#options.runner.submit({ identity: owner, ...chunk.call }, async (transaction) => {
                const entry: ChunkEntry = { ...chunk, submitted: toJournal(transaction) };
                await this.#write(entry);
                journaled(entry);
            }),
        );
    }

    async #whenSlotFree<T>(task: () => Promise<T>): Promise<T> {
        for (;;) {
            try {
                return await this.#options.limiter.run(task);
            } catch (error) {
                // A background job yields to interactive requests instead of failing when the gateway is busy.
                if (!(error instanceof SaturatedError) || this.#closing) {
                    throw error;
                }
                await this.#options.sleep(error.retryAfterSeconds * 1000);
            }
        }
    }

    async #update(job: JobEntry, change: Partial<Pick<JobEntry, 'status' | 'error'>>): Promise<JobEntry> {
        const now = new Date().toISOString();
        const finished = change.status === 'succeeded' || change.status === 'failed';
        const next: JobEntry = { ...job, ...change, updatedAt: now, finishedAt: finished ? now : job.finishedAt };
        await this.#write(next);
        return next;
    }

    async #write(entry: JobJournalEntry): Promise<void> {
        this.#remember(entry);
        await this.#journal.append(entry, () => this.#entries(), this.#entryCount);
    }

    #remember(entry: JobJournalEntry): void {
        if (entry.kind === 'job') {
            if (!this.#jobs.has(entry.id)) {
                this.#entryCount++;
            }
            this.#jobs.set(entry.id, entry);
            return;
        }
        const chunks = this.#chunks.get(entry.jobId) ?? [];
        if (chunks[entry.index] === undefined) {
            this.#entryCount++;
        }
        chunks[entry.index] = entry;
        this.#chunks.set(entry.jobId, chunks);
    }

    *#entries(): Iterable<JobJournalEntry> {
        for (const [id, job] of this.#jobs) {
            yield* this.#chunks.get(id) ?? [];
            yield job;
        }
    }
}
