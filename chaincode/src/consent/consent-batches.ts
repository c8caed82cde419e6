import { COMMON_ERRORS, CONSENT_EVENTS, MAX_CONSENT_BATCH } from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../core/caller.js';
import { ChaincodeError } from '../core/chaincode-error.js';
import { emitEvent, readAhead } from '../core/ledger-state.js';
import { loanPartiesKey } from '../evidence/ledger-keys.js';
import { asFields, list, type Fields } from '../core/request-fields.js';
import { type MemberCaller } from '../membership/member-access.js';
import { consentKey, loanSubjectKey } from './consent-keys.js';
import { readRecording, readUse, type Recording, type Use } from './consent-request.js';
import { recordConsent, type RecordResult } from './record-consent.js';
import { useConsent, type UseResult } from './use-consent.js';

/**
 * Consents and uses in bulk: a platform files a day's signed authorizations, a bank logs a run of credit-bureau
 * inquiries, many to a transaction. Each item passes exactly the checks it would pass alone, in order, and the
 * transaction is all or nothing: a refused item refuses the batch, naming the item in `details.item` (`items[3]`)
 * and its field as `items[3].<field>`, so the caller resubmits the others.
 *
 * Fabric does not let a transaction read its own writes, so items that would read what an earlier item writes are
 * refused up front: two items of one consent, and a consent that supersedes another item of the batch.
 */

/** Reads a batch's items with one item reader, naming every refused field by its item. */
function readItems<T>(fields: Fields, reader: (item: Fields) => T): T[] {
    return list(fields, 'items', { min: 1, max: MAX_CONSENT_BATCH }).map((item, index) =>
        namedByItem(`items[${index}]`, () => reader(asFields(item, `items[${index}]`))),
    );
}

/** Reads a `Consent:RecordBatch` request: up to {@link MAX_CONSENT_BATCH} recordings. */
export function readRecordingBatch(fields: Fields): Recording[] {
    const items = readItems(fields, readRecording);
    requireDistinct(items, (item) => item.consentId, 'consentId');
    const recorded = new Set(items.map((item) => item.consentId));
    items.forEach((item, index) => {
        if (item.supersedes !== undefined && recorded.has(item.supersedes)) {
            throw itemRefusal(index, 'supersedes', `supersedes ${item.supersedes}, which this batch records`);
        }
    });
    requireDistinct(
        items.filter((item) => item.supersedes !== undefined),
        (item) => item.supersedes!,
        'supersedes',
        items,
    );
    return items;
}

/** Reads a `Consent:UseBatch` request: up to {@link MAX_CONSENT_BATCH} uses, at most one per consent. */
export function readUseBatch(fields: Fields): Use[] {
    const items = readItems(fields, readUse);
    requireDistinct(items, (item) => item.consentId, 'consentId');
    return items;
}

/** Records every consent of the batch, in order; answers each item as `Consent:Record` would. */
export async function recordConsents(
    ctx: Context,
    caller: MemberCaller,
    items: readonly Recording[],
): Promise<RecordResult[]> {
    // Every item reads its consent (a resubmission answers the stored one): one message to the peer for all of them
    // instead of one per item (core/peer-batching.ts). A superseded consent is read only by a new item, so it is left
    // to the item: reading it ahead would add it to a resubmission's read set.
    await readAhead(
        ctx,
        items.map((item) => consentKey(ctx, item.consentId)),
    );
    const results: RecordResult[] = [];
    for (const [index, item] of items.entries()) {
        results.push(await namedByItemAsync(`items[${index}]`, () => recordConsent(ctx, caller, item)));
    }
    const created = results.filter((entry) => entry.created);
    if (created.length > 0) {
        // Fabric keeps one event per transaction: the batch's replaces the last item's.
        emitEvent(ctx, CONSENT_EVENTS.recorded, {
            items: created.map(({ consent }) => ({
                consentId: consent.consentId,
                grantee: consent.grantee,
                purpose: consent.purpose,
            })),
            txId: ctx.stub.getTxID(),
        });
    }
    return results;
}

/** Logs every use of the batch, in order; item n's ticket is `ticket:<txId>:<n>`. */
export async function useConsents(ctx: Context, caller: Caller, items: readonly Use[]): Promise<UseResult[]> {
    // Every item reads its consent and, naming a loan, the loan's parties and bound subject: one message to the
    // peer for all of them instead of three per item.
    await readAhead(ctx, [
        ...items.map((item) => consentKey(ctx, item.consentId)),
        ...items.flatMap((item) =>
            item.loanRef === undefined ? [] : [loanPartiesKey(ctx, item.loanRef), loanSubjectKey(ctx, item.loanRef)],
        ),
    ]);
    const results: UseResult[] = [];
    for (const [index, item] of items.entries()) {
        results.push(await namedByItemAsync(`items[${index}]`, () => useConsent(ctx, caller, item, index)));
    }
    emitEvent(ctx, CONSENT_EVENTS.used, {
        items: results.map(({ use, consent }) => ({
            consentId: use.consentId,
            ticketId: use.ticketId,
            useNo: use.useNo,
            status: consent.status,
        })),
        txId: ctx.stub.getTxID(),
    });
    return results;
}

function requireDistinct<T>(
    items: readonly T[],
    keyOf: (item: T) => string,
    field: string,
    all: readonly T[] = items,
): void {
    const first = new Map<string, number>();
    for (const item of items) {
        const key = keyOf(item);
        const index = all.indexOf(item);
        const earlier = first.get(key);
        if (earlier !== undefined) {
            throw itemRefusal(index, field, `names ${key}, as items[${earlier}] does`);
        }
        first.set(key, index);
    }
}

function itemRefusal(index: number, field: string, message: string): ChaincodeError {
    const path = `items[${index}]`;
    return new ChaincodeError(COMMON_ERRORS.INVALID_ARGUMENT, `${path}.${field} ${message}`, {
        field: `${path}.${field}`,
        item: path,
    });
}

/** A refusal of an item's step, its field named under the item's path and the item in `details.item`. */
function itemNamed(path: string, error: unknown): unknown {
    if (!(error instanceof ChaincodeError) || error.details.item !== undefined) {
        return error;
    }
    const field = error.details.field;
    const named = typeof field === 'string' && !field.startsWith(`${path}.`) && field !== path;
    return error.withDetails({ item: path, ...(named ? { field: `${path}.${field}` } : {}) });
}

function namedByItem<T>(path: string, step: () => T): T {
    try {
        return step();
    } catch (error) {
        throw itemNamed(path, error);
    }
}

async function namedByItemAsync<T>(path: string, step: () => Promise<T>): Promise<T> {
    try {
        return await step();
    } catch (error) {
        throw itemNamed(path, error);
    }
}
