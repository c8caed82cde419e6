import { type ProblemDocument } from '../errors/problem.js';
import { type JournaledTransaction } from '../fabric/journaled-transaction.js';

/** Where a job stands. */
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;

/** Where a job stands. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Where one transaction of a job stands. */
export const CHUNK_STATUSES = ['pending', 'committed', 'failed'] as const;

/** Where one transaction of a job stands. */
export type ChunkStatus = (typeof CHUNK_STATUSES)[number];

/** The chaincode call of one chunk (the signing identity is the job's owner). */
export interface ChunkCall {
    readonly name: string;
    readonly args: readonly string[];
    readonly transient?: Readonly<Record<string, string>>;
    readonly endorsingOrganizations?: readonly string[];
}

/** A job's head, one journal entry (`id` = job id). */
export interface JobEntry {
    readonly kind: 'job';
    readonly id: string;
    readonly owner: string;
    readonly operation: string;
    readonly transaction: string;
    readonly status: JobStatus;
    readonly items: number;
    readonly chunkCount: number;
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly finishedAt?: string;
    readonly error?: ProblemDocument;
}

/** One chunk, one journal entry (`id` = `<job id>#<index>`). */
export interface ChunkEntry {
    readonly kind: 'chunk';
    readonly id: string;
    readonly jobId: string;
    readonly index: number;
    readonly items: number;
    readonly call: ChunkCall;
    readonly status: ChunkStatus;
    readonly txId?: string;
    /**
     * The signed transaction handed to the orderer (base64), journaled before it went: after a crash or an unknown
     * commit status the chunk follows it instead of endorsing a second transaction.
     */
    readonly submitted?: JournaledTransaction;
    readonly blockNumber?: number;
    /** The chaincode's answer, canonical JSON text. */
    readonly result?: string;
    readonly error?: ProblemDocument;
}

/** What the job journal holds. */
export type JobJournalEntry = JobEntry | ChunkEntry;

/** A job as `GET /v1/jobs/{id}` shows it. */
export interface JobView {
    readonly jobId: string;
    readonly status: JobStatus;
    readonly operation: string;
    readonly transaction: string;
    readonly items: number;
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly finishedAt?: string;
    readonly progress: { readonly chunks: number; readonly committed: number; readonly failed: number };
    readonly chunks: readonly {
        readonly index: number;
        readonly items: number;
        readonly status: ChunkStatus;
        readonly txId?: string;
        readonly blockNumber?: number;
        readonly result?: unknown;
        readonly error?: ProblemDocument;
    }[];
    readonly error?: ProblemDocument;
}

/** Builds the view of a job from its entries. */
export function jobView(job: JobEntry, chunks: readonly ChunkEntry[]): JobView {
    return {
        jobId: job.id,
        status: job.status,
        operation: job.operation,
        transaction: job.transaction,
        items: job.items,
        createdAt: job.createdAt,
        updatedAt: job.updatedAt,
        finishedAt: job.finishedAt,
        progress: {
            chunks: job.chunkCount,
            committed: chunks.filter((chunk) => chunk.status === 'committed').length,
            failed: chunks.filter((chunk) => chunk.status === 'failed').length,
        },
        chunks: chunks.map((chunk) => ({
            index: chunk.index,
            items: chunk.items,
            status: chunk.status,
            txId: chunk.txId,
            blockNumber: chunk.blockNumber,
            result: chunk.result === undefined ? undefined : (JSON.parse(chunk.result) as unknown),
            error: chunk.error,
        })),
        error: job.error,
    };
}
