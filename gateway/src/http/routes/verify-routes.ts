import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { READ_ROLES } from '../../auth/principal.js';
import { ProblemError } from '../../errors/problem-error.js';
import { type LedgerReads } from '../../fabric/evaluate-json.js';
import { callerOf } from '../plugins/authentication.js';
import { BEARER_AUTH, closed, FingerprintString, withProblems } from '../schemas/common.js';
import { lookUp } from './verify-lookup.js';
import { VerifyResult } from './verify-result.js';
import { hashUpload, SALT_HEADER, SALT_PATTERN, UploadDigest } from './verify-upload.js';

const TAGS = ['verify'];

const LOOKUP = `Looks the fingerprint up as an evidence record (\`Evidence:Get\`) and in Merkle anchors
(\`Anchor:FindByFingerprint\`, with the inclusion proof in the earliest anchor from \`Anchor:GetProof\`). A fingerprint
that is neither registered nor anchored is \`200\` with \`found: false\`.`;

/** What the verify routes need: the ledger reads and the largest document the gateway hashes. */
export interface VerifyRoutesOptions {
    readonly reads: LedgerReads;
    readonly uploadLimitBytes: number;
}

/**
 * `GET /v1/verify/{fingerprint}` and `POST /v1/verify` (the document itself, hashed as it streams in): whether and
 * where a document is on the ledger, for the organisation's readers.
 */
export async function verifyRoutes(
    scope: FastifyInstance,
    { reads, uploadLimitBytes }: VerifyRoutesOptions,
): Promise<void> {
    const responses = withProblems(VerifyResult);
    scope.withTypeProvider<TypeBoxTypeProvider>().get(
        '/v1/verify/:fingerprint',
        {
            config: { roles: READ_ROLES },
            schema: {
                operationId: 'verifyFingerprint',
                summary: 'Whether and where a fingerprint is on the ledger',
                description: `${LOOKUP}\n\nRoles: ${READ_ROLES.join(', ')}.`,
                tags: TAGS,
                security: BEARER_AUTH,
                params: closed({ fingerprint: FingerprintString }),
                response: responses,
            },
        },
        async (request) => {
            return lookUp(request.params.fingerprint, callerOf(request), reads);
        },
    );
    // The hashing parser replaces every parser, so it lives in a scope of its own.
    void scope.register(async (uploads) => {
        uploads.removeAllContentTypeParsers();
        uploads.addContentTypeParser('*', (request, payload, done) => {
            hashUpload(request, payload, uploadLimitBytes).then(
                (digest) => done(null, digest),
                (error: Error) => done(error),
            );
        });
        uploads.post(
            '/v1/verify',
            {
                config: { roles: READ_ROLES },
                bodyLimit: uploadLimitBytes,
                schema: {
                    operationId: 'verifyDocument',
                    summary: 'Whether and where an uploaded document is on the ledger',
                    description: `The request body is the document itself, in any non-JSON media type (e.g.
\`application/octet-stream\`). The gateway hashes it as it streams in and never stores it: the fingerprint is
\`sha256:\` + hex SHA-256(salt ‖ document). Evidence fingerprints are salted by their owner (the salt stays
off-chain), so send the salt, as hex, in the \`Fingerprint-Salt\` header (a header rather than a query parameter, so it
is not written to access logs); without it the document is hashed alone. Larger than
\`limits.uploadLimitBytes\`: 413 \`PAYLOAD_TOO_LARGE\`.

${LOOKUP}\n\nRoles: ${READ_ROLES.join(', ')}.`,
                    tags: TAGS,
                    security: BEARER_AUTH,
                    headers: Type.Object(
                        {
                            [SALT_HEADER]: Type.Optional(
                                Type.String({
                                    pattern: SALT_PATTERN.source,
                                    description: 'Hex salt prepended to the document before hashing',
                                }),
                            ),
                        },
                        { additionalProperties: true },
                    ),
                    response: responses,
                },
            },
            async (request) => {
                const digest = request.body;
                if (!(digest instanceof UploadDigest)) {
                    throw new ProblemError('MALFORMED_REQUEST', 'send the document as the request body');
                }
                const answer = await lookUp(digest.fingerprint, callerOf(request), reads);
                return { ...answer, upload: { bytes: digest.bytes, salted: digest.salted } };
            },
        );
    });
}
