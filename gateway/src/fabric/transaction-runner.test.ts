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
} from './transaction-runner.js';

const POLICY: RetryPolicy = {
    conflictAttempts: 3,
    submitAttempts: 3,
    statusAttempts: 3,
    unavailableAttempts: 2,
    backoffMs: 100,
    maxBackoffMs: 300,
};

const CALL = { identity: 'User1', name: 'Probe:Put', args: ['alive', 'yes'] };

interface Harness {
    readonly ledger: FakeLedger;
    readonly runner: TransactionRunner;
    readonly retries: RetryReason[];
    readonly sleeps: number[];
}

function harness(policy: Partial<RetryPolicy> = {}): Harness {
    const ledger = new FakeLedger();
    const retries: RetryReason[] = [];
    const sleeps: number[] = [];
    const observer: LedgerObserver = { call: () => undefined, retry: (reason) => retries.push(reason) };
    const runner = new TransactionRunner({
        ledger,
        retry: { ...POLICY, ...policy },
        observer,
        sleep: async (millis) => {
            sleeps.push(millis);
        },
    });
    return { ledger, runner, retries, sleeps };
}

const decoded = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

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

        expect(committed.attempts).toBe(3);
        expect(ledger.endorsed).toHaveLength(3);
        expect(ledger.submitted).toEqual([committed.transactionId]);
        expect(ledger.statusAsked).toEqual([committed.transactionId]);
        // A disagreement counts as a conflict, not as an unavailable peer, even though it is a LedgerUnavailableError.
        expect(retries).toEqual(['conflict', 'conflict']);
    });

    it('throws EndorsersDisagreeError after conflictAttempts disagreeing endorsements and orders nothing', async () => {
        const { ledger, runner } = harness({ conflictAttempts: 2, unavailableAttempts: 5 });
        ledger.disagreements = 5;

        const error = await runner.submit(CALL).catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(EndorsersDisagreeError);
        expect(error).toMatchObject({ step: 'endorse' });
        expect(ledger.endorsed).toHaveLength(2);
        expect(ledger.submitted).toEqual([]);
        expect(ledger.disagreements).toBe(3);
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

    it('gives up after submitAttempts sends without endorsing again or asking a status', async () => {
        const { ledger, runner } = harness({ submitAttempts: 2 });
        ledger.unavailable.submit = 5;

        const error = await runner.submit(CALL).catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(LedgerUnavailableError);
        expect(error).toMatchObject({ step: 'submit' });
        expect(ledger.endorsed).toHaveLength(1);
        expect(ledger.submitted).toEqual(['tx0001', 'tx0001']);
        expect(ledger.statusAsked).toEqual([]);
    });

    it('asks a lost commit status again for the same transaction and never re-endorses', async () => {
        const { ledger, runner, retries } = harness();
        ledger.lostStatuses = 2;

        const committed = await runner.submit(CALL);

        expect(committed.transactionId).toBe('tx0001');
        expect(ledger.endorsed).toHaveLength(1);
        expect(ledger.submitted).toEqual(['tx0001']);
        expect(ledger.statusAsked).toEqual(['tx0001', 'tx0001', 'tx0001']);
        expect(retries).toEqual(['status', 'status']);
    });

    it('throws CommitStatusUnknownError naming the transaction after statusAttempts lost statuses', async () => {
        const { ledger, runner } = harness({ statusAttempts: 2 });
        ledger.lostStatuses = 5;
        const recorded: SubmittedTransaction[] = [];

        const error = await runner
            .submit(CALL, async (submitted) => {
                recorded.push(submitted);
            })
            .catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(CommitStatusUnknownError);
        expect(error).toMatchObject({ transactionId: 'tx0001', step: 'commitStatus' });
        expect((error as Error).cause).toBeInstanceOf(LedgerUnavailableError);
        expect(ledger.endorsed).toHaveLength(1);
        expect(ledger.submitted).toEqual(['tx0001']);
        expect(ledger.statusAsked).toEqual(['tx0001', 'tx0001']);
        expect(recorded.map((submitted) => submitted.transactionId)).toEqual(['tx0001']);
        expect(decoded(recorded[0]!.commit)).toBe('tx0001');
    });

    it('tells the listener about each transaction handed to the orderer before asking its status', async () => {
        const { ledger, runner } = harness();
        ledger.commitCodes.push('MVCC_READ_CONFLICT');
        const seen: { transactionId: string; statusesAskedBefore: number }[] = [];

        await runner.submit(CALL, async (submitted) => {
            seen.push({ transactionId: submitted.transactionId, statusesAskedBefore: ledger.statusAsked.length });
        });

        expect(seen).toEqual([
            { transactionId: 'tx0001', statusesAskedBefore: 0 },
            { transactionId: 'tx0002', statusesAskedBefore: 1 },
        ]);
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
    async function lostTransaction(target: Harness): Promise<SubmittedTransaction> {
        let submitted: SubmittedTransaction | undefined;
        target.ledger.lostStatuses = POLICY.statusAttempts;
        await expect(
            target.runner.submit(CALL, async (transaction) => {
                submitted = transaction;
            }),
        ).rejects.toBeInstanceOf(CommitStatusUnknownError);
        return submitted!;
    }

    it('asks the status of the earlier transaction again instead of endorsing a new one', async () => {
        const target = harness();
        target.ledger.on('Probe:Put', () => '{"v":1}');
        const submitted = await lostTransaction(target);

        const resumed = await target.runner.resume('User1', submitted);

        expect(resumed).toMatchObject({ transactionId: 'tx0001', blockNumber: 11n, attempts: 1 });
        expect(decoded(resumed!.result)).toBe('{"v":1}');
        expect(target.ledger.endorsed).toHaveLength(1);
        expect(target.ledger.submitted).toEqual(['tx0001']);
        expect(target.ledger.statusAsked).toEqual(['tx0001', 'tx0001', 'tx0001', 'tx0001']);
    });

    it('answers undefined when the earlier transaction committed invalid', async () => {
        const target = harness();
        target.ledger.commitCodes.push('MVCC_READ_CONFLICT');
        const submitted = await lostTransaction(target);

        await expect(target.runner.resume('User1', submitted)).resolves.toBeUndefined();
        expect(target.ledger.endorsed).toHaveLength(1);
    });

    it('throws CommitStatusUnknownError when the status is still lost', async () => {
        const target = harness();
        const submitted = await lostTransaction(target);
        target.ledger.lostStatuses = POLICY.statusAttempts;

        await expect(target.runner.resume('User1', submitted)).rejects.toMatchObject({
            name: 'CommitStatusUnknownError',
            transactionId: 'tx0001',
        });
        expect(target.ledger.endorsed).toHaveLength(1);
    });
});
