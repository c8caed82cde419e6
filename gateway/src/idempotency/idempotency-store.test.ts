import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ProblemError } from '../errors/problem-error.js';
import { IdempotencyStore, type ExecutionResult } from './idempotency-store.js';

const folders: string[] = [];

afterAll(async () => {
    for (const dir of folders.splice(0)) {
        await rm(dir, { recursive: true, force: true });
    }
});

async function openStore(
    options: Partial<{ waitMs: number; now: () => number; maxEntries: number }> = {},
): Promise<IdempotencyStore> {
    const dir = await mkdtemp(join(tmpdir(), 'idempotency-store-'));
    folders.push(dir);
    return IdempotencyStore.open({
        file: join(dir, 'idempotency.jsonl'),
        ttlMs: 86_400_000,
        waitMs: 60_000,
        fsync: false,
        ...options,
    });
}

function answer(label: string, cacheable: boolean): ExecutionResult {
    return { response: { status: cacheable ? 200 : 503, body: label, headers: {} }, cacheable };
}

describe('IdempotencyStore with concurrent requests under one key', () => {
    it('never runs two executions of one key at once, and runs none after a kept answer, in any interleaving', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.scheduler(),
                fc.array(fc.boolean(), { minLength: 2, maxLength: 6 }),
                async (s, cacheables) => {
                    const store = await openStore();
                    let running = 0;
                    let overlapped = false;
                    let executions = 0;
                    const execute = async (): Promise<ExecutionResult> => {
                        const mine = executions++;
                        running++;
                        overlapped ||= running > 1;
                        // Each execution yields to the scheduler, as an endorsement waits for a peer.
                        await s.schedule(Promise.resolve(), `execute ${mine}`);
                        running--;
                        return answer(`answer ${mine}`, cacheables[mine] ?? true);
                    };
                    const runs = cacheables.map((_, index) =>
                        s
                            .schedule(Promise.resolve(), `request ${index}`)
                            .then(() => store.run('subject', 'key', 'same request', execute)),
                    );
                    const outcomes = await s.waitFor(Promise.all(runs));
                    await store.close();

                    expect(overlapped).toBe(false);
                    // Executions stop at the first answer that is kept: every later request replays it.
                    const firstKept = cacheables.indexOf(true);
                    expect(executions).toBe(firstKept === -1 ? cacheables.length : firstKept + 1);
                    expect(outcomes.filter((outcome) => !outcome.replayed)).toHaveLength(executions);
                },
            ),
            { numRuns: 60 },
        );
    });
});

describe('IdempotencyStore and the request deadline', () => {
    afterEach(() => {
        vi.useRealTimers();
    });

    it('bounds the same-key wait by what is left of the request deadline, not by waitMs alone', async () => {
        const store = await openStore({ waitMs: 60_000 });
        vi.useFakeTimers();
        let release: () => void = () => undefined;
        const first = store.run('subject', 'key', 'same request', async () => {
            await new Promise<void>((resolve) => (release = resolve));
            return answer('first', true);
        });
        const second = store.run('subject', 'key', 'same request', () => Promise.resolve(answer('second', true)), {
            deadline: Date.now() + 500,
        });
        const settled = second.then(
            () => 'answered',
            (error: unknown) => (error instanceof ProblemError ? error.code : 'other error'),
        );
        await vi.advanceTimersByTimeAsync(1_000);
        const secondOutcome = await Promise.race([settled, Promise.resolve('still waiting')]);
        release();
        vi.useRealTimers();
        await first;
        await store.close();

        expect(secondOutcome).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    });

    it('hands the request deadline to the execution', async () => {
        const store = await openStore();
        let seen: number | undefined;
        await store.run(
            'subject',
            'key',
            'same request',
            (context) => {
                seen = context.deadline;
                return Promise.resolve(answer('only', true));
            },
            { deadline: 1_234 },
        );
        await store.close();

        expect(seen).toBe(1_234);
    });
});

describe('IdempotencyStore size cap', () => {
    const transaction = { transactionId: 'tx-b', result: new Uint8Array([1]), envelope: new Uint8Array([2]) };

    async function fill(store: IdempotencyStore): Promise<void> {
        await store.run('s', 'a', 'req a', () => Promise.resolve(answer('a', true)));
        // b's transaction went to the orderer and its outcome is unknown: a 503 that is not kept.
        await store.run('s', 'b', 'req b', async (context) => {
            await context.recordSubmitted(transaction);
            return answer('b', false);
        });
        await store.run('s', 'c', 'req c', () => Promise.resolve(answer('c', true)));
        await store.run('s', 'd', 'req d', () => Promise.resolve(answer('d', true)));
    }

    async function replays(store: IdempotencyStore, key: string): Promise<boolean> {
        const outcome = await store.run('s', key, `req ${key}`, () => Promise.resolve(answer(`${key} again`, false)));
        return outcome.replayed;
    }

    it('evicts the oldest answered keys beyond maxEntries, never a key whose transaction is unresolved', async () => {
        const dir = await mkdtemp(join(tmpdir(), 'idempotency-store-'));
        folders.push(dir);
        const options = { file: join(dir, 'i.jsonl'), ttlMs: 86_400_000, waitMs: 1_000, fsync: false, maxEntries: 2 };
        const store = await IdempotencyStore.open(options);
        await fill(store);

        let previous: string | undefined;
        await store.run('s', 'b', 'req b', (context) => {
            previous = context.previous?.transactionId;
            return Promise.resolve(answer('b resumed', false));
        });
        expect(previous).toBe('tx-b');
        expect(await replays(store, 'd')).toBe(true);
        expect(await replays(store, 'a')).toBe(false);
        expect(await replays(store, 'c')).toBe(false);
        expect(store.size).toBeLessThanOrEqual(2);
        await store.close();

        const reopened = await IdempotencyStore.open(options);
        expect(reopened.size).toBeLessThanOrEqual(2);
        await reopened.close();
    });

    it('keeps at most maxEntries answered keys for any sequence of writes', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: 1, max: 4 }),
                fc.array(
                    fc.record({ key: fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5', 'k6'), unresolved: fc.boolean() }),
                    {
                        maxLength: 12,
                    },
                ),
                async (maxEntries, writes) => {
                    const store = await openStore({ maxEntries });
                    const unresolved = new Set<string>();
                    for (const { key, unresolved: pending } of writes) {
                        const outcome = await store.run('s', key, 'same', async (context) => {
                            if (pending) {
                                await context.recordSubmitted({ ...transaction, transactionId: `tx-${key}` });
                            }
                            return answer(key, !pending);
                        });
                        // An answer resolves the key; a pending transaction stays until one comes; a replay changes
                        // nothing.
                        if (outcome.replayed) {
                            continue;
                        }
                        if (pending) {
                            unresolved.add(key);
                        } else {
                            unresolved.delete(key);
                        }
                    }
                    // Unresolved keys are never dropped, nor is the answer just given.
                    expect(store.size).toBeLessThanOrEqual(Math.max(maxEntries, unresolved.size + 1));
                    for (const key of unresolved) {
                        let previous: string | undefined;
                        await store.run('s', key, 'same', (context) => {
                            previous = context.previous?.transactionId;
                            return Promise.resolve(answer(key, false));
                        });
                        expect(previous).toBe(`tx-${key}`);
                    }
                    await store.close();
                },
            ),
            { numRuns: 40 },
        );
    });
});
