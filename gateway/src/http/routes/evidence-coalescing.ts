import { canonicalJson, normaliseFingerprint } from '@lendledger/domain';
import { type CoalescePolicy, type OrderingKeys } from '../../fabric/write-coalescer.js';
import { type ChaincodeRejectedError } from '../../fabric/ledger-errors.js';

const ITEM_PATH = /\bitems\[(\d+)\]/;
const ITEM = /^items\[(\d+)\]$/;
const UTF8 = new TextEncoder();

/**
 * How single `POST /v1/evidence` writes (`Evidence:Register`) coalesce into `Evidence:RegisterBatch`: the batch
 * registers its items in order and chains several records of one loan correctly, so records of one loan may share
 * a batch; a fingerprint may not appear twice in one (the batch refuses it as DUPLICATE_IN_BATCH, while alone the
 * second is a `created: false` resubmission or a CONFLICT), so it waits for the next.
 */
export const EVIDENCE_COALESCING: CoalescePolicy = {
    single: 'Evidence:Register',
    batch: 'Evidence:RegisterBatch',
    keysOf: evidenceKeysOf,
    batchArgs: (requests) => [canonicalJson({ items: requests })],
    resultsOf: batchItemsOf,
    itemOf: itemNamedBy,
};

/** A registration's loan (shared) and fingerprint (unique). */
export function evidenceKeysOf(request: Readonly<Record<string, unknown>>): OrderingKeys {
    return {
        shared: [`loan:${String(request.loanRef)}`],
        unique: [`fingerprint:${fingerprintKey(request.fingerprint)}`],
    };
}

/** The fingerprint as the chaincode stores it, so `{algorithm,digest}` and its string form are one key. */
function fingerprintKey(value: unknown): string {
    try {
        return normaliseFingerprint(value);
    } catch {
        return canonicalJson(value ?? null);
    }
}

/**
 * Each item of a RegisterBatch answer (`{ created, items }`) as `Evidence:Register` answers it: the canonical JSON
 * of `{ created, record }`, which is how the chaincode serialises every answer.
 *
 * @throws {Error} when the answer does not hold `count` items.
 */
export function batchItemsOf(result: Uint8Array, count: number): Uint8Array[] {
    const parsed = JSON.parse(Buffer.from(result).toString('utf8')) as { items?: unknown };
    if (!Array.isArray(parsed.items) || parsed.items.length !== count) {
        throw new Error(
            `Evidence:RegisterBatch answered ${String(parsed.items && (parsed.items as unknown[]).length)} items for ${count}`,
        );
    }
    return parsed.items.map((item) => UTF8.encode(canonicalJson(item)));
}

/**
 * The batch item a refusal names: `details.item` (`items[3]`, which RegisterBatch sets on every refusal of an item)
 * or, from a chaincode that sets none, the field path in `details.field` (`items[3].stage`). Its message is never
 * read for one: a message may quote what a caller sent, and a caller must not be able to point a refusal at
 * another's record.
 */
export function itemNamedBy(error: ChaincodeRejectedError): number | undefined {
    const details = error.details as Readonly<Record<string, unknown>>;
    const item = typeof details.item === 'string' ? ITEM.exec(details.item) : null;
    const field = typeof details.field === 'string' ? ITEM_PATH.exec(details.field) : null;
    const match = item ?? field;
    return match ? Number(match[1]) : undefined;
}
