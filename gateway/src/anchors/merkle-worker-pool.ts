import { Worker } from 'node:worker_threads';
import { ProblemError } from '../errors/problem-error.js';
import {
    hashUp,
    type HashAnswer,
    type HashTask,
    type HashWorkerData,
    type LeafText,
    treeDepth,
} from './merkle-hashing.js';
import { allocateLevels, MerkleLevels } from './merkle-levels.js';

/** How many hashing workers there are and how long one tree may take (`limits.sealHashWorkers`, `timeouts.sealHashMs`). */
export interface MerkleWorkerPoolOptions {
    readonly workers: number;
    readonly timeoutMs: number;
    /** Trees of at most this many leaves are hashed on the event loop (by default 2,048): a round trip costs more. */
    readonly inlineUpTo?: number;
    /** The workers' script; by default merkle-hashing beside this module. */
    readonly workerUrl?: URL;
}

const SMALL_TREE = 2_048;
const SPANS_PER_WORKER = 4;
const RETRY_AFTER_SECONDS = 5;

interface Build {
    readonly reject: (error: unknown) => void;
    readonly resolve: () => void;
    readonly timer: NodeJS.Timeout;
    remaining: number;
    done: boolean;
}

interface Task {
    readonly build: Build;
    readonly message: HashTask;
}

interface Slot {
    readonly worker: Worker;
    task: Task | undefined;
}

/**
 * The workers' script beside this module: `.js` in the compiled gateway (dist), `.ts` when this module runs from
 * source (vitest), which Node then runs with its type stripping.
 */
export function defaultHashWorkerUrl(moduleUrl: string = import.meta.url): URL {
    const extension = moduleUrl.endsWith('.ts') ? '.ts' : '.js';
    return new URL(`./merkle-hashing${extension}`, moduleUrl);
}

/**
 * Builds sealed batches' Merkle trees in worker threads, so that the event loop keeps answering while a million
 * leaves are hashed (two native SHA-256 calls per leaf, about a microsecond each). A tree is cut into spans of a
 * power-of-two number of leaves, one per worker; each worker hashes its span's leaves and levels into the tree's
 * shared level buffers (nothing is copied back), and the few nodes above the spans are hashed here. The pairing is
 * RFC 9162's bottom-up one on every path, so the tree is byte-identical to {@link MerkleLevels.ofLeaves}.
 *
 * A tree not built within `timeoutMs`, or whose worker dies, fails with 503 SEAL_HASHING_FAILED (Retry-After); the
 * workers it used are ended and the next tree starts fresh ones.
 */
export class MerkleWorkerPool {
    readonly #options: MerkleWorkerPoolOptions;
    readonly #slots: Slot[] = [];
    readonly #queue: Task[] = [];
    #nextId = 1;
    #closed = false;

    constructor(options: Readonly<MerkleWorkerPoolOptions>) {
        this.#options = options;
    }

