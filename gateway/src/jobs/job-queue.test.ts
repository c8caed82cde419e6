import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FastifyBaseLogger } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { type ConcurrencyLimiter } from '../fabric/concurrency-limiter.js';
import { CommitStatusUnknownError } from '../fabric/ledger-errors.js';
import {
    type SubmitResult,
    type SubmittedListener,
    type SubmittedTransaction,
    type TransactionRunner,
} from '../fabric/transaction-runner.js';
import { JobQueue } from './job-queue.js';
import { type JobView } from './job-records.js';

const folders: string[] = [];

afterAll(async () => {
    for (const dir of folders.splice(0)) {
        await rm(dir, { recursive: true, force: true });
    }
});

const TRANSACTION: SubmittedTransaction = {
    transactionId: 'tx-first',
    result: Buffer.from('{"created":1}'),
    envelope: Buffer.from('signed envelope'),
};

/** A runner whose submit and resume the test scripts; it records what was endorsed and what was followed. */
interface ScriptedRunner {
    readonly submits: string[];
    readonly resumed: string[];
    submit: (onSubmitted?: SubmittedListener) => Promise<SubmitResult>;
    resume: (submitted: SubmittedTransaction) => Promise<SubmitResult | undefined>;
}

function scripted(overrides: Partial<Pick<ScriptedRunner, 'submit' | 'resume'>>): ScriptedRunner {
    return {
        submits: [],
        resumed: [],
        submit: () => Promise.reject(new Error('no submit scripted')),
        resume: () => Promise.reject(new Error('no resume scripted')),
        ...overrides,
    };
}

function committed(submitted: SubmittedTransaction): SubmitResult {
    return { transactionId: submitted.transactionId, blockNumber: 9n, result: submitted.result, attempts: 1 };
}

async function openQueue(file: string, script: ScriptedRunner): Promise<JobQueue> {
    const runner = {
        submit: (call: { name: string }, onSubmitted?: SubmittedListener) => {
            script.submits.push(call.name);
            return script.submit(onSubmitted);
        },
        resume: (_identity: string, submitted: SubmittedTransaction) => {
            script.resumed.push(submitted.transactionId);
            return script.resume(submitted);
        },
    } as unknown as TransactionRunner;
    return JobQueue.open({
        file,
        runner,
        limiter: { run: (task: () => Promise<unknown>) => task() } as unknown as ConcurrencyLimiter,
        concurrency: 1,
        retentionMs: 86_400_000,
        fsync: false,
        log: { error: () => undefined } as unknown as FastifyBaseLogger,
        sleep: () => Promise.resolve(),
    });
}

async function journalFile(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'job-queue-'));
    folders.push(dir);
    return join(dir, 'jobs.jsonl');
}

async function finished(queue: JobQueue, id: string): Promise<JobView> {
    for (;;) {
        const view = queue.get(id, 'owner')!;
        if (view.status === 'succeeded' || view.status === 'failed') {
            return view;
        }
        await new Promise((resolve) => setImmediate(resolve));
    }
}

const NEW_JOB = {
    owner: 'owner',
    operation: 'consent uses',
    transaction: 'Consent:RecordUses',
    chunks: [{ items: 1, call: { name: 'Consent:RecordUses', args: ['[]'] } }],
};

describe('JobQueue chunks and the transaction journal', () => {
    it('journals a chunk before ordering it, so a queue reopened after a crash follows it instead of endorsing again', async () => {
        const file = await journalFile();
        let crash: (error: Error) => void = () => undefined;
        let ordered: () => void = () => undefined;
        const handedToOrderer = new Promise<void>((resolve) => (ordered = resolve));
        const first = scripted({
            // The orderer took the transaction, then the process died before the chunk's answer was journaled.
            submit: async (onSubmitted) => {
                await onSubmitted?.(TRANSACTION);
                ordered();
                return new Promise<SubmitResult>((_resolve, reject) => (crash = reject));
            },
        });
        const before = await openQueue(file, first);
        const { jobId } = await before.create(NEW_JOB);
        await handedToOrderer;

        const second = scripted({ resume: (submitted) => Promise.resolve(committed(submitted)) });
        const after = await openQueue(file, second);
        const view = await finished(after, jobId);
        await after.close();
        crash(new Error('the old process is gone'));
        await before.close();

        expect(second.submits).toEqual([]);
        expect(second.resumed).toEqual(['tx-first']);
        expect(view.status).toBe('succeeded');
        expect(view.chunks[0]?.txId).toBe('tx-first');
    });

    it('follows a chunk whose commit status is unknown instead of failing it, and never endorses it twice', async () => {
        const file = await journalFile();
        const script = scripted({
            submit: async (onSubmitted) => {
                await onSubmitted?.(TRANSACTION);
                throw new CommitStatusUnknownError({ transactionId: TRANSACTION.transactionId });
            },
            resume: (submitted) => Promise.resolve(committed(submitted)),
        });
        const queue = await openQueue(file, script);
        const { jobId } = await queue.create(NEW_JOB);
        const view = await finished(queue, jobId);
        await queue.close();

        expect(script.submits).toHaveLength(1);
        expect(script.resumed).toEqual(['tx-first']);
        expect(view.status).toBe('succeeded');
        expect(view.chunks[0]?.txId).toBe('tx-first');
    });
});

describe('JobQueue stopping while a chunk is unresolved', () => {
    it('leaves the job unfinished, not failed, so the reopened queue follows the chunk to its commit', async () => {
        const file = await journalFile();
        const opened: { queue?: JobQueue } = {};
        let closing: Promise<void> | undefined;
        const first = scripted({
            submit: async (onSubmitted) => {
                await onSubmitted?.(TRANSACTION);
                // The gateway is told to stop while the commit status is still unknown.
                closing = opened.queue!.close();
                throw new CommitStatusUnknownError({ transactionId: TRANSACTION.transactionId });
            },
        });
        opened.queue = await openQueue(file, first);
        const { jobId } = await opened.queue.create(NEW_JOB);
        while (closing === undefined) {
            await new Promise((resolve) => setImmediate(resolve));
        }
        await closing;

        const second = scripted({ resume: (submitted) => Promise.resolve(committed(submitted)) });
        const reopened = await openQueue(file, second);
        const view = await finished(reopened, jobId);
        await reopened.close();

        expect(second.submits).toEqual([]);
        expect(view.status).toBe('succeeded');
        expect(view.chunks[0]?.txId).toBe('tx-first');
    });
});
