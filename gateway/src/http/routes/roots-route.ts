import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { READ_ROLES } from '../../auth/principal.js';
import { ProblemError } from '../../errors/problem-error.js';
import { type ServedRoots } from '../../roots/served-roots.js';
import { BEARER_AUTH, Problem } from '../schemas/common.js';

/** What `GET /v1/roots` serves: the bundle read at start-up, or none. */
export interface RootsRouteOptions {
    readonly roots: ServedRoots | undefined;
}

const Pem = Type.String({ description: 'PEM text' });
const Organisation = {
    mspId: Type.String(),
    roots: Type.Array(Pem),
    intermediates: Type.Array(Pem),
    crls: Type.Array(Pem, { description: 'PEM X.509 CRLs signed by the organisation’s CA' }),
};

const Consenters = Type.Array(
    Type.Object({ id: Type.Integer({ minimum: 1, maximum: 4294967295 }), mspId: Type.String(), identity: Pem }),
    { description: 'The channel’s consenters; a block needs signatures of a quorum of them' },
);

const UntilBlock = Type.Integer({ minimum: 0, description: 'The last block this arrangement signed' });

/** Arrangements the ordering service had before the current one, in block order (verifier/README.md). */
const Earlier = Type.Array(
    Type.Union([
        Type.Object({
            untilBlock: UntilBlock,
            consensus: Type.Literal('etcdraft'),
            mspId: Type.String({ description: 'The ordering organisation, still listed under orderers' }),
        }),
        Type.Object({ untilBlock: UntilBlock, consensus: Type.Literal('BFT'), consenters: Consenters }),
    ]),
    { description: 'Earlier ordering arrangements, so that old blocks are judged by the one that signed them' },
);

const Ordering = Type.Union(
    [
        Type.Object({ consensus: Type.Literal('etcdraft'), earlier: Type.Optional(Earlier) }),
        Type.Object({ consensus: Type.Literal('BFT'), consenters: Consenters, earlier: Type.Optional(Earlier) }),
    ],
    { description: 'How the ordering service agrees on blocks (lendledger-roots/3 only; /2 means etcdraft)' },
);

/**
 * The shape of lendledger-roots/3, and of /2 (no `ordering`), which old networks' bundles keep (verifier/README.md,
 * "Roots bundle"); the verifier reads it strictly.
 */
export const RootsBundle = Type.Object(
    {
        format: Type.Union([Type.Literal('lendledger-roots/2'), Type.Literal('lendledger-roots/3')]),
        version: Type.Integer({ minimum: 1 }),
        previous: Type.Optional(
            Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the previous version’s body' }),
        ),
        network: Type.String(),
        channel: Type.String(),
        chaincode: Type.String(),
        endorsementPolicy: Type.Object({
            outOf: Type.Integer({ minimum: 1 }),
            members: Type.Array(Type.String()),
            endorserRole: Type.String(),
            writerRoles: Type.Array(Type.String()),
        }),
        members: Type.Array(Type.Object({ ...Organisation, purpose: Type.String() })),
        orderers: Type.Array(Type.Object({ ...Organisation, role: Type.String() })),
        ordering: Type.Optional(Ordering),
        timestampAuthorities: Type.Array(Type.Object({ name: Type.String(), certificates: Type.Array(Pem) })),
        issuedAt: Type.String({ format: 'date-time' }),
        signatures: Type.Array(
            Type.Object({
                mspId: Type.String(),
                certificate: Pem,
                signature: Type.String({ contentEncoding: 'base64' }),
            }),
        ),
    },
    { description: 'A roots bundle: the consortium’s policy and trust anchors, signed by its members’ admins' },
);

/** The answers of a roots route: the bundle, 304, or a problem. */
export const ROOTS_RESPONSES = {
    200: {
        description: 'The bundle, exactly as the gateway was configured with it',
        content: { 'application/json': { schema: RootsBundle } },
    },
    304: { description: 'The bundle is the one named by If-None-Match', type: 'null' },
    '4xx': Problem,
    '5xx': Problem,
};

/** The If-None-Match header a roots route reads. */
export const ROOTS_HEADERS = Type.Object({
    'if-none-match': Type.Optional(Type.String({ description: 'ETags of bundles the caller holds; `*` for any' })),
});

/**
 * `GET /v1/roots`: the roots bundle this gateway trusts, byte for byte as configured (`roots.path`), so that a court
 * can fetch it from several members' gateways, compare, and pin it. Any authenticated role may read it.
 */
export async function rootsRoute(scope: FastifyInstance, { roots }: RootsRouteOptions): Promise<void> {
    scope.withTypeProvider<TypeBoxTypeProvider>().get(
        '/v1/roots',
        {
            config: { roles: READ_ROLES },
            schema: {
                operationId: 'getRoots',
                summary:
                    'The roots bundle (lendledger-roots/3, or /2 of an older network) this gateway trusts, byte for byte',
                description:
                    'ETag and Repr-Digest carry the SHA-256 of the bytes; Roots-Version the bundle version; ' +
                    'Roots-Body-SHA256 the SHA-256 of its canonical body, the value to record when pinning it ' +
                    '(`lendledger-verify-package case.zip --roots roots.json --pin <Roots-Body-SHA256>`). ' +
                    'If-None-Match with the ETag answers 304.',
                tags: ['receipts'],
                security: BEARER_AUTH,
                headers: ROOTS_HEADERS,
                response: ROOTS_RESPONSES,
            },
        },
        async (request, reply) => replyWithRoots(roots, request, reply),
    );
}

/**
 * Answers the bundle byte for byte with its ETag, Repr-Digest, Roots-Version and Roots-Body-SHA256 (the pin), or
 * 304 when If-None-Match names it.
 *
 * @throws ProblemError ROOTS_NOT_CONFIGURED when the gateway has no bundle.
 */
export function replyWithRoots(
    roots: ServedRoots | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
): FastifyReply {
    if (roots === undefined) {
        throw new ProblemError('ROOTS_NOT_CONFIGURED', 'this gateway is configured with no roots bundle');
    }
    const etag = `"sha256-${roots.sha256}"`;
    reply
        .header('etag', etag)
        .header('repr-digest', `sha-256=:${Buffer.from(roots.sha256, 'hex').toString('base64')}:`)
        .header('roots-version', String(roots.version))
        .header('roots-body-sha256', roots.bodySha256)
        .header('cache-control', 'no-cache');
    if (matches(request.headers['if-none-match'], etag)) {
        return reply.code(304).send(null as never);
    }
    // Bytes are sent as they are: the serializer would re-encode the JSON and break nothing but the point.
    return reply.type('application/json').send(Buffer.from(roots.bytes) as never);
}

/** Whether an If-None-Match header names the ETag (or is `*`). */
function matches(header: string | undefined, etag: string): boolean {
    if (header === undefined) {
        return false;
    }
    return header
        .split(',')
        .map((tag) => tag.trim().replace(/^W\//, ''))
        .some((tag) => tag === etag || tag === '*');
}