    /**
     * The tree over the leaves.
     *
     * @throws {@link ProblemError} SEAL_HASHING_FAILED (503) past the deadline or when a worker dies; SHUTTING_DOWN
     *   once closed.
     */
    async build(leaves: LeafText): Promise<MerkleLevels> {
        if (this.#closed) {
            throw new ProblemError('SHUTTING_DOWN', 'the hashing workers are closed');
        }
        const size = leaves.bounds.length - 1;
        if (size <= (this.#options.inlineUpTo ?? SMALL_TREE)) {
            return MerkleLevels.ofLeaves(leaves);
        }
        const levels = allocateLevels(size);
        const top = levels.length - 1;
        // Spans of 2^spanTop leaves pair only within themselves up to level spanTop; a few spans per worker even out
        // a last span shorter than the others.
        const spanTop = Math.min(treeDepth(Math.ceil(size / (SPANS_PER_WORKER * this.#options.workers))), top);
        const span = 2 ** spanTop;
        await new Promise<void>((resolve, reject) => {
            const build: Build = {
                resolve,
                reject,
                remaining: Math.ceil(size / span),
                done: false,
                timer: setTimeout(() => this.#fail(build, 'was not built in time'), this.#options.timeoutMs),
            };
            for (let from = 0; from < size; from += span) {
                const message: HashTask = {
                    id: this.#nextId++,
                    text: leaves.text,
                    bounds: leaves.bounds,
                    levels,
                    from,
                    to: Math.min(from + span, size),
                    top: spanTop,
                };
                this.#queue.push({ build, message });
            }
            this.#dispatch();
        });
        hashUp(levels, 0, Math.ceil(size / span), spanTop, top);
        return MerkleLevels.ofLevels(levels);
    }

    /** Ends the workers; trees being built fail with SHUTTING_DOWN. */
    async close(): Promise<void> {
        this.#closed = true;
        const ended = new ProblemError('SHUTTING_DOWN', 'the gateway stopped while a tree was hashed');
        for (const task of this.#queue.splice(0)) {
            this.#settle(task.build, ended);
        }
        for (const slot of this.#slots.splice(0)) {
            if (slot.task) {
                this.#settle(slot.task.build, ended);
            }
            await slot.worker.terminate();
        }
    }

    #dispatch(): void {
        while (this.#queue.length > 0) {
            const slot = this.#idleSlot();
            if (!slot) {
                return;
            }
            const task = this.#queue.shift()!;
            if (task.build.done) {
                continue;
            }
            slot.task = task;
            slot.worker.postMessage(task.message);
        }
    }

    #idleSlot(): Slot | undefined {
        const idle = this.#slots.find((slot) => !slot.task);
        if (idle || this.#slots.length >= this.#options.workers) {
            return idle;
        }
        const data: HashWorkerData = { role: 'merkle-hasher' };
        const worker = new Worker(this.#options.workerUrl ?? defaultHashWorkerUrl(), { workerData: data });
        // An idle worker does not keep the gateway alive; a running build's deadline timer does.
        worker.unref();
        const slot: Slot = { worker, task: undefined };
        worker.on('message', (answer: HashAnswer) => this.#answered(slot, answer));
        worker.on('error', (error) => this.#died(slot, `failed: ${error.message}`));
        worker.on('exit', (code) => this.#died(slot, `exited with code ${code}`));
        this.#slots.push(slot);
        return slot;
    }

    #answered(slot: Slot, answer: HashAnswer): void {
        const task = slot.task;
        if (!task || task.message.id !== answer.id) {
            return;
        }
        slot.task = undefined;
        if ('error' in answer) {
            this.#fail(task.build, `failed: ${answer.error}`);
        } else if (!task.build.done && --task.build.remaining === 0) {
            this.#settle(task.build);
        }
        this.#dispatch();
    }

    /** A worker crashed or exited: the tree it hashed fails, and a fresh worker takes its place when needed. */
    #died(slot: Slot, why: string): void {
        const index = this.#slots.indexOf(slot);
        if (index < 0) {
            return;
        }
        this.#slots.splice(index, 1);
        if (slot.task) {
            this.#fail(slot.task.build, `lost its hashing worker, which ${why}`);
        }
        this.#dispatch();
    }

    /** Fails a tree: its queued spans are dropped and the workers hashing its other spans are ended. */
    #fail(build: Build, why: string): void {
        if (build.done) {
            return;
        }
        this.#settle(
            build,
            new ProblemError('SEAL_HASHING_FAILED', `the batch's Merkle tree ${why}; retry`, {
                headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
            }),
        );
        for (const slot of this.#slots.filter((candidate) => candidate.task?.build === build)) {
            this.#slots.splice(this.#slots.indexOf(slot), 1);
            void slot.worker.terminate();
        }
        this.#dispatch();
    }

    #settle(build: Build, error?: unknown): void {
        if (build.done) {
            return;
        }
        build.done = true;
        clearTimeout(build.timer);
        if (error === undefined) {
            build.resolve();
        } else {
            build.reject(error);
        }
    }
}
