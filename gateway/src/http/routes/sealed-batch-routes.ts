import { ANCHOR_WRITER_ROLES, canonicalJson, type SealWriteResult } from '@lendledger/domain';
import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { READ_ROLES, WRITE_ROLES } from '../../auth/principal.js';
import { ChaincodeRejectedError, TransactionInvalidError } from '../../fabric/ledger-errors.js';
import { type SubmitResult } from '../../fabric/transaction-runner.js';
import { type ExecutionContext, type StoredResponse } from '../../idempotency/idempotency-store.js';
import {
    commitCall,
    committedResponse,
    IdempotencyHeaders,
    idempotencyKeyOf,
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
    StreamedBody,
    withProblems,
} from '../schemas/common.js';
import { Readable } from 'node:stream';
import { AjvCompiler } from '@fastify/ajv-compiler';
import { AJV_OPTIONS } from '../ajv-options.js';
import { bodyValidationError, ParsedSealedBody, parseSealedBody } from './sealed-body-parser.js';
import { proofBundleChunks, SEAL_PROOFS_FORMAT } from '../../anchors/proof-bundle.js';
import { type FingerprintList } from '../../anchors/fingerprint-list.js';
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

/** A seal's proof bundle, as `GET /v1/anchors/sealed/{root}/proofs` streams it. */
const ProofBundle = closed({
    format: Type.Literal(SEAL_PROOFS_FORMAT),
    batch: Open({
        anchorId: Hex64,
        root: Hex64,
        size: Type.Integer({ minimum: 1 }),
        txId: Type.String(),
        blockNumber: Type.Integer({ minimum: 0 }),
        channel: Type.String(),
        chaincode: Type.String(),
        sealer: Type.String({ description: 'MSP ID of the organisation that sealed the batch' }),
        leafEncoding: Type.Literal('utf8-canonical-fingerprint'),
        treeAlgorithm: Type.Literal('rfc9162-sha256'),
    }),
    proofs: Type.Array(
        closed({
            fingerprint: FingerprintString,
            index: Type.Integer({ minimum: 0 }),
            auditPath: Type.Array(Hex64),
        }),
        { description: 'One proof per leaf position, in tree order' },
    ),
});

