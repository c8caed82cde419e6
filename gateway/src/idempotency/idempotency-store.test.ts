import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

describe('IdempotencyStore and the envelope keys of one transaction share', () => {
    const ttlMs = 1_000;

    /** A distinct envelope per transaction, long enough that its base64 cannot appear in the file by accident. */
    function envelopeOf(transaction: number, length = 600): Uint8Array {
        return Uint8Array.from({ length }, (_, index) => (index * 31 + transaction * 97 + 7) % 256);
    }

    function base64(bytes: Uint8Array): string {
        return Buffer.from(bytes).toString('base64');
    }

    function occurrences(text: string, part: string): number {
        return text.split(part).length - 1;
    }

    async function journalFile(): Promise<string> {
        const dir = await mkdtemp(join(tmpdir(), 'idempotency-envelopes-'));
        folders.push(dir);
        return join(dir, 'idempotency.jsonl');
    }

    function options(file: string, now: () => number = Date.now, maxEntries?: number) {
        return { file, ttlMs, waitMs: 1_000, fsync: false, now, ...(maxEntries ? { maxEntries } : {}) };
    }

    /** As the write coalescer does: every key of the batch records its own item of one transaction at once. */
    async function recordBatch(
        store: IdempotencyStore,
        keys: readonly string[],
        transactionId: string,
        envelope: Uint8Array,
    ): Promise<void> {
        await Promise.all(
            keys.map((key) =>
                store.run('s', key, 'same', async (context) => {
                    await context.recordSubmitted({ transactionId, result: Buffer.from(`item ${key}`), envelope });
                    return answer(key, false);
                }),
            ),
        );
    }

    async function previousOf(
        store: IdempotencyStore,
        key: string,
    ): Promise<{ transactionId: string; result: string; envelope?: string } | undefined> {
        let seen: { transactionId: string; result: string; envelope?: string } | undefined;
        await store.run('s', key, 'same', (context) => {
            const previous = context.previous;
            seen = previous && {
                transactionId: previous.transactionId,
                result: Buffer.from(previous.result).toString(),
                ...(previous.envelope ? { envelope: base64(previous.envelope) } : {}),
            };
            return Promise.resolve(answer(key, false));
        });
        return seen;
    }

    async function answerKey(store: IdempotencyStore, key: string): Promise<void> {
        await store.run('s', key, 'same', () => Promise.resolve(answer(key, true)));
    }

    it('journals and holds one envelope for any number of keys naming its transaction, and every key follows it after a restart', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: 1, max: 40 }),
                fc.integer({ min: 200, max: 4_000 }),
                async (n, length) => {
                    const file = await journalFile();
                    const envelope = envelopeOf(1, length);
                    const keys = Array.from({ length: n }, (_, index) => `k${index}`);
                    const store = await IdempotencyStore.open(options(file));
                    await recordBatch(store, keys, 'tx-1', envelope);
                    expect(store.envelopes).toBe(1);
                    await store.close();

                    const text = await readFile(file, 'utf8');
                    expect(occurrences(text, base64(envelope))).toBe(1);
                    // One envelope and a short line per key, far from one envelope per key.
                    expect(text.length).toBeLessThan(base64(envelope).length + n * 200);

                    const reopened = await IdempotencyStore.open(options(file));
                    expect(reopened.size).toBe(n);
                    expect(reopened.envelopes).toBe(1);
                    for (const key of keys) {
                        expect(await previousOf(reopened, key)).toEqual({
                            transactionId: 'tx-1',
                            result: `item ${key}`,
                            envelope: base64(envelope),
                        });
                    }
                    await reopened.close();
                },
            ),
            { numRuns: 25 },
        );
    });

    it('keeps the envelope for a key still unresolved when another key of its transaction is answered', async () => {
        const file = await journalFile();
        const envelope = envelopeOf(2);
        const store = await IdempotencyStore.open(options(file));
        await recordBatch(store, ['a', 'b', 'c'], 'tx-2', envelope);
        await answerKey(store, 'a');
        await answerKey(store, 'c');

        expect(store.envelopes).toBe(1);
        expect((await previousOf(store, 'b'))?.envelope).toBe(base64(envelope));
        await store.close();
        const reopened = await IdempotencyStore.open(options(file));
        expect((await previousOf(reopened, 'b'))?.envelope).toBe(base64(envelope));
        expect(await previousOf(reopened, 'a')).toBeUndefined();
        await reopened.close();
    });

    it('drops the envelope once every key naming it is answered, from memory at once and from the file when compacted', async () => {
        const file = await journalFile();
        const envelope = envelopeOf(3);
        const store = await IdempotencyStore.open(options(file, Date.now, 10));
        await recordBatch(store, ['a', 'b', 'c'], 'tx-3', envelope);
        for (const key of ['a', 'b', 'c']) {
            await answerKey(store, key);
        }
        expect(store.envelopes).toBe(0);
        expect(occurrences(await readFile(file, 'utf8'), base64(envelope))).toBe(1);

        // Keys evicted beyond maxEntries leave dead lines until the journal compacts itself.
        for (let index = 0; index < 1_100; index++) {
            await answerKey(store, `filler ${index}`);
        }
        expect(occurrences(await readFile(file, 'utf8'), base64(envelope))).toBe(0);
        await store.close();
    });

    it('drops the envelope of a transaction whose keys were answered from the file when it is reopened', async () => {
        const file = await journalFile();
        const envelope = envelopeOf(4);
        const store = await IdempotencyStore.open(options(file));
        await recordBatch(store, ['a', 'b'], 'tx-4', envelope);
        await answerKey(store, 'a');
        await answerKey(store, 'b');
        await store.close();

        const reopened = await IdempotencyStore.open(options(file));
        expect(reopened.envelopes).toBe(0);
        await reopened.close();
        expect(occurrences(await readFile(file, 'utf8'), base64(envelope))).toBe(0);
    });

    it('loads keys that carry their envelope inline, as journaled before envelopes had lines of their own', async () => {
        const file = await journalFile();
        const envelope = base64(envelopeOf(5));
        const at = Date.now();
        const old = ['a', 'b'].map((key) =>
            JSON.stringify({
                id: `s\n${key}`,
                fingerprint: 'same',
                at,
                submitted: { transactionId: 'tx-5', result: base64(Buffer.from(`item ${key}`)), envelope },
            }),
        );
        await writeFile(file, `${old.join('\n')}\n`);

        const store = await IdempotencyStore.open(options(file));
        expect(store.envelopes).toBe(1);
        expect(await previousOf(store, 'a')).toEqual({ transactionId: 'tx-5', result: 'item a', envelope });
        await answerKey(store, 'a');
        expect((await previousOf(store, 'b'))?.envelope).toBe(envelope);
        await store.close();
        const reopened = await IdempotencyStore.open(options(file));
        expect(await previousOf(reopened, 'b')).toEqual({ transactionId: 'tx-5', result: 'item b', envelope });
        await reopened.close();
    });

    it('follows a key whose envelope line was torn by its status alone', async () => {
        const file = await journalFile();
        const envelope = base64(envelopeOf(6));
        const store = await IdempotencyStore.open(options(file));
        await recordBatch(store, ['a'], 'tx-6', envelopeOf(6));
        await store.close();
        const text = await readFile(file, 'utf8');
        const torn = text
            .split('\n')
            .map((line) => (line.includes(envelope) ? line.slice(0, line.length / 2) : line))
            .join('\n');
        expect(torn).not.toContain(envelope);
        await writeFile(file, torn);

        const reopened = await IdempotencyStore.open(options(file));
        expect(reopened.envelopes).toBe(0);
        expect(await previousOf(reopened, 'a')).toEqual({ transactionId: 'tx-6', result: 'item a' });
        await reopened.close();
    });

    it('drops an expired key and its envelope after a restart, though a later-written key comes first in the file', async () => {
        const file = await journalFile();
        let clock = 1_000_000;
        const open = (): Promise<IdempotencyStore> => IdempotencyStore.open(options(file, () => clock));
        const store = await open();
        await recordBatch(store, ['a'], 'tx-7', envelopeOf(7));
        clock += 500;
        await recordBatch(store, ['b'], 'tx-8', envelopeOf(8));
        clock += 100;
        // a's newer line follows b's, while its first line still comes first in the file.
        await recordBatch(store, ['a'], 'tx-9', envelopeOf(9));
        await store.close();

        const reopened = await open();
        clock += ttlMs - 50;
        expect(reopened.envelopes).toBe(1);
        expect((await previousOf(reopened, 'a'))?.transactionId).toBe('tx-9');
        await reopened.close();
    });

    type Operation =
        | { readonly kind: 'record'; readonly keys: readonly string[]; readonly transaction: number }
        | { readonly kind: 'answer'; readonly key: string }
        | { readonly kind: 'advance'; readonly ms: number }
        | { readonly kind: 'reopen' };

    const keyNames = ['k1', 'k2', 'k3', 'k4', 'k5'];
    const operation: fc.Arbitrary<Operation> = fc.oneof(
        fc.record({
            kind: fc.constant('record' as const),
            keys: fc.uniqueArray(fc.constantFrom(...keyNames), { minLength: 1, maxLength: 4 }),
            transaction: fc.integer({ min: 1, max: 4 }),
        }),
        fc.record({ kind: fc.constant('answer' as const), key: fc.constantFrom(...keyNames) }),
        fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: ttlMs * 1.5 }) }),
        fc.record({ kind: fc.constant('reopen' as const) }),
    );

    it('gives each unresolved key the envelope it recorded, and keeps no envelope without one, for any sequence', async () => {
        await fc.assert(
            fc.asyncProperty(fc.array(operation, { maxLength: 25 }), async (operations) => {
                const file = await journalFile();
                let clock = 1_000_000;
                const open = (): Promise<IdempotencyStore> => IdempotencyStore.open(options(file, () => clock));
                /** The model: each key's last state and when it was written. */
                const model = new Map<string, { at: number; answered: boolean; transaction?: number }>();
                const live = (key: string) => {
                    const state = model.get(key);
                    return state && state.at + ttlMs > clock ? state : undefined;
                };
                const unresolved = (): Map<string, number> =>
                    new Map(
                        keyNames.flatMap((key) => {
                            const state = live(key);
                            return state?.transaction === undefined ? [] : [[key, state.transaction] as const];
                        }),
                    );

                let store = await open();
                for (const step of operations) {
                    if (step.kind === 'record') {
                        const recording = step.keys.filter((key) => !live(key)?.answered);
                        await recordBatch(store, step.keys, `tx-${step.transaction}`, envelopeOf(step.transaction));
                        for (const key of recording) {
                            model.set(key, { at: clock, answered: false, transaction: step.transaction });
                        }
                    } else if (step.kind === 'answer') {
                        await answerKey(store, step.key);
                        if (!live(step.key)?.answered) {
                            model.set(step.key, { at: clock, answered: true });
                        }
                    } else if (step.kind === 'advance') {
                        clock += step.ms;
                    } else {
                        await store.close();
                        store = await open();
                        const text = await readFile(file, 'utf8');
                        const referred = new Set(unresolved().values());
                        for (let transaction = 1; transaction <= 4; transaction++) {
                            const expected = referred.has(transaction) ? 1 : 0;
                            expect(occurrences(text, base64(envelopeOf(transaction)))).toBe(expected);
                        }
                    }
                    const expected = unresolved();
                    expect(store.envelopes).toBe(new Set(expected.values()).size);
                    for (const [key, transaction] of expected) {
                        expect(await previousOf(store, key)).toEqual({
                            transactionId: `tx-${transaction}`,
                            result: `item ${key}`,
                            envelope: base64(envelopeOf(transaction)),
                        });
                    }
                }
                await store.close();
            }),
            { numRuns: 80 },
        );
    });
});
