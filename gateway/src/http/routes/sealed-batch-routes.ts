import { canonicalJson, type SealWriteResult } from '@lendledger/domain';
import { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { READ_ROLES, WRITE_ROLES } from '../../auth/principal.js';
import { MerkleLevels } from '../../anchors/merkle-levels.js';
import { ProblemError } from '../problem-error.js';
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
import { type GatewayServices } from '../services.js';

const SealedBatch = Open({
    anchorId: Hex64,
    root: Hex64,
    size: Type.Integer({ minimum: 1 }),
    leaves: Type.Literal('OFF_LEDGER'),
    txId: Type.String(),
});

const SealedProof = closed({ ...InclusionProofMembers, txId: Type.String() });

/**
 * Sealed batches: very large fingerprint batches anchored by their Merkle root alone (`Anchor:Seal`). The gateway
 * computes the tree, keeps the leaves in its data folder (fsynced before the seal is submitted) and serves every
 * fingerprint's proof and receipt afterwards; the ledger holds root, size, submitter and time.
 */
export function registerSealedBatchRoutes(scope: FastifyInstance, services: GatewayServices): void {
    const { config, sealed } = services;
    const maxItems = config.limits.maxSealedBatch;
    scope.post(
        '/v1/anchors/sealed',
        {
            config: { roles: WRITE_ROLES },
            bodyLimit: config.limits.sealedBodyLimitBytes,
            schema: {
                operationId: 'sealBatch',
                summary: 'Anchor a very large batch of fingerprints by its Merkle root; the gateway keeps the leaves',
                description:
                    'Only the RFC 9162 root and size reach the ledger. Each fingerprint then has a receipt at ' +
                    '`GET /v1/fingerprints/{fingerprint}/receipt` on this gateway. Re-sealing the same list answers ' +
                    '`created: false`. A fingerprint may appear more than once; each position has its own proof.',
                tags: ['anchors'],
                security: BEARER_AUTH,
                body: closed({ fingerprints: Type.Array(FingerprintString, { minItems: 1, maxItems }) }),
                response: withProblems(SubmitEnvelope(Open({ created: Type.Boolean(), batch: SealedBatch }))),
            },
        },
        async (request) => {
            const { fingerprints } = request.body as { fingerprints: string[] };
            const tree = await MerkleLevels.ofLeavesYielding(fingerprints);
            await sealed.keepLeaves(tree, fingerprints);
            const call = {
                identity: request.principal!.subject,
                name: 'Anchor:Seal',
                args: [canonicalJson({ root: tree.root, size: tree.size })],
            };
            const committed = await services.submits.run(() => services.runner.submit(call));
            const result = JSON.parse(Buffer.from(committed.result).toString('utf8')) as SealWriteResult;
            const blockNumber = Number(committed.blockNumber);
            await sealed.committed(
                { root: tree.root, size: tree.size, txId: result.batch.txId, blockNumber },
                fingerprints,
            );
            return { txId: committed.transactionId, blockNumber, result };
        },
    );
    scope.get(
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
            const { root, fingerprint } = request.params as { root: string; fingerprint: string };
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
