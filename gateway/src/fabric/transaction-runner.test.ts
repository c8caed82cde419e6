import { describe, expect, it } from 'vitest';
import { type RetryPolicy } from '../config/gateway-config.js';
import { FakeLedger, rejection } from '../testing/fake-ledger.js';
import {
    ChaincodeRejectedError,
    CommitStatusUnknownError,
    EndorsersDisagreeError,
    LedgerUnavailableError,
    TransactionConflictError,
    TransactionInvalidError,
} from './ledger-errors.js';
import {
    TransactionRunner,
    type LedgerObserver,
    type RetryReason,
    type SubmittedTransaction,
    type WriteTimeouts,
} from './transaction-runner.js';

const POLICY: RetryPolicy = {
    conflictAttempts: 3,
    disagreementMs: 1_000,
    submitAttempts: 3,
    unavailableAttempts: 2,
    backoffMs: 100,
    maxBackoffMs: 300,
};

const TIMEOUTS: WriteTimeouts = { submitMs: 5_000, commitStatusMs: 5_000, writeMs: 20_000 };

const CALL = { identity: 'User1', name: 'Probe:Put', args: ['alive', 'yes'] };

interface Harness {
    readonly ledger: FakeLedger;
    readonly runner: TransactionRunner;
    readonly retries: RetryReason[];
    readonly sleeps: number[];
    /** Milliseconds on the fake clock that backoffs and status waits advance. */
    readonly clock: { now: number };
}

function harness(policy: Partial<RetryPolicy> = {}, timeouts: Partial<WriteTimeouts> = {}): Harness {
    const ledger = new FakeLedger();
    const retries: RetryReason[] = [];
    const sleeps: number[] = [];
    const clock = { now: 0 };
    ledger.statusWait = async (millis) => {
        clock.now += millis;
    };
    const observer: LedgerObserver = { call: () => undefined, retry: (reason) => retries.push(reason) };
    const runner = new TransactionRunner({
        ledger,
        retry: { ...POLICY, ...policy },
        timeouts: { ...TIMEOUTS, ...timeouts },
        observer,
        sleep: async (millis) => {
            sleeps.push(millis);
            clock.now += millis;
        },
        now: () => clock.now,
    });
    return { ledger, runner, retries, sleeps, clock };
}

const decoded = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Submits {@link CALL}, keeping every transaction the runner journals, and returns what the submission ended with. */
async function submitJournaling(
    runner: TransactionRunner,
): Promise<{ readonly error: unknown; readonly recorded: SubmittedTransaction[] }> {
    const recorded: SubmittedTransaction[] = [];
    const error = await runner
        .submit(CALL, async (submitted) => {
            recorded.push(submitted);
        })
        .catch((caught: unknown) => caught);
    return { error, recorded };
}

