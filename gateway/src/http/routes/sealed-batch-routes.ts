import { ANCHOR_WRITERS, canonicalJson, type SealWriteResult } from '@lendledger/domain';
import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { READ_ROLES, WRITE_ROLES } from '../../auth/principal.js';
import { type SubmitResult } from '../../fabric/transaction-runner.js';
import { type ExecutionContext, type StoredResponse } from '../../idempotency/idempotency-store.js';
import {
    commitCall,
    committedResponse,
    IdempotencyHeaders,
    submitIdempotently,
    type WritePath,
} from '../idempotent-submit.js';
import { callerOf } from '../plugins/authentication.js';
import { ProblemError } from '../../errors/problem-error.js';
import { RequestSlots } from '../request-slots.js';
import {
    BEARER_AUTH,
    closed,
    FingerprintString,
    Hex64,
    InclusionProofMembers,
    Open,
    SubmitEnvelope,
    withProblems,
} from '../schemas/common.js';
import { type SealedBatchStore } from '../../anchors/sealed-batches.js';
import { type GatewayConfig } from '../../config/gateway-config.js';

const SealedBatch = Open({
    anchorId: Hex64,
    root: Hex64,
    size: Type.Integer({ minimum: 1 }),
    leaves: Type.Literal('OFF_LEDGER'),
    txId: Type.String(),
});

const SealedProof = closed({ ...InclusionProofMembers, txId: Type.String() });

/** What the sealed-batch routes need: the organisation, its limits, the leaf store and the write path. */
export interface SealedBatchRoutesOptions {
    readonly mspId: string;
    readonly limits: Pick<GatewayConfig['limits'], 'maxSealedBatch' | 'maxConcurrentSeals' | 'sealedBodyLimitBytes'>;
    readonly sealed: SealedBatchStore;
    readonly writes: WritePath;
}

/**
 * Sealed batches: very large fingerprint batches anchored by their Merkle root alone (`Anchor:Seal`). The gateway
 * computes the tree, keeps the leaves in its data folder (fsynced before the seal is submitted) and serves every
 * fingerprint's proof and receipt afterwards; the ledger holds root, size, submitter and time.
 *
 * A batch can be a hundred megabytes, so what may be refused is refused before its body is read: an organisation
 * the chaincode would refuse, a subject whose disk allowance is used up, and a batch beyond the
 * `limits.maxConcurrentSeals` being read and hashed at once. Writes go through the shared idempotent write path.
 */
export async function sealedBatchRoutes(scope: FastifyInstance, options: SealedBatchRoutesOptions): Promise<void> {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    const { mspId, limits, sealed, writes } = options;
    const maxItems = limits.maxSealedBatch;
    const slots = new RequestSlots({
        name: 'sealed batches',
        max: limits.maxConcurrentSeals,
        retryAfterSeconds: 5,
    });
    const admit = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
        requireAnchorWriter(mspId);
        sealed.requireRoom(callerOf(request).subject);
        slots.take(request, reply);
    };
    app.post(
        '/v1/anchors/sealed',
        {
            config: { roles: WRITE_ROLES },
            bodyLimit: limits.sealedBodyLimitBytes,
            // Route hooks run after the scope's authentication and before the body is read.
            onRequest: admit,
            schema: {
                operationId: 'sealBatch',
                summary: 'Anchor a very large batch of fingerprints by its Merkle root; the gateway keeps the leaves',
                description:
                    'Only the RFC 9162 root and size reach the ledger. Each fingerprint then has a receipt at ' +
                    '`GET /v1/fingerprints/{fingerprint}/receipt` on this gateway. Re-sealing the same list answers ' +
                    '`created: false`. A fingerprint may appear more than once; each position has its own proof. ' +
                    `Only ${ANCHOR_WRITERS.join(' and ')} may seal; each token subject may keep ` +
                    '`limits.subjectSealedBytes` of leaves on the gateway (413 `SEALED_STORAGE_EXCEEDED` beyond).',
                tags: ['anchors'],
                security: BEARER_AUTH,
                headers: IdempotencyHeaders,
                body: closed({ fingerprints: Type.Array(FingerprintString, { minItems: 1, maxItems }) }),
                response: withProblems(SubmitEnvelope(Open({ created: Type.Boolean(), batch: SealedBatch }))),
            },
        },
        async (request, reply) => {
            const { fingerprints } = request.body;
            const subject = callerOf(request).subject;
            return slots.hold(request, () =>
                submitIdempotently(request, reply, writes, (context) =>
                    sealBatch(writes, sealed, subject, fingerprints, context),
                ),
            );
        },
    );
    app.get(
        '/v1/anchors/sealed/:root/proofs/:fingerprint',
        {
            config: { roles: READ_ROLES },
            schema: {
                operationId: 'getSealedProof',
                summary: "A fingerprint's inclusion proof in a batch this gateway sealed",
                tags: ['anchors'],
                security: BEARER_AUTH,
                params: closed({ root: Hex64, fingerprint: FingerprintString }),
                response: withProblems(SealedProof),
            },
        },
        async (request) => {
            const { root, fingerprint } = request.params;
            const proof = await sealed.proofOf(fingerprint, root);
            if (!proof) {
                throw new ProblemError(
                    'SEALED_PROOF_NOT_FOUND',
                    `${fingerprint} is not in a batch ${root} sealed here`,
                );
            }
            return proof;
        },
    );
}

/**
 * The chaincode's rule for `Anchor:Seal`, checked here first so a refused organisation costs no upload.
 *
 * @throws {@link ProblemError} ORGANISATION_NOT_ALLOWED (403).
 */
function requireAnchorWriter(mspId: string): void {
    if (!(ANCHOR_WRITERS as readonly string[]).includes(mspId)) {
        throw new ProblemError('ORGANISATION_NOT_ALLOWED', `${mspId} may not seal a batch`, {
            fields: { mspId, allowed: [...ANCHOR_WRITERS] },
        });
    }
}

/**
 * Keeps the leaves, seals the root and records the commit. A seal that fails takes its leaves away, also when its
 * outcome is unknown: learning the outcome takes repeating the request (same Idempotency-Key), which keeps the
 * leaves again before it follows the transaction.
 */
async function sealBatch(
    writes: WritePath,
    sealed: SealedBatchStore,
    subject: string,
    fingerprints: readonly string[],
    context: ExecutionContext,
): Promise<StoredResponse> {
    const pending = await sealed.begin(subject, fingerprints);
    const { root, size } = pending.tree;
    const call = { identity: subject, name: 'Anchor:Seal', args: [canonicalJson({ root, size })] };
    let committed: SubmitResult;
    try {
        committed = await commitCall(call, writes, context);
    } catch (error) {
        await pending.abandon();
        throw error;
    }
    const result = JSON.parse(Buffer.from(committed.result).toString('utf8')) as SealWriteResult;
    await pending.committed(result.batch.txId, Number(committed.blockNumber));
    return committedResponse(committed);
}