/** What the sealed-batch routes need: the organisation, its limits, the leaf store and the write path. */
export interface SealedBatchRoutesOptions {
    readonly mspId: string;
    /** The organisation's membership roles (setting `roles`); none configured leaves the decision to the chaincode. */
    readonly roles?: readonly string[];
    /** Channel and chaincode a proof bundle names. */
    readonly ledger: { readonly channel: string; readonly chaincode: string };
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
    const { mspId, limits, sealed, writes, ledger } = options;
    const roles = options.roles ?? [];
    const maxItems = limits.maxSealedBatch;
    const slots = new RequestSlots({
        name: 'sealed batches',
        max: limits.maxConcurrentSeals,
        retryAfterSeconds: 5,
    });
    // The body is read and checked as it streams in (sealed-body-parser), so the schema's Ajv pass over a million
    // items is left out; the other parts are validated as on every route.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', (request, payload, done) => {
        parseSealedBody(request, payload, { limit: limits.sealedBodyLimitBytes, maxItems }).then(
            (body) => done(null, body),
            (error: Error) => done(error),
        );
    });
    const compile = AjvCompiler()({}, AJV_OPTIONS);
    const admit = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
        requireAnchorWriter(mspId, roles);
        sealed.requireRoom(callerOf(request).subject, validKeyOf(request));
        slots.take(request, reply);
    };
    app.post(
        '/v1/anchors/sealed',
        {
            config: { roles: WRITE_ROLES },
            bodyLimit: limits.sealedBodyLimitBytes,
            validatorCompiler: (route) => (route.httpPart === 'body' ? parsedBody : compile(route)),
            // Route hooks run after the scope's authentication and before the body is read.
            onRequest: admit,
            schema: {
                operationId: 'sealBatch',
                summary: 'Anchor a very large batch of fingerprints by its Merkle root; the gateway keeps the leaves',
                description:
                    'Only the RFC 9162 root and size reach the ledger. Each fingerprint then has a receipt at ' +
                    '`GET /v1/fingerprints/{fingerprint}/receipt` on this gateway, and every proof is in the bundle ' +
                    'at `GET /v1/anchors/sealed/{root}/proofs` (root = `batch.root` of the answer). Re-sealing the same list answers ' +
                    '`created: false`. A fingerprint may appear more than once; each position has its own proof. ' +
                    `Only members holding the ${ANCHOR_WRITER_ROLES.join(' or ')} role may seal; each token subject may keep ` +
                    '`limits.subjectSealedBytes` of leaves on the gateway (413 `SEALED_STORAGE_EXCEEDED` beyond).',
                tags: ['anchors'],
                security: BEARER_AUTH,
                headers: IdempotencyHeaders,
                body: closed({ fingerprints: Type.Array(FingerprintString, { minItems: 1, maxItems }) }),
                response: withProblems(SubmitEnvelope(Open({ created: Type.Boolean(), batch: SealedBatch }))),
            },
        },
        async (request, reply) => {
            const { body } = request;
            const batch =
                body instanceof ParsedSealedBody ? { fingerprints: body.fingerprints, list: body.list } : body;
            const subject = callerOf(request).subject;
            return slots.hold(request, () =>
                submitIdempotently(request, reply, writes, (context) =>
                    sealBatch(writes, sealed, { subject, key: idempotencyKeyOf(request) }, batch, context),
                ),
            );
        },
    );
    app.get(
        '/v1/anchors/sealed/:root/proofs',
        {
            config: { roles: READ_ROLES },
            schema: {
                operationId: 'getSealedProofBundle',
                summary: "Every leaf's inclusion proof of a sealed batch held here, with the seal's ledger coordinates",
                description:
                    `A \`${SEAL_PROOFS_FORMAT}\` JSON document, streamed: \`batch\` (anchorId, root, size, txId, ` +
                    'blockNumber, channel, chaincode, sealer, leafEncoding, treeAlgorithm) and `proofs`, one ' +
                    "`{ fingerprint, index, auditPath }` per leaf position in order. Keep it as the seal's proofs " +
                    '(as OpenTimestamps hands out `.ots` files): a proof and the block of `txId` make a receipt ' +
                    'without this gateway. Available once the seal committed, for batches sealed here or fetched ' +
                    'from their sealer.',
                tags: ['anchors'],
                security: BEARER_AUTH,
                params: closed({ root: Hex64 }),
                response: withProblems(StreamedBody(ProofBundle)),
            },
        },
        async (request, reply) => {
            const { root } = request.params;
            const batch = await sealed.batch(root);
            if (!batch) {
                throw new ProblemError('SEALED_BATCH_NOT_HELD', `no committed batch ${root} is held here`, {
                    fields: { root },
                });
            }
            const header = { ...ledger, sealer: batch.meta.fetchedFrom ?? mspId };
            reply.type('application/json; charset=utf-8');
            reply.header('content-disposition', `attachment; filename="${root}.seal-proofs.json"`);
            return reply.send(Readable.from(proofBundleChunks(batch, header)));
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
 * The body's validator: the streaming parser already refused every body the schema refuses, so its product passes;
 * a body another parser made (text/plain) is not the object the schema asks for.
 */
function parsedBody(body: unknown): boolean | { error: Error } {
    return body instanceof ParsedSealedBody ? true : { error: bodyValidationError('', 'must be object') };
}

/**
 * The chaincode's rule for `Anchor:Seal` (a member holding the platform or bank role), checked here first from the
 * roles the gateway is configured with, so a refused organisation costs no upload. With no roles configured the
 * chaincode alone decides, once the body is read.
 *
 * @throws {@link ProblemError} ORGANISATION_NOT_ALLOWED (403).
 */
function requireAnchorWriter(mspId: string, roles: readonly string[]): void {
    if (roles.length > 0 && !roles.some((role) => (ANCHOR_WRITER_ROLES as readonly string[]).includes(role))) {
        throw new ProblemError('ORGANISATION_NOT_ALLOWED', `${mspId} may not seal a batch`, {
            fields: { mspId, roles: [...roles], allowedRoles: [...ANCHOR_WRITER_ROLES] },
        });
    }
}

/**
 * The Idempotency-Key, which names an unresolved seal a repeat follows, or undefined when it is invalid: such a key
 * names no seal, and the write path refuses it once the body is read, as on every write route.
 */
function validKeyOf(request: FastifyRequest): string | undefined {
    try {
        return idempotencyKeyOf(request);
    } catch (error) {
        if (error instanceof ProblemError) {
            return undefined;
        }
        throw error;
    }
}

/**
 * Keeps the leaves, writes a pending record before the seal reaches the orderer, seals the root and records the
 * commit. Leaves go only when nothing could have been ordered (the transaction never reached the orderer, the
 * chaincode refused it, or it is known invalid); when the outcome is unknown they stay with the pending record, so
 * a later commit still has its leaves, and a repeat under the same Idempotency-Key follows the journaled
 * transaction without a room check.
 */
async function sealBatch(
    writes: WritePath,
    sealed: SealedBatchStore,
    caller: { readonly subject: string; readonly key: string | undefined },
    batch: { readonly fingerprints: readonly string[]; readonly list?: FingerprintList },
    context: ExecutionContext,
): Promise<StoredResponse> {
    const { subject, key } = caller;
    let handedOver = context.previous?.transactionId;
    const { fingerprints, list } = batch;
    const pending = await sealed.begin(subject, fingerprints, { follows: handedOver !== undefined, key, list });
    const { root, size } = pending.tree;
    const call = { identity: subject, name: 'Anchor:Seal', args: [canonicalJson({ root, size })] };
    const tracked: ExecutionContext = {
        previous: context.previous,
        // The request's one write deadline: writing the leaves counts against it too.
        deadline: context.deadline,
        recordSubmitted: async (submitted) => {
            await pending.submitting(submitted.transactionId);
            handedOver = submitted.transactionId;
            await context.recordSubmitted(submitted);
        },
    };
    let committed: SubmitResult;
    try {
        committed = await commitCall(call, writes, tracked);
    } catch (error) {
        if (handedOver === undefined || notCommitted(error)) {
            await pending.abandon();
        } else {
            await pending.unresolved(handedOver);
        }
        throw error;
    }
    await pending.committed(sealTxIdOf(committed), Number(committed.blockNumber));
    return committedResponse(committed);
}

/** Failures that say the seal's transaction did not and will not commit. */
function notCommitted(error: unknown): boolean {
    return error instanceof ChaincodeRejectedError || error instanceof TransactionInvalidError;
}

/** The transaction holding the seal record (an earlier one when the root was sealed before), or this one. */
function sealTxIdOf(committed: SubmitResult): string {
    try {
        const result = JSON.parse(Buffer.from(committed.result).toString('utf8')) as Partial<SealWriteResult>;
        return typeof result.batch?.txId === 'string' ? result.batch.txId : committed.transactionId;
    } catch {
        return committed.transactionId;
    }
}
