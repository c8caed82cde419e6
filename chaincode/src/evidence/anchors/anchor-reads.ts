import {
    COMMON_ERRORS,
    EVIDENCE_ERRORS,
    fromHex,
    toHex,
    type AnchorInclusionProof,
    type AnchorLeaves,
    type AnchorLocation,
    type AnchorRecord,
    type Fingerprint,
} from '@lendledger/domain';
import { chunkedInclusionProof, fingerprintLeafHash, verifyInclusion } from '@lendledger/domain/node';
import { type Context } from 'fabric-contract-api';
import { ChaincodeError } from '../../core/chaincode-error.js';
import { readJson, readRequired } from '../../core/ledger-state.js';
import { anchorIndexKey, anchorKey, anchorLeavesKey, OBJECT_TYPES } from '../ledger-keys.js';

/** Reading anchors, their leaves and inclusion proofs. */

/**
 * The anchor with this identifier.
 *
 * @throws {@link ChaincodeError} ANCHOR_NOT_FOUND.
 */
export async function requireAnchor(ctx: Context, anchorId: string): Promise<AnchorRecord> {
    return readRequired<AnchorRecord>(
        ctx,
        anchorKey(ctx, anchorId),
        `anchor ${anchorId}`,
        EVIDENCE_ERRORS.ANCHOR_NOT_FOUND,
        {
            field: 'anchorId',
            anchorId,
        },
    );
}

/** Every anchor holding the fingerprint, earliest first: a prefix read of the fingerprint's index entries. */
export async function anchorLocations(ctx: Context, fingerprint: Fingerprint): Promise<AnchorLocation[]> {
    const found: { anchorId: string; index: number }[] = [];
    const iterator = await ctx.stub.getStateByPartialCompositeKey(OBJECT_TYPES.anchorIndex, [fingerprint]);
    try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
            const { attributes } = ctx.stub.splitCompositeKey(next.value.key);
            found.push({
                anchorId: attributes[1] ?? '',
                index: Number(Buffer.from(next.value.value).toString('utf8')),
            });
        }
    } finally {
        await iterator.close();
    }
    const locations: AnchorLocation[] = [];
    for (const { anchorId, index } of found) {
        const anchor = await requireAnchor(ctx, anchorId);
        locations.push({ anchorId, index, size: anchor.size, time: anchor.time, txId: anchor.txId });
    }
    return locations.sort((a, b) => compare(a.time, b.time) || compare(a.anchorId, b.anchorId));
}

function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** True when some anchor holds the fingerprint. */
export async function isAnchored(ctx: Context, fingerprint: Fingerprint): Promise<boolean> {
    const iterator = await ctx.stub.getStateByPartialCompositeKey(OBJECT_TYPES.anchorIndex, [fingerprint]);
    try {
        return !(await iterator.next()).done;
    } finally {
        await iterator.close();
    }
}

/**
 * The fingerprint's leaf index in the named anchor, or in the earliest anchor holding it.
 *
 * @throws {@link ChaincodeError} FINGERPRINT_NOT_ANCHORED.
 */
async function locate(
    ctx: Context,
    fingerprint: Fingerprint,
    anchorId: string | undefined,
): Promise<{ anchorId: string; index: number }> {
    const found =
        anchorId === undefined
            ? (await anchorLocations(ctx, fingerprint))[0]
            : await indexIn(ctx, fingerprint, anchorId);
    if (found === undefined) {
        throw new ChaincodeError(
            EVIDENCE_ERRORS.FINGERPRINT_NOT_ANCHORED,
            `${fingerprint} is not in ${anchorId === undefined ? 'any anchor' : `anchor ${anchorId}`}`,
            { field: 'fingerprint', fingerprint, anchorId: anchorId ?? null },
        );
    }
    return found;
}

async function indexIn(
    ctx: Context,
    fingerprint: Fingerprint,
    anchorId: string,
): Promise<{ anchorId: string; index: number } | undefined> {
    const index = await readJson<number>(ctx, anchorIndexKey(ctx, fingerprint, anchorId));
    return index === undefined ? undefined : { anchorId, index };
}

async function readChunk(ctx: Context, anchorId: string, chunk: number): Promise<Fingerprint[]> {
    return (await readJson<Fingerprint[]>(ctx, anchorLeavesKey(ctx, anchorId, chunk))) ?? [];
}

/**
 * One stored chunk of an anchor's leaves.
 *
 * @throws {@link ChaincodeError} ANCHOR_NOT_FOUND, or INVALID_ARGUMENT for a chunk number beyond the anchor.
 */
export async function anchorLeaves(ctx: Context, anchorId: string, chunk: number): Promise<AnchorLeaves> {
    const anchor = await requireAnchor(ctx, anchorId);
    if (chunk >= anchor.chunkRoots.length) {
        throw new ChaincodeError(
            COMMON_ERRORS.INVALID_ARGUMENT,
            `anchor ${anchorId} has ${anchor.chunkRoots.length} chunks`,
            {
                field: 'chunk',
                max: anchor.chunkRoots.length - 1,
            },
        );
    }
    return { anchorId, chunk, firstIndex: chunk * anchor.chunkSize, leaves: await readChunk(ctx, anchorId, chunk) };
}

/**
 * The RFC 9162 inclusion proof of a fingerprint, rebuilt from the one chunk that holds it and the anchor's chunk
 * roots, and checked against the stored root before it is returned.
 *
 * @throws {@link ChaincodeError} FINGERPRINT_NOT_ANCHORED, ANCHOR_NOT_FOUND, or INVALID_STATE if stored data disagree.
 */
export async function anchorProof(
    ctx: Context,
    fingerprint: Fingerprint,
    anchorId: string | undefined,
): Promise<AnchorInclusionProof> {
    const location = await locate(ctx, fingerprint, anchorId);
    const anchor = await requireAnchor(ctx, location.anchorId);
    const chunk = Math.floor(location.index / anchor.chunkSize);
    const leaves = await readChunk(ctx, anchor.anchorId, chunk);
    const leafHash = fingerprintLeafHash(fingerprint);
    const path = chunkedInclusionProof(
        leaves.map(fingerprintLeafHash),
        anchor.chunkRoots.map(fromHex),
        location.index,
        anchor.chunkSize,
    );
    if (!verifyInclusion(leafHash, location.index, anchor.size, path, fromHex(anchor.root))) {
        throw new ChaincodeError(COMMON_ERRORS.INVALID_STATE, `stored anchor ${anchor.anchorId} is inconsistent`, {
            anchorId: anchor.anchorId,
            index: location.index,
        });
    }
    return {
        fingerprint,
        anchorId: anchor.anchorId,
        index: location.index,
        treeSize: anchor.size,
        leafHash: toHex(leafHash),
        auditPath: path.map(toHex),
        root: anchor.root,
        txId: anchor.txId,
        time: anchor.time,
    };
}
