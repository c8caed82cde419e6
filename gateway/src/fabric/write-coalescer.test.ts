import { canonicalJson } from '@lendledger/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_COALESCING } from '../http/routes/evidence-coalescing.js';
import { type TransactionCall } from './ledger-client.js';
import { ConcurrencyLimiter, SaturatedError } from './concurrency-limiter.js';
import { ChaincodeRejectedError } from './ledger-errors.js';
import { type SubmitResult, type SubmittedListener } from './transaction-runner.js';
import { WriteCoalescer, type CoalescedWrite, type WriteCoalescerOptions } from './write-coalescer.js';

const UTF8 = new TextEncoder();

interface Item {
    readonly loanRef: string;
    readonly fingerprint: string;
    readonly bad: boolean;
}

/**
 * A runner over a fake RegisterBatch/Register that records, for every endorsement, which records were already
 * committed: the ordering property is checked against what the ledger had seen when each record was endorsed.
 */
class RecordingRunner {
    readonly endorsed: { readonly name: string; readonly items: Item[]; readonly committedBefore: Set<string> }[] = [];
    readonly committed = new Set<string>();
    readonly journaled: { readonly fingerprint: string; readonly result: string }[] = [];
    /** The deadline each transaction was given. */
    readonly deadlines: number[] = [];
    /** The most transactions running at once, not counting records a refusal sent to run alone. */
    mostRunning = 0;
    /** Records a batch refusal named: they run alone, outside the bound on batches. */
    readonly #named = new Set<string>();
    #running = 0;
    #tx = 0;

    constructor(
        readonly pause: () => Promise<void>,
        /** Whether a batch refusal names its item (RegisterBatch does; an older chaincode may not). */
        readonly namesItem = true,
    ) {}

