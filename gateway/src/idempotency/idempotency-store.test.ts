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

async function openStore(options: Partial<{ waitMs: number; now: () => number }> = {}): Promise<IdempotencyStore> {
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
