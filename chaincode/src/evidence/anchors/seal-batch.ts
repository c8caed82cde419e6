import {
    COMMON_ERRORS,
    EVIDENCE_ERRORS,
    EVIDENCE_EVENTS,
    MAX_SEALED_BATCH,
    type SealBatchRequest,
    type SealedBatchRecord,
    type SealWriteResult,
} from '@lendledger/domain';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../../core/caller.js';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { emitEvent, readJson, readRequired, txTime, writeJson } from '../../core/ledger-state.js';
import { integer, type Fields } from '../../core/request-fields.js';
import { hexRoot } from '../evidence-fields.js';
import { sealedBatchKey } from '../ledger-keys.js';

/** Reads an `Anchor:Seal` request: a hex root and the tree's size. */
export function readSealRequest(fields: Fields): SealBatchRequest {
    return { root: hexRoot(fields, 'root'), size: integer(fields, 'size', { min: 1, max: MAX_SEALED_BATCH }) };
}

/**
 * Seals a batch: records the root and size of a Merkle tree whose leaves the caller keeps, with who sealed it and
 * when (transaction time). The same root sealed again is answered from the ledger without writing; the same root
 * with another size is refused, since one root cannot head two trees of different sizes. One `anchor.sealed` event.
 *
 * @throws {@link ChaincodeError} CONFLICT when the root is sealed with another size.
 */
export async function sealBatch(ctx: Context, caller: Caller, request: SealBatchRequest): Promise<SealWriteResult> {
    const key = sealedBatchKey(ctx, request.root);
    const existing = await readJson<SealedBatchRecord>(ctx, key);
    if (existing !== undefined) {
        if (existing.size !== request.size) {
            throw new ChaincodeError(
                COMMON_ERRORS.CONFLICT,
                `root ${request.root} is sealed with size ${existing.size}, not ${request.size}`,
                { field: 'request.size', root: request.root, size: existing.size },
            );
        }
        return { created: false, batch: existing };
    }
    const batch: SealedBatchRecord = {
        anchorId: request.root,
        root: request.root,
        size: request.size,
        leafEncoding: 'utf8-canonical-fingerprint',
        treeAlgorithm: 'rfc9162-sha256',
        leaves: 'OFF_LEDGER',
        submitter: { mspId: caller.mspId, subject: caller.subject },
        txId: ctx.stub.getTxID(),
        time: txTime(ctx),
    };
    await writeJson(ctx, key, batch);
    emitEvent(ctx, EVIDENCE_EVENTS.batchSealed, {
        anchorId: batch.anchorId,
        root: batch.root,
        size: batch.size,
        mspId: caller.mspId,
        txId: batch.txId,
    });
    return { created: true, batch };
}

/**
 * A sealed batch by root.
 *
 * @throws {@link ChaincodeError} ANCHOR_NOT_FOUND.
 */
export function requireSealedBatch(ctx: Context, root: string): Promise<SealedBatchRecord> {
    return readRequired<SealedBatchRecord>(
        ctx,
        sealedBatchKey(ctx, root),
        `sealed batch ${root}`,
        EVIDENCE_ERRORS.ANCHOR_NOT_FOUND,
        { field: 'request.root', root },
    );
}
