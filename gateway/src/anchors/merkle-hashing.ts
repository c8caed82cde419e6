/**
 * The hashing of an RFC 9162 tree's levels, over leaves held as one text buffer, written into one preallocated
 * buffer per level. The same functions run on the event loop (small trees, tests) and in the hashing workers, so a
 * tree is byte-identical wherever it is built. This file is also the workers' script: Node runs it as it is,
 * compiled (dist) or from source under vitest (type stripping), so it imports nothing relative.
 */
import { hash } from 'node:crypto';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

/** Bytes of a SHA-256 digest, the size of every node. */
export const DIGEST = 32;

/** Leaves as one buffer: leaf `i` is `text[bounds[i], bounds[i + 1] - 1)` (each leaf is followed by one separator). */
export interface LeafText {
    readonly text: Uint8Array;
    readonly bounds: Uint32Array;
}

/** The depth of the root of a tree of `size` leaves: ceil(log2(size)). */
export function treeDepth(size: number): number {
    let depth = 0;
    while (2 ** depth < size) {
        depth++;
    }
    return depth;
}

/** Nodes at `depth` of a tree of `size` leaves: an unpaired last node moves up, so ceil(size / 2^depth). */
export function nodesAt(size: number, depth: number): number {
    return Math.ceil(size / 2 ** depth);
}

/**
 * Hashes leaves `[from, to)` into `level` (the leaf level), as SHA-256(0x00 ‖ UTF-8 leaf). The leaves' bytes are
 * copied into one scratch buffer: no buffer is allocated per leaf but the digest Node returns.
 */
export function hashLeaves(leaves: LeafText, from: number, to: number, level: Uint8Array): void {
    const { text, bounds } = leaves;
    let scratch = new Uint8Array(256);
    for (let i = from; i < to; i++) {
        const start = bounds[i]!;
        const length = bounds[i + 1]! - 1 - start;
        if (length + 1 > scratch.length) {
            scratch = new Uint8Array(2 * (length + 1));
        }
        scratch.set(text.subarray(start, start + length), 1);
        level.set(hash('sha256', scratch.subarray(0, length + 1), 'buffer'), i * DIGEST);
    }
}

/**
 * Hashes the levels above `base` up to `top` for the span of `count` nodes starting at node `first` of level
 * `base` (`first` a multiple of 2^(top - base), so the span's nodes pair only with one another). Nodes are
 * SHA-256(0x01 ‖ left ‖ right); a level's unpaired last node moves up unchanged.
 */
export function hashUp(levels: readonly Uint8Array[], first: number, count: number, base: number, top: number): void {
    const pair = new Uint8Array(1 + 2 * DIGEST);
    pair[0] = 1;
    let below = count;
    for (let depth = base + 1; depth <= top; depth++) {
        const from = levels[depth - 1]!;
        const into = levels[depth]!;
        const start = first / 2 ** (depth - 1 - base);
        const target = first / 2 ** (depth - base);
        for (let i = 0; i + 1 < below; i += 2) {
            pair.set(from.subarray((start + i) * DIGEST, (start + i + 2) * DIGEST), 1);
            into.set(hash('sha256', pair, 'buffer'), (target + i / 2) * DIGEST);
        }
        if (below % 2 === 1) {
            const last = (start + below - 1) * DIGEST;
            into.set(from.subarray(last, last + DIGEST), (target + (below - 1) / 2) * DIGEST);
        }
        below = Math.ceil(below / 2);
    }
}

/** A worker's task: the leaves `[from, to)` hashed, and their span hashed up to level `top`, all in shared memory. */
export interface HashTask {
    readonly id: number;
    readonly text: Uint8Array;
    readonly bounds: Uint32Array;
    readonly levels: readonly Uint8Array[];
    readonly from: number;
    readonly to: number;
    readonly top: number;
}

/** A worker's answer: the task done, or why not. */
export type HashAnswer = { readonly id: number } | { readonly id: number; readonly error: string };

export interface HashWorkerData {
    readonly role: 'merkle-hasher';
}

function runTask(task: HashTask): void {
    hashLeaves({ text: task.text, bounds: task.bounds }, task.from, task.to, task.levels[0]!);
    hashUp(task.levels, task.from, task.to - task.from, 0, task.top);
}

const data = workerData as Partial<HashWorkerData> | undefined;
if (!isMainThread && parentPort && data?.role === 'merkle-hasher') {
    const port = parentPort;
    port.on('message', (task: HashTask) => {
        try {
            runTask(task);
            port.postMessage({ id: task.id } satisfies HashAnswer);
        } catch (error) {
            port.postMessage({ id: task.id, error: String((error as Error)?.message ?? error) } satisfies HashAnswer);
        }
    });
}