describe('TransactionRunner.submit', () => {
    it('endorses, submits and asks the status once when nothing fails', async () => {
        const { ledger, runner, retries } = harness();
        ledger.on('Probe:Put', () => '{"ok":true}');

        const committed = await runner.submit(CALL);

        expect(committed).toEqual({
            transactionId: 'tx0001',
            blockNumber: 11n,
            result: new TextEncoder().encode('{"ok":true}'),
            attempts: 1,
        });
        expect(ledger.endorsed).toHaveLength(1);
        expect(ledger.submitted).toEqual(['tx0001']);
        expect(ledger.statusAsked).toEqual(['tx0001']);
        expect(retries).toEqual([]);
    });

    it('retries MVCC and phantom read conflicts with a fresh proposal each time', async () => {
        const { ledger, runner, retries } = harness();
        ledger.commitCodes.push('MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT');

        const committed = await runner.submit(CALL);

        expect(committed.transactionId).toBe('tx0003');
        expect(committed.attempts).toBe(3);
        expect(ledger.endorsed).toHaveLength(3);
        expect(ledger.submitted).toEqual(['tx0001', 'tx0002', 'tx0003']);
        expect(ledger.statusAsked).toEqual(['tx0001', 'tx0002', 'tx0003']);
        expect(retries).toEqual(['conflict', 'conflict']);
    });

    it('throws TransactionConflictError after conflictAttempts proposals all conflicted', async () => {
        const { ledger, runner } = harness({ conflictAttempts: 2 });
        ledger.commitCodes.push('MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT');

        const error = await runner.submit(CALL).catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(TransactionConflictError);
        expect(error).toMatchObject({
            transactionId: 'tx0002',
            codeName: 'MVCC_READ_CONFLICT',
            code: 11,
            attempts: 2,
        });
        expect(ledger.endorsed).toHaveLength(2);
        expect(ledger.submitted).toEqual(['tx0001', 'tx0002']);
        expect(ledger.commitCodes).toEqual(['MVCC_READ_CONFLICT']);
    });

    it('does not retry a commit invalid for another reason than a conflict', async () => {
        const { ledger, runner, retries } = harness();
        ledger.commitCodes.push('ENDORSEMENT_POLICY_FAILURE');

        const error = await runner.submit(CALL).catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(TransactionInvalidError);
        expect(error).not.toBeInstanceOf(TransactionConflictError);
        expect(error).toMatchObject({ transactionId: 'tx0001', codeName: 'ENDORSEMENT_POLICY_FAILURE', code: 10 });
        expect(ledger.endorsed).toHaveLength(1);
        expect(retries).toEqual([]);
    });

    it('endorses a fresh proposal when the endorsers disagree, without submitting the failed one', async () => {
        const { ledger, runner, retries } = harness({ unavailableAttempts: 5 });
        ledger.disagreements = 2;

        const committed = await runner.submit(CALL);

        // One proposal was submitted; the two the endorsers disagreed on were never ordered.
        expect(committed.attempts).toBe(1);
        expect(ledger.endorsed).toHaveLength(3);
        expect(ledger.submitted).toEqual([committed.transactionId]);
        expect(ledger.statusAsked).toEqual([committed.transactionId]);
        // A disagreement is neither a conflict nor an unavailable peer, though it is a LedgerUnavailableError.
        expect(retries).toEqual(['disagreement', 'disagreement']);
    });

    it('keeps endorsing afresh for disagreementMs, however many attempts that takes, then throws EndorsersDisagreeError', async () => {
        const { ledger, runner, sleeps, clock } = harness({
            conflictAttempts: 1,
            unavailableAttempts: 1,
            disagreementMs: 3_000,
            maxBackoffMs: 300,
        });
        ledger.disagreements = 1_000;

        const error = await runner.submit(CALL).catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(EndorsersDisagreeError);
        expect(error).toMatchObject({ step: 'endorse' });
        expect(ledger.submitted).toEqual([]);
        // Pauses of at most 300 ms over 3 s: more proposals than any attempt bound, and none after the window.
        expect(ledger.endorsed.length).toBeGreaterThan(10);
        expect(clock.now).toBe(3_000);
        expect(sleeps.reduce((sum, millis) => sum + millis, 0)).toBe(3_000);
    });

    it('answers with the refusal when the endorsers that refused where the own peer accepted still refuse', async () => {
        const { ledger, runner, clock } = harness({ disagreementMs: 2_000 });
        ledger.disagreements = 1_000;
        ledger.disagreeingRefusal = rejection('ABS_COLLECTIONS_UNRECONCILED', 'recoveries differ', { periodNo: 1 });

        const error = await runner.submit(CALL).catch((caught: unknown) => caught);

        expect(error).toBe(ledger.disagreeingRefusal);
        expect(ledger.submitted).toEqual([]);
        expect(clock.now).toBe(2_000);
    });

    it('commits once a lagging endorser catches up and stops refusing', async () => {
        const { ledger, runner, retries } = harness({ disagreementMs: 10_000 });
        ledger.disagreements = 4;
        ledger.disagreeingRefusal = rejection('ABS_LOAN_EVIDENCE_MISSING', 'no disbursement', { index: 0 });

        const committed = await runner.submit(CALL);

        expect(ledger.submitted).toEqual([committed.transactionId]);
        expect(retries).toEqual(['disagreement', 'disagreement', 'disagreement', 'disagreement']);
    });

    it('ends a disagreement at the write deadline with a 503, not a refusal, and endorses nothing with no time left', async () => {
        const { ledger, runner, clock } = harness({ disagreementMs: 60_000 }, { writeMs: 4_000 });
        ledger.disagreements = 1_000;
        ledger.disagreeingRefusal = rejection('ABS_LOAN_EVIDENCE_MISSING', 'no disbursement', { index: 0 });

        const error = await runner.submit(CALL).catch((caught: unknown) => caught);

        // A peer may only have been behind: the caller is told to come back, not that the chaincode refused.
        expect(error).toBeInstanceOf(EndorsersDisagreeError);
        expect(clock.now).toBe(4_000);
        expect(ledger.submitted).toEqual([]);
        expect(ledger.endorseTimeouts.every((millis) => millis !== undefined && millis > 0)).toBe(true);
    });

    it('gives each endorsement its own window: a later attempt after a conflict disagrees afresh', async () => {
        const { ledger, runner, clock, retries } = harness({ disagreementMs: 1_000 });
        ledger.disagreements = 2;
        ledger.disagreeingRefusal = rejection('ABS_LOAN_EVIDENCE_MISSING', 'no disbursement', { index: 0 });
        ledger.commitCodes.push('MVCC_READ_CONFLICT');
        let submissions = 0;
        ledger.beforeSubmit = () => {
            if (++submissions === 1) {
                // The first attempt's commit took long, and a holder's peer is behind on the conflicting write.
                clock.now += 5_000;
                ledger.disagreements = 2;
            }
        };

        const committed = await runner.submit(CALL);

        expect(committed.attempts).toBe(2);
        expect(retries.filter((reason) => reason === 'disagreement')).toHaveLength(4);
    });

    it('re-endorses while the peer is unavailable, at most unavailableAttempts times', async () => {
        const { ledger, runner, retries } = harness({ unavailableAttempts: 3 });
        ledger.unavailable.endorse = 2;

        const committed = await runner.submit(CALL);

        expect(ledger.endorsed).toHaveLength(3);
        expect(ledger.submitted).toEqual([committed.transactionId]);
        expect(retries).toEqual(['unavailable', 'unavailable']);

        const next = harness({ unavailableAttempts: 2 });
        next.ledger.unavailable.endorse = 2;
        await expect(next.runner.submit(CALL)).rejects.toBeInstanceOf(LedgerUnavailableError);
        expect(next.ledger.endorsed).toHaveLength(2);
        expect(next.ledger.submitted).toEqual([]);
    });

    it('resends the same signed transaction while the orderer is unavailable', async () => {
        const { ledger, runner, retries } = harness();
        ledger.unavailable.submit = 2;

        const committed = await runner.submit(CALL);

        expect(committed.transactionId).toBe('tx0001');
        expect(ledger.endorsed).toHaveLength(1);
        expect(ledger.submitted).toEqual(['tx0001', 'tx0001', 'tx0001']);
        expect(ledger.statusAsked).toEqual(['tx0001']);
        expect(retries).toEqual(['submit', 'submit']);
    });

    it('answers with the commit when the orderer took the transaction yet every send reported it unavailable', async () => {
        // BFT orderers that already hold a request answer "request already processed", which Fabric's gateway peer
        // reports as UNAVAILABLE: the write is on the ledger, and the caller must hear so, not 503.
        const { ledger, runner } = harness({ submitAttempts: 3 });
        ledger.orderedButUnavailable = 1_000;

        const committed = await runner.submit(CALL);

        expect(committed.transactionId).toBe('tx0001');
        expect(ledger.endorsed).toHaveLength(1);
        expect(ledger.committed).toHaveLength(1);
        expect(ledger.submitted).toEqual(['tx0001', 'tx0001', 'tx0001']);
        expect(ledger.statusAsked).toEqual(['tx0001']);
    });

    it('asks the status when every send of a round failed, and sends the same transaction again', async () => {
        const { ledger, runner, retries } = harness({ submitAttempts: 2 });
        ledger.unavailable.submit = 5;

        const committed = await runner.submit(CALL);

        expect(committed.transactionId).toBe('tx0001');
        expect(ledger.endorsed).toHaveLength(1);
        expect(ledger.submitted).toEqual(Array.from({ length: 6 }, () => 'tx0001'));
        expect(ledger.statusAsked).toEqual(['tx0001', 'tx0001', 'tx0001']);
        expect(ledger.committed).toHaveLength(1);
        expect(retries).toEqual(['submit', 'resubmit', 'submit', 'resubmit', 'submit']);
    });

    it('sends the same envelope again when a lost leader dropped it, and it commits once', async () => {
        const { ledger, runner, retries } = harness();
        ledger.lostSubmissions = 1;

        const committed = await runner.submit(CALL);

        expect(committed).toMatchObject({ transactionId: 'tx0001', attempts: 1 });
        expect(ledger.endorsed).toHaveLength(1);
        expect(ledger.submitted).toEqual(['tx0001', 'tx0001']);
        expect(ledger.statusAsked).toEqual(['tx0001', 'tx0001']);
        expect(ledger.committed).toEqual([CALL]);
        expect(retries).toEqual(['resubmit']);
    });

    it('asks a lost commit status again for the same transaction and never re-endorses', async () => {
        const { ledger, runner, retries } = harness();
        ledger.lostStatuses = 2;

        const committed = await runner.submit(CALL);

        expect(committed.transactionId).toBe('tx0001');
        expect(ledger.endorsed).toHaveLength(1);
        expect(ledger.statusAsked).toEqual(['tx0001', 'tx0001', 'tx0001']);
        // The copies sent while the status was lost are duplicates Fabric ignores: one commit.
        expect(ledger.duplicates).toEqual(['tx0001', 'tx0001']);
        expect(ledger.committed).toHaveLength(1);
        expect(retries).toEqual(['resubmit', 'resubmit']);
    });

    it('throws CommitStatusUnknownError by timeouts.writeMs when the transaction never commits', async () => {
        const { ledger, runner, clock } = harness();
        ledger.lostSubmissions = 1_000;

        const { error, recorded } = await submitJournaling(runner);

        expect(error).toBeInstanceOf(CommitStatusUnknownError);
        expect(error).toMatchObject({ transactionId: 'tx0001', step: 'commitStatus' });
        expect(clock.now).toBeLessThanOrEqual(TIMEOUTS.writeMs);
        expect(ledger.endorsed).toHaveLength(1);
        expect(new Set(ledger.submitted)).toEqual(new Set(['tx0001']));
        expect(ledger.submitted.length).toBeGreaterThanOrEqual(TIMEOUTS.writeMs / TIMEOUTS.commitStatusMs - 1);
        expect(recorded.map((submitted) => submitted.transactionId)).toEqual(['tx0001']);
        expect(ledger.restoreTransaction('User1', recorded[0]!.envelope!).transactionId).toBe('tx0001');
    });

    it('journals each signed transaction before it reaches the orderer', async () => {
        const { ledger, runner } = harness();
        ledger.commitCodes.push('MVCC_READ_CONFLICT');
        const seen: { transactionId: string; submittedBefore: number }[] = [];

        await runner.submit(CALL, async (submitted) => {
            seen.push({ transactionId: submitted.transactionId, submittedBefore: ledger.submitted.length });
        });

        expect(seen).toEqual([
            { transactionId: 'tx0001', submittedBefore: 0 },
            { transactionId: 'tx0002', submittedBefore: 1 },
        ]);
    });

    it('submits nothing when the endorsement ends after the write deadline', async () => {
        const { ledger, runner, clock } = harness();
        ledger.on('Probe:Put', () => {
            clock.now += TIMEOUTS.writeMs;
            return '{}';
        });

        const { error, recorded } = await submitJournaling(runner);

        expect(error).toBeInstanceOf(LedgerUnavailableError);
        expect(error).toMatchObject({ step: 'submit', transactionId: 'tx0001' });
        expect(ledger.submitted).toEqual([]);
        expect(recorded).toEqual([]);
    });

    it('gives each endorsement only the time left of the write, so a hung peer cannot stretch the bound', async () => {
        const { ledger, runner, clock, sleeps } = harness({ unavailableAttempts: 3 });
        let failures = 1;
        ledger.on('Probe:Put', () => {
            if (failures-- > 0) {
                clock.now += 12_000;
                throw new LedgerUnavailableError('peer unavailable', { step: 'endorse' });
            }
            return '{}';
        });

        await runner.submit(CALL);

        expect(ledger.endorseTimeouts).toEqual([TIMEOUTS.writeMs, TIMEOUTS.writeMs - 12_000 - sleeps[0]!]);
    });

    it('never retries a chaincode refusal', async () => {
        const { ledger, runner, retries } = harness({ unavailableAttempts: 5, conflictAttempts: 5 });
        ledger.on('Probe:Put', () => {
            throw rejection('CONFLICT', 'probe exists', { name: 'alive' });
        });

        const error = await runner.submit(CALL).catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(ChaincodeRejectedError);
        expect(error).toMatchObject({ code: 'CONFLICT', chaincodeMessage: 'probe exists', details: { name: 'alive' } });
        expect(ledger.endorsed).toHaveLength(1);
        expect(ledger.submitted).toEqual([]);
        expect(retries).toEqual([]);
    });

    it('waits with jittered exponential backoff capped at maxBackoffMs', async () => {
        const { ledger, runner, sleeps } = harness({ conflictAttempts: 5, backoffMs: 100, maxBackoffMs: 300 });
        ledger.commitCodes.push('MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT');

        await runner.submit(CALL);

        const ceilings = [100, 200, 300, 300];
        expect(sleeps).toHaveLength(ceilings.length);
        sleeps.forEach((millis, index) => {
            expect(millis).toBeGreaterThanOrEqual(ceilings[index]! / 2);
            expect(millis).toBeLessThanOrEqual(ceilings[index]!);
        });
    });
});

