import { canonicalJson } from '@lendledger/domain';
import { type ConcurrencyLimiter } from './concurrency-limiter.js';
import { type TransactionRunner } from './transaction-runner.js';

/** What a chaincode read needs: the evaluation concurrency limit and the runner that retries. */
export interface LedgerReads {
    readonly evaluates: Pick<ConcurrencyLimiter, 'run'>;
    readonly runner: Pick<TransactionRunner, 'evaluate' | 'blockByTransactionId'>;
}

/**
 * Evaluates a chaincode read whose one argument is the canonical JSON of `request` and whose answer is JSON, as
 * `identity`, within the evaluation concurrency limit and with the runner's retries.
 *
 * @throws {@link ChaincodeRejectedError} and the other ledger errors; {@link SaturatedError} when no slot frees up.
 * @example const view = await evaluateJson<EvidenceView>(reads, subject, 'Evidence:Get', { id: fingerprint });
 */
export async function evaluateJson<T>(
    reads: LedgerReads,
    identity: string,
    name: string,
    request: unknown,
): Promise<T> {
    const { evaluates, runner } = reads;
    const bytes = await evaluates.run(() => runner.evaluate({ identity, name, args: [canonicalJson(request)] }));
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}