    async submit(call: TransactionCall, onSubmitted?: SubmittedListener, deadline?: number): Promise<SubmitResult> {
        this.deadlines.push(deadline ?? Number.NaN);
        const { fingerprint } = JSON.parse(call.args[0]!) as Item;
        const counted = !(call.name === 'Evidence:Register' && this.#named.has(fingerprint));
        if (counted) {
            this.mostRunning = Math.max(this.mostRunning, ++this.#running);
        }
        try {
            return await this.#run(call, onSubmitted);
        } finally {
            if (counted) {
                this.#running--;
            }
        }
    }

    async #run(call: TransactionCall, onSubmitted?: SubmittedListener): Promise<SubmitResult> {
        const request = JSON.parse(call.args[0]!) as Item & { items?: Item[] };
        const items = request.items ?? [request];
        this.endorsed.push({ name: call.name, items, committedBefore: new Set(this.committed) });
        await this.pause();
        const bad = items.findIndex((item) => item.bad);
        if (bad >= 0) {
            const path = request.items ? `items[${bad}]` : 'request';
            if (request.items) {
                (this.namesItem ? [items[bad]!] : items).forEach((item) => this.#named.add(item.fingerprint));
            }
            throw new ChaincodeRejectedError({
                step: 'endorse',
                code: 'PARTNER_NOT_ADMITTED',
                message: `${path} is refused`,
                details: this.namesItem && request.items ? { item: path } : {},
            });
        }
        const records = items.map((item) => ({ created: true, record: { id: item.fingerprint } }));
        const result = UTF8.encode(
            canonicalJson(request.items ? { created: records.length, items: records } : records[0]),
        );
        const transactionId = `tx${++this.#tx}`;
        await onSubmitted?.({ transactionId, result, envelope: new Uint8Array() });
        await this.pause();
        items.forEach((item) => this.committed.add(item.fingerprint));
        return { transactionId, blockNumber: BigInt(this.#tx), result, attempts: 1 };
    }
}

function writeOf(item: Item, identity: string, journal: RecordingRunner['journaled']): CoalescedWrite {
    return {
        call: { identity, name: 'Evidence:Register', args: [canonicalJson(item)] },
        request: { ...item },
        recordSubmitted: async (submitted) => {
            journal.push({ fingerprint: item.fingerprint, result: Buffer.from(submitted.result).toString('utf8') });
        },
        deadline: Date.now() + 60_000,
    };
}

const unlimited = { run: <T>(task: () => Promise<T>) => task() };

/** A coalescer of evidence writes over the recording runner, with no submission limit unless given one. */
function coalescerOf(
    runner: RecordingRunner,
    options: Omit<WriteCoalescerOptions, 'policy' | 'runner' | 'submits'> &
        Partial<Pick<WriteCoalescerOptions, 'submits'>>,
): WriteCoalescer {
    return new WriteCoalescer({ policy: EVIDENCE_COALESCING, runner, submits: unlimited, ...options });
}
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A write: its loan (of a few), its signer (of two), a bad record now and then, and a pause before the next. */
const arrivals = fc.array(
    fc.record({
        loan: fc.integer({ min: 0, max: 4 }),
        identity: fc.constantFrom('User1', 'User2'),
        bad: fc.integer({ min: 0, max: 6 }).map((draw) => draw === 0),
        pauseTicks: fc.integer({ min: 0, max: 3 }),
    }),
    { minLength: 1, maxLength: 40 },
);

describe('WriteCoalescer', () => {
    it('endorses the records of a loan in arrival order, each after every earlier one committed or earlier in its batch', async () => {
        await fc.assert(
            fc.asyncProperty(
                arrivals,
                fc.integer({ min: 1, max: 8 }),
                fc.option(fc.integer({ min: 1, max: 3 })),
                fc.boolean(),
                async (writes, maxRecords, maxBatchesInFlight, namesItem) => {
                    const runner = new RecordingRunner(tick, namesItem);
                    const coalescer = coalescerOf(runner, {
                        windowMs: 1,
                        maxRecords,
                        ...(maxBatchesInFlight === null ? {} : { maxBatchesInFlight }),
                    });
                    const items: Item[] = writes.map((write, index) => ({
                        loanRef: `loan:${write.loan}`,
                        fingerprint: `sha256:${index.toString(16).padStart(64, '0')}`,
                        bad: write.bad,
                    }));
                    const outcomes: Promise<unknown>[] = [];
                    for (const [index, write] of writes.entries()) {
                        outcomes.push(
                            coalescer.commit(writeOf(items[index]!, write.identity, runner.journaled)).then(
                                (result) => ({ ok: true, result }),
                                (error: unknown) => ({ ok: false, error }),
                            ),
                        );
                        for (let pause = 0; pause < write.pauseTicks; pause++) {
                            await tick();
                        }
                    }
                    const settled = (await Promise.all(outcomes)) as (
                        { ok: true; result: SubmitResult } | { ok: false; error: unknown }
                    )[];

                    // Every caller got its own answer: good records committed with their own record, bad ones refused.
                    settled.forEach((outcome, index) => {
                        const item = items[index]!;
                        expect(outcome.ok).toBe(!item.bad);
                        if (outcome.ok) {
                            const answer = JSON.parse(Buffer.from(outcome.result.result).toString('utf8')) as {
                                record: { id: string };
                            };
                            expect(answer.record.id).toBe(item.fingerprint);
                        } else {
                            // The refusal of the record alone, not of a batch it was in.
                            expect(outcome.error).toBeInstanceOf(ChaincodeRejectedError);
                            expect((outcome.error as ChaincodeRejectedError).details).toEqual({});
                        }
                    });
                    // The batches were bounded in size and in number running at once.
                    for (const endorsement of runner.endorsed) {
                        expect(endorsement.items.length).toBeLessThanOrEqual(maxRecords);
                    }
                    expect(runner.mostRunning).toBeLessThanOrEqual(maxBatchesInFlight ?? Number.POSITIVE_INFINITY);
                    // Order: when a record was endorsed, every earlier good record of its loan had committed or came
                    // earlier in the same transaction.
                    for (const { items: batch, committedBefore } of runner.endorsed) {
                        batch.forEach((item, position) => {
                            const arrival = items.indexOf(
                                items.find((candidate) => candidate.fingerprint === item.fingerprint)!,
                            );
                            const earlier = items
                                .slice(0, arrival)
                                .filter((candidate) => candidate.loanRef === item.loanRef && !candidate.bad);
                            for (const before of earlier) {
                                const inBatchEarlier = batch
                                    .slice(0, position)
                                    .some((other) => other.fingerprint === before.fingerprint);
                                expect(committedBefore.has(before.fingerprint) || inBatchEarlier).toBe(true);
                            }
                        });
                    }
                    // The records of each loan committed in arrival order.
                    const committedOrder = [...runner.committed];
                    for (const loan of new Set(items.map((item) => item.loanRef))) {
                        const arrived = items
                            .filter((item) => item.loanRef === loan && !item.bad)
                            .map((item) => item.fingerprint);
                        expect(committedOrder.filter((fingerprint) => arrived.includes(fingerprint))).toEqual(arrived);
                    }
                    // Each journal entry holds the write's own answer, not the batch's.
                    for (const entry of runner.journaled) {
                        expect(JSON.parse(entry.result)).toMatchObject({ record: { id: entry.fingerprint } });
                    }
                },
            ),
            { numRuns: 60 },
        );
    });

    it('never puts one fingerprint twice in a batch: the second waits for the first to finish', async () => {
        const runner = new RecordingRunner(tick);
        // Batches go when full or drained, never when a window ends: no timing of the machine decides them.
        const coalescer = coalescerOf(runner, {
            windowMs: 60_000,
            maxRecords: 2,
        });
        const same = { loanRef: 'loan:1', fingerprint: `sha256:${'a'.repeat(64)}`, bad: false };
        const other = { loanRef: 'loan:2', fingerprint: `sha256:${'b'.repeat(64)}`, bad: false };
        await Promise.all([
            coalescer.commit(writeOf(same, 'User1', runner.journaled)),
            coalescer.commit(writeOf(other, 'User1', runner.journaled)),
            coalescer.commit(writeOf({ ...same, loanRef: 'loan:3' }, 'User1', runner.journaled)),
            coalescer.drain(),
        ]);
        expect(runner.endorsed.map((endorsement) => endorsement.items.map((item) => item.loanRef))).toEqual([
            ['loan:1', 'loan:2'],
            ['loan:3'],
        ]);
    });

    it('fails a write still waiting at its deadline without endorsing it', async () => {
        const runner = new RecordingRunner(() => new Promise((resolve) => setTimeout(resolve, 50)));
        const coalescer = coalescerOf(runner, {
            windowMs: 1,
            maxRecords: 10,
        });
        const first = { loanRef: 'loan:1', fingerprint: `sha256:${'1'.repeat(64)}`, bad: false };
        const second = { loanRef: 'loan:1', fingerprint: `sha256:${'2'.repeat(64)}`, bad: false };
        const running = coalescer.commit(writeOf(first, 'User1', runner.journaled));
        await new Promise((resolve) => setTimeout(resolve, 5));
        // Its loan's earlier record is still running when this one's time is up.
        const late = coalescer.commit({ ...writeOf(second, 'User1', runner.journaled), deadline: Date.now() + 10 });
        await expect(late).rejects.toThrow(/ran out of time before it could be endorsed/);
        await running;
        expect(runner.endorsed.flatMap((endorsement) => endorsement.items.map((item) => item.fingerprint))).toEqual([
            first.fingerprint,
        ]);
    });
    it('runs a refused item alone beside the rest of its batch, not in rounds after it, and frees the slot', async () => {
        const runs: { readonly name: string; start: number; end?: number }[] = [];
        let clock = 0;
        const runner = new RecordingRunner(async () => {
            clock++;
            await new Promise((resolve) => setTimeout(resolve, 20));
        });
        const submit = runner.submit.bind(runner);
        runner.submit = async (call, onSubmitted, deadline) => {
            const run: { readonly name: string; start: number; end?: number } = { name: call.name, start: clock };
            runs.push(run);
            try {
                return await submit(call, onSubmitted, deadline);
            } finally {
                run.end = clock;
            }
        };
        const coalescer = coalescerOf(runner, {
            // The batch goes when its sixth write arrives, never when a window ends.
            windowMs: 60_000,
            maxRecords: 6,
            maxBatchesInFlight: 1,
        });
        const items = Array.from({ length: 6 }, (_, index) => ({
            loanRef: `loan:${index}`,
            fingerprint: `sha256:${index.toString(16).padStart(64, '0')}`,
            bad: index === 2,
        }));
        const outcomes = await Promise.allSettled(
            items.map((item) => coalescer.commit(writeOf(item, 'User1', runner.journaled))),
        );
        expect(outcomes.map((outcome) => outcome.status)).toEqual([
            'fulfilled',
            'fulfilled',
            'rejected',
            'fulfilled',
            'fulfilled',
            'fulfilled',
        ]);
        // The whole batch, then the five good records together and the bad one alone, at the same time.
        expect(runs.map((run) => run.name)).toEqual([
            'Evidence:RegisterBatch',
            'Evidence:RegisterBatch',
            'Evidence:Register',
        ]);
        const [, rest, alone] = runs as [unknown, { start: number; end: number }, { start: number; end: number }];
        expect(alone.start).toBeLessThan(rest.end);
        expect(rest.start).toBeLessThan(alone.end);
        expect(runner.endorsed[1]!.items.map((item) => item.loanRef)).toEqual([
            'loan:0',
            'loan:1',
            'loan:3',
            'loan:4',
            'loan:5',
        ]);
    });

    it('answers each write by its own deadline while its batch runs on to the latest one', async () => {
        const runner = new RecordingRunner(() => new Promise((resolve) => setTimeout(resolve, 60)));
        const coalescer = coalescerOf(runner, {
            // The batch goes when the second write arrives, never when a window ends.
            windowMs: 60_000,
            maxRecords: 2,
        });
        const soon = { loanRef: 'loan:1', fingerprint: `sha256:${'1'.repeat(64)}`, bad: false };
        const later = { loanRef: 'loan:2', fingerprint: `sha256:${'2'.repeat(64)}`, bad: false };
        const latest = Date.now() + 10_000;
        const [early, late] = await Promise.allSettled([
            coalescer.commit({ ...writeOf(soon, 'User1', runner.journaled), deadline: Date.now() + 30 }),
            coalescer.commit({ ...writeOf(later, 'User1', runner.journaled), deadline: latest }),
        ]);
        // One batch, given the later deadline; the early write ran out while it was endorsed, and is told so.
        expect(runner.endorsed).toHaveLength(1);
        expect(runner.deadlines).toEqual([latest]);
        expect(early).toMatchObject({ status: 'rejected', reason: { name: 'LedgerDeadlineError' } });
        expect(late.status).toBe('fulfilled');
    });

    it('tells a write whose deadline passes after its batch went to the orderer that its outcome is unknown', async () => {
        let pauses = 0;
        const runner = new RecordingRunner(
            () => new Promise((resolve) => setTimeout(resolve, pauses++ === 0 ? 0 : 80)),
        );
        const coalescer = coalescerOf(runner, {
            // The batch goes when the second write arrives, never when a window ends.
            windowMs: 60_000,
            maxRecords: 2,
        });
        const soon = { loanRef: 'loan:1', fingerprint: `sha256:${'1'.repeat(64)}`, bad: false };
        const later = { loanRef: 'loan:2', fingerprint: `sha256:${'2'.repeat(64)}`, bad: false };
        const [early] = await Promise.allSettled([
            coalescer.commit({ ...writeOf(soon, 'User1', runner.journaled), deadline: Date.now() + 40 }),
            coalescer.commit({ ...writeOf(later, 'User1', runner.journaled), deadline: Date.now() + 10_000 }),
        ]);
        expect(early).toMatchObject({ status: 'rejected', reason: { name: 'CommitStatusUnknownError' } });
        // Its journal holds the transaction, so a repeat under its key follows it.
        expect(runner.journaled.map((entry) => entry.fingerprint)).toContain(soon.fingerprint);
    });

    it('refuses a write at once when maxWaiting writes wait already', async () => {
        const runner = new RecordingRunner(tick);
        const coalescer = coalescerOf(runner, {
            windowMs: 60_000,
            maxRecords: 10,
            maxWaiting: 3,
        });
        const write = (index: number) =>
            coalescer.commit(
                writeOf(
                    {
                        loanRef: `loan:${index}`,
                        fingerprint: `sha256:${index.toString(16).padStart(64, '0')}`,
                        bad: false,
                    },
                    'User1',
                    runner.journaled,
                ),
            );
        const waiting = [write(0), write(1), write(2)];
        await expect(write(3)).rejects.toBeInstanceOf(SaturatedError);
        expect(coalescer.waiting).toBe(3);
        await coalescer.drain();
        await expect(Promise.all(waiting)).resolves.toHaveLength(3);
        expect(runner.endorsed).toHaveLength(1);
    });
    it('runs a batch sent to run alone sixteen at a time, so the submission limit never refuses one of its writes', async () => {
        // An older chaincode names no item: the refusal of one record sends the whole batch to run alone.
        const runner = new RecordingRunner(tick, false);
        const submits = new ConcurrencyLimiter({
            name: 'submissions',
            maxInFlight: 8,
            maxQueued: 16,
            queueTimeoutMs: 60_000,
        });
        const coalescer = coalescerOf(runner, {
            submits,
            windowMs: 60_000,
            maxRecords: 200,
        });
        const items = Array.from({ length: 200 }, (_, index) => ({
            loanRef: `loan:${index}`,
            fingerprint: `sha256:${index.toString(16).padStart(64, '0')}`,
            bad: index === 7,
        }));
        const outcomes = await Promise.allSettled(
            items.map((item) => coalescer.commit(writeOf(item, 'User1', runner.journaled))),
        );
        // Every write got the answer it gets alone: committed, or the one bad record refused; none saturated.
        outcomes.forEach((outcome, index) => {
            if (index === 7) {
                expect(outcome).toMatchObject({ status: 'rejected', reason: { code: 'PARTNER_NOT_ADMITTED' } });
            } else {
                expect(outcome.status, `write ${index}`).toBe('fulfilled');
            }
        });
        expect(runner.endorsed.filter((endorsement) => endorsement.name === 'Evidence:Register')).toHaveLength(200);
    });
});
