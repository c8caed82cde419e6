import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { type GatewayConfig } from '../config/gateway-config.js';
import { toProblem } from '../errors/problem.js';
import { ProblemError } from '../errors/problem-error.js';
import { addAddressRateLimit } from '../http/plugins/address-rate-limit.js';
import { RequestSlots } from '../http/request-slots.js';
import { ReceiptDocument } from '../http/routes/receipt-routes.js';
import { replyWithRoots, ROOTS_HEADERS, ROOTS_RESPONSES } from '../http/routes/roots-route.js';
import { closed, FingerprintString, HEX64_PATTERN, withProblems } from '../http/schemas/common.js';
import { type ReceiptService } from '../receipts/receipt-service.js';
import { type ServedRoots } from '../roots/served-roots.js';
import { publicProblem, publicUnavailable } from './public-problem.js';

/** Retry-After of a look-up refused because `web.publicMaxInFlight` are running. */
const BUSY_RETRY_AFTER_SECONDS = 2;

/** What the public look-up needs: who it reads as, its budget, the receipts and the roots it serves. */
export interface PublicRoutesOptions {
    readonly web: Pick<GatewayConfig['web'], 'publicReader' | 'publicRateLimitMax' | 'publicMaxInFlight'>;
    readonly limits: GatewayConfig['limits'];
    /** Absent when `web.publicReader` is empty: every public route then answers PUBLIC_LOOKUP_DISABLED. */
    readonly receipts: Pick<ReceiptService, 'forFingerprint'> | undefined;
    readonly roots: ServedRoots | undefined;
}

/**
 * The public, sign-in-free routes of the verification page (`/public/v1/...`): the receipt of a fingerprint and
 * the roots bundle. They read no Authorization header; each client address has its own budget
 * (`web.publicRateLimitMax` per `limits.rateLimitWindowMs`, IPv6 per /64) and at most `web.publicMaxInFlight`
 * public requests run at once (beyond: 503 with Retry-After, never a queue). A receipt is read as
 * `web.publicReader` from the ledger and the sealed batches this gateway already holds (an anonymous request never
 * makes it fetch one from another member); any refusal of the look-up (absent, anchored nowhere, not readable by
 * that identity, odd sealed batch) takes the same ledger reads and is the same 404 PUBLIC_RECEIPT_NOT_FOUND with
 * the same detail, so the answer tells nothing a receipt would not. Server failures are one fixed 503
 * PUBLIC_LOOKUP_UNAVAILABLE (public-problem.ts).
 */
export async function publicRoutes(scope: FastifyInstance, options: PublicRoutesOptions): Promise<void> {
    const { web, limits, receipts, roots } = options;
    // Whatever fails in this scope (hooks too: the in-flight cap, under-pressure) reaches a caller without detail.
    scope.setErrorHandler(async (error) => {
        throw toProblem(error).status >= 500 ? publicUnavailable(toProblem(error).headers['retry-after']) : error;
    });
    addAddressRateLimit(scope, limits, { max: web.publicRateLimitMax, name: 'public' });
    const slots = new RequestSlots({
        name: 'public look-ups',
        max: web.publicMaxInFlight,
        retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
    });
    scope.addHook('onRequest', async (request, reply) => slots.take(request, reply));
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
                    'a gateway without web.publicReader answers 404 PUBLIC_LOOKUP_DISABLED; any server failure ' +
                    'is 503 PUBLIC_LOOKUP_UNAVAILABLE with Retry-After and nothing else. Rate-limited per client ' +
                    'address (web.publicRateLimitMax, IPv6 per /64) and in requests running at once ' +
                    '(web.publicMaxInFlight).',
                tags: ['public'],
                security: [],
                params: closed({ fingerprint: FingerprintString }),
                querystring: closed({
                    sealedBatch: Type.Optional(
                        Type.String({
                            pattern: HEX64_PATTERN,
                            description:
                                'Root of the sealed batch holding the fingerprint (from its proof bundle); only ' +
                                'batches this gateway already holds are searched, none is fetched from its sealer',
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
                return await slots.hold(request, () =>
                    receipts!.forFingerprint(reader, fingerprint, undefined, undefined, request.query.sealedBatch, {
                        fetch: false,
                        evenRefusals: true,
                    }),
                );
            } catch (error) {
                throw publicProblem(error, fingerprint);
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
