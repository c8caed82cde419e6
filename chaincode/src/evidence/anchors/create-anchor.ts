import {
    ANCHOR_CHUNK_SIZE,
    EVIDENCE_ERRORS,
    EVIDENCE_EVENTS,
    MAX_ANCHOR_BATCH,
    toHex,
    type AnchorRecord,
    type AnchorWriteResult,
    type Fingerprint,
} from '@lendledger/domain';
import { chunkRoots, fingerprintLeafHash, rootOfLeafHashes } from '@lendledger/domain/node';
import { type Context } from 'fabric-contract-api';
import { type Caller } from '../../core/caller.js';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { emitEvent, readJson, txTime, writeJson } from '../../core/ledger-state.js';
import { list, type Fields } from '../../core/request-fields.js';
import { toFingerprint } from '../../core/fingerprint-fields.js';
import { anchorIndexKey, anchorKey, anchorLeavesKey } from '../ledger-keys.js';

/**
 * Reads the fingerprints of an anchor request: canonical form, none twice.
 *
 * @throws {@link ChaincodeError} INVALID_ARGUMENT, BATCH_EMPTY, BATCH_TOO_LARGE or DUPLICATE_IN_BATCH.
 */
export function readAnchorFingerprints(fields: Fields): Fingerprint[] {
    const items = list(fields, 'fingerprints', { max: MAX_ANCHOR_BATCH });
    const seen = new Set<string>();
    return items.map((item, index) => {
        const fingerprint = toFingerprint(item, `fingerprints[${index}]`);
        if (seen.has(fingerprint)) {
            throw new ChaincodeError(
                EVIDENCE_ERRORS.DUPLICATE_IN_BATCH,
                `fingerprints[${index}] repeats an earlier item`,
                {
                    field: `fingerprints[${index}]`,
                    fingerprint,
                },
            );
        }
        seen.add(fingerprint);
        return fingerprint;
    });
}

const UTF8 = new TextEncoder();

/**
 * Anchors a batch: computes the RFC 9162 root over the fingerprints in order, and stores the anchor head (root,
 * size, chunk roots, submitter), the leaves in chunks of {@link ANCHOR_CHUNK_SIZE} and one small index entry per
 * fingerprint whose value is just its leaf index. The anchor's identifier is its root, so the same list anchored
 * again is answered from the ledger without writing. Emits one `anchor.created` event without the leaves.
 */
export async function createAnchor(
    ctx: Context,
    caller: Caller,
    fingerprints: readonly Fingerprint[],
): Promise<AnchorWriteResult> {
    const roots = chunkRoots(fingerprints.map(fingerprintLeafHash));
    const root = toHex(rootOfLeafHashes(roots));
    const existing = await readJson<AnchorRecord>(ctx, anchorKey(ctx, root));
    if (existing !== undefined) {
        return { created: false, anchor: existing };
    }
    const anchor: AnchorRecord = {
        anchorId: root,
        root,
        size: fingerprints.length,
        chunkSize: ANCHOR_CHUNK_SIZE,
        chunkRoots: roots.map(toHex),
        leafEncoding: 'utf8-canonical-fingerprint',
        treeAlgorithm: 'rfc9162-sha256',
        submitter: { mspId: caller.mspId, subject: caller.subject },
        txId: ctx.stub.getTxID(),
        time: txTime(ctx),
    };
    await writeJson(ctx, anchorKey(ctx, root), anchor);
    for (let chunk = 0; chunk < roots.length; chunk++) {
        const leaves = fingerprints.slice(chunk * ANCHOR_CHUNK_SIZE, (chunk + 1) * ANCHOR_CHUNK_SIZE);
        await writeJson(ctx, anchorLeavesKey(ctx, root, chunk), leaves);
    }
    // The index values are bare JSON integers, canonical by construction; the puts are issued together because the
    // peer answers them one by one anyway and awaiting each in turn only adds scheduling gaps.
    await Promise.all(
        fingerprints.map((fingerprint, index) =>
            ctx.stub.putState(anchorIndexKey(ctx, fingerprint, root), UTF8.encode(String(index))),
        ),
    );
    emitEvent(ctx, EVIDENCE_EVENTS.anchorCreated, {
        anchorId: root,
        root,
        size: anchor.size,
        mspId: caller.mspId,
        txId: anchor.txId,
    });
    return { created: true, anchor };
}
