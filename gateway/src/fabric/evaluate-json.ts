import { canonicalJson } from '@lendledger/domain';
import { type GatewayServices } from '../http/services.js';

/**
 * Evaluates a chaincode read whose one argument is the canonical JSON of `request` and whose answer is JSON, as
 * `identity`, within the evaluation concurrency limit and with the runner's retries.
 *
 * @throws {@link ChaincodeRejectedError} and the other ledger errors; {@link SaturatedError} when no slot frees up.
 * @example const view = await evaluateJson<EvidenceView>(services, subject, 'Evidence:Get', { id: fingerprint });
 */
export async function evaluateJson<T>(
    services: Pick<GatewayServices, 'evaluates' | 'runner'>,
    identity: string,
    name: string,
    request: unknown,
): Promise<T> {
    const { evaluates, runner } = services;
    const bytes = await evaluates.run(() => runner.evaluate({ identity, name, args: [canonicalJson(request)] }));
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}