describe('TransactionRunner.evaluate', () => {
    it('repeats a read while the peer is unavailable, at most unavailableAttempts times', async () => {
        const { ledger, runner, retries } = harness({ unavailableAttempts: 2 });
        ledger.on('Probe:Get', () => '{"value":"yes"}');
        ledger.unavailable.evaluate = 1;

        expect(decoded(await runner.evaluate({ ...CALL, name: 'Probe:Get' }))).toBe('{"value":"yes"}');
        expect(ledger.evaluated).toHaveLength(2);
        expect(retries).toEqual(['unavailable']);

        ledger.unavailable.evaluate = 2;
        await expect(runner.evaluate({ ...CALL, name: 'Probe:Get' })).rejects.toBeInstanceOf(LedgerUnavailableError);
        expect(ledger.evaluated).toHaveLength(4);
    });
});

describe('TransactionRunner.resume', () => {
    /** A transaction journaled and sent, whose commit the orderer lost, as a killed Raft leader leaves it. */
    async function lostTransaction(target: Harness): Promise<SubmittedTransaction> {
        let submitted: SubmittedTransaction | undefined;
        target.ledger.lostSubmissions = 1_000;
        await expect(
            target.runner.submit(CALL, async (transaction) => {
                submitted = transaction;
            }),
        ).rejects.toBeInstanceOf(CommitStatusUnknownError);
        target.ledger.lostSubmissions = 0;
        target.clock.now += TIMEOUTS.writeMs;
        return submitted!;
    }

    it('sends the journaled envelope again instead of endorsing a new transaction', async () => {
        const target = harness();
        target.ledger.on('Probe:Put', () => '{"v":1}');
        const submitted = await lostTransaction(target);
        const sentBefore = target.ledger.submitted.length;

        const resumed = await target.runner.resume('User1', submitted);

        expect(resumed).toMatchObject({ transactionId: 'tx0001', blockNumber: 11n, attempts: 1 });
        expect(decoded(resumed!.result)).toBe('{"v":1}');
        expect(target.ledger.endorsed).toHaveLength(1);
        expect(target.ledger.submitted.slice(sentBefore)).toEqual(['tx0001']);
        expect(target.ledger.committed).toHaveLength(1);
    });

    it('still sends a copy in time when one status wait is as long as the whole write deadline', async () => {
        const target = harness({}, { commitStatusMs: TIMEOUTS.writeMs });
        const submitted = await lostTransaction(target);

        const resumed = await target.runner.resume('User1', submitted);

        expect(resumed).toMatchObject({ transactionId: 'tx0001' });
        expect(target.ledger.committed).toHaveLength(1);
    });

    it('asks the status first and sends nothing when the transaction has committed', async () => {
        const target = harness();
        let submitted: SubmittedTransaction | undefined;
        await target.runner.submit(CALL, async (transaction) => {
            submitted = transaction;
        });

        const resumed = await target.runner.resume('User1', submitted!);

        expect(resumed).toMatchObject({ transactionId: 'tx0001', blockNumber: 11n });
        expect(target.ledger.submitted).toEqual(['tx0001']);
        expect(target.ledger.duplicates).toEqual([]);
    });

    it('answers undefined when the earlier transaction committed invalid, so a fresh endorsement is safe', async () => {
        const target = harness();
        target.ledger.commitCodes.push('MVCC_READ_CONFLICT');
        let submitted: SubmittedTransaction | undefined;
        target.ledger.lostStatuses = 1_000;
        await expect(
            target.runner.submit(CALL, async (transaction) => {
                submitted = transaction;
            }),
        ).rejects.toBeInstanceOf(CommitStatusUnknownError);
        target.ledger.lostStatuses = 0;

        await expect(target.runner.resume('User1', submitted!)).resolves.toBeUndefined();
        expect(target.ledger.endorsed).toHaveLength(1);
    });

    it('throws CommitStatusUnknownError, still following the same transaction, while it cannot commit', async () => {
        const target = harness();
        const submitted = await lostTransaction(target);
        target.ledger.lostSubmissions = 1_000;

        await expect(target.runner.resume('User1', submitted)).rejects.toMatchObject({
            name: 'CommitStatusUnknownError',
            transactionId: 'tx0001',
        });
        expect(target.ledger.endorsed).toHaveLength(1);
        expect(new Set(target.ledger.submitted)).toEqual(new Set(['tx0001']));
    });

    it('shares one deadline with the fresh endorsement that follows a transaction proved invalid', async () => {
        const target = harness();
        const submitted = await lostTransaction(target);
        target.ledger.commitCodes.push('MVCC_READ_CONFLICT');
        const deadline = target.runner.writeDeadline();
        // The copy sent while resuming commits invalid only once the deadline has passed.
        target.ledger.beforeSubmit = () => {
            target.clock.now = deadline;
        };

        const resumed = await target.runner.resume('User1', submitted, deadline);
        const fresh = await target.runner.submit(CALL, undefined, deadline).catch((caught: unknown) => caught);

        expect(resumed).toBeUndefined();
        expect(fresh).toBeInstanceOf(LedgerUnavailableError);
        expect(fresh).toMatchObject({ step: 'endorse' });
        expect(target.ledger.endorsed).toHaveLength(1);
    });

    it('only asks the status of a transaction journaled without its envelope', async () => {
        const target = harness();
        const { transactionId, result } = await lostTransaction(target);
        const withoutEnvelope: SubmittedTransaction = { transactionId, result };
        const sentBefore = target.ledger.submitted.length;

        await expect(target.runner.resume('User1', withoutEnvelope)).rejects.toBeInstanceOf(CommitStatusUnknownError);
        expect(target.ledger.submitted).toHaveLength(sentBefore);
        expect(target.ledger.endorsed).toHaveLength(1);
    });
});
