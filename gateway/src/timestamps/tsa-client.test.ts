import { createHash } from 'node:crypto';
import { verifyTimestampToken } from '@lendledger/verifier';
import { grantedReply, rejection } from '@lendledger/verifier/tsa';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestTsa, type TestTsa } from '../testing/test-tsa.js';
import { TimestampUnavailableError, TsaClient } from './tsa-client.js';

const DATA = new TextEncoder().encode('a block header');

/** A client of `tsa`'s authority whose TSA answers with `answer`. */
function clientAnswering(tsa: TestTsa, answer: (query: Uint8Array) => Promise<Response>): TsaClient {
    return new TsaClient({
        url: 'http://tsa.test/',
        authority: tsa.authority,
        timeoutMs: 1_000,
        fetch: (async (_url: unknown, init?: RequestInit) => answer(init!.body as Uint8Array)) as typeof fetch,
    });
}

describe('TsaClient', () => {
    let tsa: TestTsa;
    let other: TestTsa;

    beforeAll(async () => {
        tsa = await startTestTsa();
        other = await startTestTsa('Other TSA');
    });

    it('returns a token over the data that verifies against the configured CA', async () => {
        const token = await tsa.client.stamp(DATA, 'the header');
        expect((await verifyTimestampToken(token, DATA, [tsa.authority])).ok).toBe(true);
    });

    it('refuses a token from a TSA outside the configured CA, naming why', async () => {
        const client = clientAnswering(tsa, async () => {
            const token = await other.client.stamp(DATA, 'the header');
            return replyWith(token);
        });
        await expect(client.stamp(DATA, 'the header')).rejects.toThrow(
            expect.objectContaining({ code: 'TIMESTAMP_UNAVAILABLE', message: expect.stringMatching(/does not/) }),
        );
    });

    it("refuses a genuine token made for another request: the nonce is not this request's", async () => {
        const earlier = await tsa.client.stamp(DATA, 'the header');
        const client = clientAnswering(tsa, async () => replyWith(earlier));
        await expect(client.stamp(DATA, 'the header')).rejects.toThrow(/does not carry the request's nonce/);
    });

    it('fails with TimestampUnavailableError for a rejection, an HTTP error, garbage and no answer', async () => {
        const answers: ((query: Uint8Array) => Promise<Response>)[] = [
            async () => new Response(rejection('systemFailure', 'clock unavailable')),
            async () => new Response('down', { status: 503 }),
            async () => new Response(new Uint8Array([1, 2, 3])),
            // A granted status whose token is not a SignedData: a misconfigured TSA, not the caller's fault.
            async () => replyWith(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])),
            async () => {
                throw new TypeError('fetch failed');
            },
        ];
        for (const answer of answers) {
            await expect(clientAnswering(tsa, answer).stamp(DATA, 'the header')).rejects.toBeInstanceOf(
                TimestampUnavailableError,
            );
        }
    });

    it('fails with TimestampUnavailableError, never another error, for a granted token with any byte changed', async () => {
        // A misconfigured or broken TSA is the gateway's trouble, answered 503 TIMESTAMP_UNAVAILABLE, never a 500.
        const genuine = await tsa.client.stamp(DATA, 'the header');
        await fc.assert(
            fc.asyncProperty(
                fc.nat({ max: genuine.length - 1 }),
                fc.integer({ min: 1, max: 255 }),
                async (offset, mask) => {
                    const altered = genuine.slice();
                    altered[offset] = altered[offset]! ^ mask;
                    const error = await clientAnswering(tsa, async () => replyWith(altered))
                        .stamp(DATA, 'the header')
                        .then(
                            () => undefined,
                            (thrown: unknown) => thrown,
                        );
                    expect(error).toBeInstanceOf(TimestampUnavailableError);
                },
            ),
            { numRuns: 150 },
        );
    });

    it('sends a SHA-256 imprint of the data, asking for the certificate', async () => {
        let sent: Uint8Array | undefined;
        const client = clientAnswering(tsa, async (query) => {
            sent = query;
            return new Response(rejection('badRequest', 'only looking'));
        });
        await expect(client.stamp(DATA, 'the header')).rejects.toThrow(/refused/);
        const digest = createHash('sha256').update(DATA).digest('hex');
        expect(Buffer.from(sent!).toString('hex')).toContain(digest);
        // certReq TRUE, DER-encoded: BOOLEAN 0xff.
        expect(Buffer.from(sent!).toString('hex')).toContain('0101ff');
    });
});

/** A granted TimeStampResp carrying `token`, as a replaying TSA would send. */
function replyWith(token: Uint8Array): Response {
    return new Response(grantedReply(token));
}
