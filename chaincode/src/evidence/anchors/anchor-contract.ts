import { ANCHOR_WRITER_ROLES, type AnchorRecord } from '@lendledger/domain';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContract } from '../../core/ledger-contract.js';
import { result } from '../../core/ledger-state.js';
import { pageRequestOf, readPage } from '../../core/page-reader.js';
import { integer, parseRequest, type Fields } from '../../core/request-fields.js';
import { fingerprint } from '../../core/fingerprint-fields.js';
import { requireMember, requireRole } from '../../membership/member-access.js';
import { hexRoot } from '../evidence-fields.js';
import { OBJECT_TYPES } from '../ledger-keys.js';
import { anchorLeaves, anchorLocations, anchorProof, requireAnchor } from './anchor-reads.js';
import { createAnchor, readAnchorFingerprints } from './create-anchor.js';
import { readSealRequest, requireSealedBatch, sealBatch } from './seal-batch.js';

function optionalAnchorId(fields: Fields): string | undefined {
    return fields.anchorId === undefined || fields.anchorId === null ? undefined : hexRoot(fields, 'anchorId');
}

/**
 * Bulk anchors: batches of fingerprints folded into RFC 9162 Merkle trees, with every item provable. Every member
 * may read anchors; platforms and banks create them.
 */
@Info({ title: 'Anchor', description: 'RFC 9162 Merkle anchors of fingerprint batches' })
export class AnchorContract extends LedgerContract {
    constructor() {
        super('Anchor');
    }

    /** Anchors up to 20,000 fingerprints; answers `{ created, anchor }`. */
    @Transaction()
    @Returns('string')
    async Create(ctx: Context, request: string): Promise<string> {
        const caller = await requireRole(ctx, ANCHOR_WRITER_ROLES, 'create an anchor');
        return result(await createAnchor(ctx, caller, parseRequest(request, readAnchorFingerprints)));
    }

    /**
     * Seals a batch of any size by its root and size alone; the caller keeps the leaves and hands out the proofs.
     * Answers `{ created, batch }`.
     */
    @Transaction()
    @Returns('string')
    async Seal(ctx: Context, request: string): Promise<string> {
        const caller = await requireRole(ctx, ANCHOR_WRITER_ROLES, 'seal a batch');
        return result(await sealBatch(ctx, caller, parseRequest(request, readSealRequest)));
    }

    /** A sealed batch: root, size, submitter, transaction and time. */
    @Transaction(false)
    @Returns('string')
    async GetSealed(ctx: Context, request: string): Promise<string> {
        await requireMember(ctx, 'read anchors');
        return result(
            await requireSealedBatch(
                ctx,
                parseRequest(request, (fields) => hexRoot(fields, 'root')),
            ),
        );
    }

    /** An anchor's head: root, size, chunk roots, submitter, transaction and time. */
    @Transaction(false)
    @Returns('string')
    async Get(ctx: Context, request: string): Promise<string> {
        await requireMember(ctx, 'read anchors');
        return result(
            await requireAnchor(
                ctx,
                parseRequest(request, (fields) => hexRoot(fields, 'anchorId')),
            ),
        );
    }

    /** One chunk of an anchor's leaves, from which every proof of the chunk can be rebuilt. */
    @Transaction(false)
    @Returns('string')
    async GetLeaves(ctx: Context, request: string): Promise<string> {
        await requireMember(ctx, 'read anchors');
        const [anchorId, chunk] = parseRequest(
            request,
            (fields) => [hexRoot(fields, 'anchorId'), integer(fields, 'chunk', { min: 0 })] as const,
        );
        return result(await anchorLeaves(ctx, anchorId, chunk));
    }

    /** The inclusion proof of a fingerprint in the named anchor, or in the earliest anchor holding it. */
    @Transaction(false)
    @Returns('string')
    async GetProof(ctx: Context, request: string): Promise<string> {
        await requireMember(ctx, 'read anchors');
        const [value, anchorId] = parseRequest(
            request,
            (fields) => [fingerprint(fields, 'fingerprint'), optionalAnchorId(fields)] as const,
        );
        return result(await anchorProof(ctx, value, anchorId));
    }

    /** Every anchor holding a fingerprint, earliest first (possibly none). */
    @Transaction(false)
    @Returns('string')
    async FindByFingerprint(ctx: Context, request: string): Promise<string> {
        await requireMember(ctx, 'read anchors');
        const value = parseRequest(request, (fields) => fingerprint(fields, 'fingerprint'));
        return result({ fingerprint: value, anchors: await anchorLocations(ctx, value) });
    }

    /** One page of anchors in identifier order. */
    @Transaction(false)
    @Returns('string')
    async List(ctx: Context, request: string): Promise<string> {
        await requireMember(ctx, 'read anchors');
        const page = parseRequest(request, pageRequestOf);
        return result(await readPage<AnchorRecord>(ctx, { objectType: OBJECT_TYPES.anchor, attributes: [] }, page));
    }
}
