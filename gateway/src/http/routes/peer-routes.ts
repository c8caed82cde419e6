import { Readable } from 'node:stream';
import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { type HeldBatch, type SealedBatchStore } from '../../anchors/sealed-batches.js';
import { ProblemError } from '../../errors/problem-error.js';
import { type PeerAuthenticator } from '../../peers/peer-authenticator.js';
import { closed, Hex64, StreamedBody, withProblems } from '../schemas/common.js';

/** What the routes between member gateways need: who may call, and the batches held here. */
export interface PeerRoutesOptions {
    readonly authenticator: Pick<PeerAuthenticator, 'authenticate'>;
    readonly sealed: Pick<SealedBatchStore, 'batch'>;
}

/** Leaves written per chunk of the answer. */
const LEAVES_PER_CHUNK = 10_000;

/**
 * Routes other members' gateways call, outside the token-authenticated API: each request is signed with the calling
 * gateway's Fabric identity and checked by the {@link PeerAuthenticator} before anything else runs (401/403
 * problems otherwise). `GET /v1/peer/sealed/{root}/leaves` answers the leaves of a committed batch held here, one
 * canonical fingerprint a line in tree order, so the caller can rebuild the tree, compare it with the ledger and
 * keep its own copy. Leaves are fingerprints every member already may see; nothing personal is handed over.
 */
export async function peerRoutes(scope: FastifyInstance, options: PeerRoutesOptions): Promise<void> {
    const { authenticator, sealed } = options;
    scope.addHook('onRequest', async (request) => {
        const caller = await authenticator.authenticate({
            method: request.method,
            path: request.url,
            headers: request.headers,
        });
        request.log = request.log.child({ peer: caller.mspId, peerSubject: caller.subject });
    });
    scope.withTypeProvider<TypeBoxTypeProvider>().get(
        '/v1/peer/sealed/:root/leaves',
        {
            schema: {
                operationId: 'getSealedLeaves',
                summary: "A sealed batch's leaves, for another member's gateway (signed request, not a token)",
                tags: ['peers'],
                params: closed({ root: Hex64 }),
                response: withProblems(
                    StreamedBody(Type.String({ description: 'text/plain: one fingerprint a line' })),
                ),
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
            reply.type('text/plain; charset=utf-8');
            return reply.send(Readable.from(leafChunks(batch)));
        },
    );
}

function* leafChunks({ leaves }: HeldBatch): Generator<string> {
    for (let start = 0; start < leaves.length; start += LEAVES_PER_CHUNK) {
        const chunk = leaves.slice(start, start + LEAVES_PER_CHUNK).join('\n');
        yield start === 0 ? chunk : `\n${chunk}`;
    }
}
