import { Readable } from 'node:stream';
import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { type HeldBatch, type SealedBatchStore } from '../../anchors/sealed-batches.js';
import { type GatewayConfig } from '../../config/gateway-config.js';
import { ProblemError } from '../../errors/problem-error.js';
import { type PeerAuthenticator } from '../../peers/peer-authenticator.js';
import { PEER_HEADERS } from '../../peers/signed-request.js';
import { addAddressRateLimit } from '../plugins/address-rate-limit.js';
import { closed, Hex64, StreamedBody, withProblems } from '../schemas/common.js';

/** What the routes between member gateways need: who may call, and the batches held here. */
export interface PeerRoutesOptions {
    readonly authenticator: Pick<PeerAuthenticator, 'authenticate'>;
    readonly sealed: Pick<SealedBatchStore, 'batch'>;
    /** The per-address limit, applied before any signature is checked. */
    readonly limits: GatewayConfig['limits'];
}

/**
 * The headers of a signed request, documented for the callers' implementers. The authenticator reads and checks them
 * before validation runs, so its codes (PEER_AUTH_MISSING, PEER_REQUEST_STALE...) are the answers to bad ones.
 */
const PeerHeaders = Type.Object({
    [PEER_HEADERS.mspId]: Type.String({ description: "MSP ID of the calling gateway's organisation" }),
    [PEER_HEADERS.certificate]: Type.String({
        contentEncoding: 'base64',
        description: "The calling gateway's Fabric certificate (PEM), base64; it must chain to that member's root",
    }),
    [PEER_HEADERS.time]: Type.String({
        pattern: '^[0-9]{1,15}$',
        description: 'Milliseconds since the epoch when signed; within peers.maxClockSkewSeconds of this clock',
    }),
    [PEER_HEADERS.nonce]: Type.String({
        pattern: '^[A-Za-z0-9_-]{16,64}$',
        description: 'Fresh for each request: a nonce seen within the skew window is refused',
    }),
    [PEER_HEADERS.signature]: Type.String({
        contentEncoding: 'base64',
        description:
            "Signature with the certificate's key over the lines lendledger-peer-request/1, method, path with query, " +
            "the addressed gateway's MSP ID, the caller's MSP ID, time and nonce",
    }),
});

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
    const { authenticator, sealed, limits } = options;
    // As on the token routes: a flood of forged signatures is refused per address, not verified one by one.
    addAddressRateLimit(scope, limits);
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
                headers: PeerHeaders,
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
