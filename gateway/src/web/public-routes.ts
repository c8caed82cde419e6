import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { type GatewayConfig } from '../config/gateway-config.js';
import { toProblem } from '../errors/problem.js';
import { ProblemError } from '../errors/problem-error.js';
import { addAddressRateLimit } from '../http/plugins/address-rate-limit.js';
import { ReceiptDocument } from '../http/routes/receipt-routes.js';
import { replyWithRoots, ROOTS_HEADERS, ROOTS_RESPONSES } from '../http/routes/roots-route.js';
import { closed, FingerprintString, HEX64_PATTERN, withProblems } from '../http/schemas/common.js';
import { type ReceiptService } from '../receipts/receipt-service.js';
import { type ServedRoots } from '../roots/served-roots.js';

/** What the public look-up needs: who it reads as, its budget, the receipts and the roots it serves. */
export interface PublicRoutesOptions {
    readonly web: Pick<GatewayConfig['web'], 'publicReader' | 'publicRateLimitMax'>;
    readonly limits: GatewayConfig['limits'];
    /** Absent when `web.publicReader` is empty: every public route then answers PUBLIC_LOOKUP_DISABLED. */
    readonly receipts: Pick<ReceiptService, 'forFingerprint'> | undefined;
    readonly roots: ServedRoots | undefined;
}

/** The one answer for "no receipt here", whether the fingerprint is absent or the public reader may not read it. */
const NOT_FOUND_DETAIL = 'this gateway can give no receipt of this fingerprint';

/**
 * The public, sign-in-free routes of the verification page (`/public/v1/...`): the receipt of a fingerprint and
 * the roots bundle. They read no Authorization header; each client address has its own budget
 * (`web.publicRateLimitMax` per `limits.rateLimitWindowMs`). A receipt is read as `web.publicReader`, and any
 * refusal of the look-up (absent, anchored nowhere, not readable by that identity, odd sealed batch) is the same
 * 404 PUBLIC_RECEIPT_NOT_FOUND with the same detail, so the answer tells nothing a receipt would not.
 */
export async function publicRoutes(scope: FastifyInstance, options: PublicRoutesOptions): Promise<void> {
    const { web, limits, receipts, roots } = options;
    addAddressRateLimit(scope, limits, { max: web.publicRateLimitMax, name: 'public' });
    const reader = web.publicReader;
    const enabled = (): void => {
        if (reader === '' || receipts === undefined) {
            throw new ProblemError('PUBLIC_LOOKUP_DISABLED', 'this gateway offers no public look-up');
        }
    };
    const typed = scope.withTypeProvider<TypeBoxTypeProvider>();
    typed.get(
        '/public/v1/fingerprints/:fingerprint/receipt',
        {
            schema: {
                operationId: 'getPublicFingerprintReceipt',
                summary: 'Receipt of a fingerprint, without sign-in (the public verification page)',
                description:
                    'The same document as GET /v1/fingerprints/{fingerprint}/receipt, read as the identity of ' +
                    'web.publicReader. Absent and not readable answer the same 404 PUBLIC_RECEIPT_NOT_FOUND; ' +
                    'a gateway without web.publicReader answers 404 PUBLIC_LOOKUP_DISABLED. Rate-limited per ' +
                    'client address (web.publicRateLimitMax).',
                tags: ['public'],
                security: [],
                params: closed({ fingerprint: FingerprintString }),
                querystring: closed({
                    sealedBatch: Type.Optional(
                        Type.String({
                            pattern: HEX64_PATTERN,
                            description: 'Root of the sealed batch holding the fingerprint (from its proof bundle)',
                        }),
                    ),
                }),
                response: withProblems(ReceiptDocument),
            },
        },
        async (request) => {
            enabled();
            const { fingerprint } = request.params;
            try {
                return await receipts!.forFingerprint(
                    reader,
                    fingerprint,
                    undefined,
                    undefined,
                    request.query.sealedBatch,
                );
            } catch (error) {
                throw publicRefusal(error, fingerprint);
            }
        },
    );
    typed.get(
        '/public/v1/roots',
        {
            schema: {
                operationId: 'getPublicRoots',
                summary: 'The roots bundle this gateway trusts, without sign-in, as GET /v1/roots serves it',
                description:
                    'Byte for byte, with ETag, Repr-Digest, Roots-Version and Roots-Body-SHA256 (the value to ' +
                    'compare with the published pin). Rate-limited per client address (web.publicRateLimitMax).',
                tags: ['public'],
                security: [],
                headers: ROOTS_HEADERS,
                response: ROOTS_RESPONSES,
            },
        },
        async (request, reply) => {
            enabled();
            return replyWithRoots(roots, request, reply);
        },
    );
}

/**
 * What a failed look-up answers the public: every 4xx (not found, forbidden, not anchored, not in the sealed batch,
 * the sealer refusing) is one not-found; a transient failure (429, 5xx) keeps its own problem, which names no
 * record, so that the page can say "try again" instead of "not on the ledger".
 */
function publicRefusal(error: unknown, fingerprint: string): unknown {
    const { status } = toProblem(error);
    if (status >= 400 && status < 500 && status !== 429) {
        return new ProblemError('PUBLIC_RECEIPT_NOT_FOUND', NOT_FOUND_DETAIL, { fields: { fingerprint } });
    }
    return error;
}
