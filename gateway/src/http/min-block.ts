import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { BlockNotReachedError } from '../fabric/ledger-height.js';
import { ProblemError } from '../errors/problem-error.js';
import { type LedgerHeightWatch } from '../fabric/ledger-height.js';
import { MAX_BLOCK_NUMBER, parseBlockNumber } from '../events/event-position.js';

/** The request header naming the block a request must see (the consistency token of a write elsewhere). */
export const MIN_BLOCK_HEADER = 'ledger-min-block';
/** The response header of a write: the block that holds it. */
export const BLOCK_HEADER = 'ledger-block';

/** The `Ledger-Min-Block` header as every ledger route documents it. */
export const MinBlockHeader = Type.Optional(
    Type.String({
        description:
            'Consistency token: a block number (decimal digits, at most 2^63-1), usually the `blockNumber` (or ' +
            '`Ledger-Block` header) of a write answered by another organisation. The request runs once this ' +
            "organisation's peer has committed that block; 503 `LEDGER_MIN_BLOCK_NOT_REACHED` with Retry-After " +
            'when it has not within `consistency.maxWaitMs`; 400 `LEDGER_MIN_BLOCK_INVALID` when malformed.',
    }),
);

/** The request headers of a ledger read: `Ledger-Min-Block`, other headers allowed. */
export const MinBlockHeaders = Type.Object({ [MIN_BLOCK_HEADER]: MinBlockHeader }, { additionalProperties: true });

/**
 * Reads `Ledger-Min-Block`: undefined when absent.
 *
 * @throws {@link ProblemError} LEDGER_MIN_BLOCK_INVALID unless it is decimal digits within a Fabric block number.
 */
export function minBlockOf(request: FastifyRequest): bigint | undefined {
    const header = request.headers[MIN_BLOCK_HEADER];
    if (header === undefined) {
        return undefined;
    }
    const text = Array.isArray(header) ? header.join(',') : header;
    // The same block-number rule as a stream's start block, so a token from one is always valid in the other.
    const value = parseBlockNumber(text);
    if (value === undefined) {
        throw new ProblemError(
            'LEDGER_MIN_BLOCK_INVALID',
            `Ledger-Min-Block must be a block number: decimal digits, at most ${MAX_BLOCK_NUMBER}`,
        );
    }
    return value;
}

const waitsStarted = new WeakMap<FastifyRequest, number>();

/**
 * When a request's waits began (epoch ms): fixed by the first call, normally the `Ledger-Min-Block` wait, so that
 * the min-block wait, the same-key wait and the commit share one write deadline instead of each getting its own.
 * It starts after the body was read, so a large upload does not eat its own commit time.
 */
export function waitsStartedAt(request: FastifyRequest, now = Date.now()): number {
    let started = waitsStarted.get(request);
    if (started === undefined) {
        started = now;
        waitsStarted.set(request, started);
    }
    return started;
}

/** What the `Ledger-Min-Block` wait needs: the own peer's height and how long a request may wait for it. */
export interface MinBlockWaitOptions {
    readonly heights: Pick<LedgerHeightWatch, 'waitFor'>;
    readonly maxWaitMs: number;
}

/**
 * Makes every route of the scope honour `Ledger-Min-Block`: after authentication and the rate limit (so a refused
 * request never waits) the request waits, at most `consistency.maxWaitMs`, until the organisation's peer has
 * committed the named block. Each gateway waits for commits on its own peer only, so this is how a write at one
 * organisation is seen by a read or a write at another.
 *
 * The wait is appended to each route's own preHandler list, after every other preHandler of the route; the rate
 * limit runs earlier still (preParsing, before the body is read).
 */
export function addMinBlockWait(scope: FastifyInstance, { heights, maxWaitMs }: MinBlockWaitOptions): void {
    const waitForMinBlock = async (request: FastifyRequest): Promise<void> => {
        waitsStartedAt(request);
        const minBlock = minBlockOf(request);
        if (minBlock === undefined) {
            return;
        }
        try {
            await heights.waitFor(minBlock, maxWaitMs);
        } catch (error) {
            if (!(error instanceof BlockNotReachedError)) {
                throw error;
            }
            throw new ProblemError('LEDGER_MIN_BLOCK_NOT_REACHED', error.message, {
                fields: { minBlock: minBlock.toString(), committedBlock: error.committedBlock.toString() },
                headers: { 'retry-after': '1' },
                cause: error,
            });
        }
    };
    scope.addHook('onRoute', (route) => {
        const existing = route.preHandler;
        route.preHandler = [...(Array.isArray(existing) ? existing : existing ? [existing] : []), waitForMinBlock];
    });
}
