import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Receipt } from '@lendledger/verifier';
import fc from 'fast-check';
import { type LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { preparedWitness, rejection } from '../testing/fake-ledger.js';
import { OTHER_USER, startTestGateway, type TestGateway } from '../testing/test-gateway.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'verifier', 'src', 'fixtures');
const ROOTS_PATH = join(FIXTURES, 'roots.json');
const direct = JSON.parse(readFileSync(join(FIXTURES, 'receipt-direct.json'), 'utf8')) as Receipt;
const ABSENT = `sha256:${'ab'.repeat(32)}`;

describe('the public look-up of the verification page', () => {
    const gateways: TestGateway[] = [];

    async function gatewayWith(settings: Record<string, unknown> = {}): Promise<TestGateway> {
        const gateway = await startTestGateway({
            roots: { path: ROOTS_PATH },
            web: { publicReader: OTHER_USER, publicRateLimitMax: 1_000 },
            ...settings,
        });
        gateway.ledger.blocks.set(direct.transaction.id, Buffer.from(direct.block.bytes, 'base64'));
        gateway.ledger.witnesses.set(direct.write.key, preparedWitness(direct));
        gateway.ledger.on('Evidence:Get', (call) => {
            const { id } = JSON.parse(call.args[0]!) as { id: string };
            if (id === direct.fingerprint) {
                return JSON.stringify({ record: { txId: direct.transaction.id } });
            }
            throw rejection('EVIDENCE_NOT_FOUND');
        });
        gateway.ledger.on('Anchor:GetProof', () => {
            throw rejection('FINGERPRINT_NOT_ANCHORED');
        });
        gateways.push(gateway);
        return gateway;
    }

    afterEach(async () => {
        for (const gateway of gateways.splice(0)) {
            await gateway.close();
        }
    });

    const get = (
        gateway: TestGateway,
        url: string,
        headers: Record<string, string> = {},
        remoteAddress = '192.0.2.7',
    ): Promise<LightMyRequestResponse> => gateway.app.inject({ method: 'GET', url, headers, remoteAddress });

    /** The parts of a problem a caller could tell two refusals apart by (not the request ID or the URL). */
    const shapeOf = (response: LightMyRequestResponse): unknown => {
        const { type, title, status, detail, code } = response.json<Record<string, unknown>>();
        return {
            http: response.statusCode,
            media: response.headers['content-type'],
            type,
            title,
            status,
            detail,
            code,
        };
    };

    it('answers the same receipt as the signed-in route, without any Authorization, read as web.publicReader', async () => {
        const gateway = await gatewayWith();
        const publicAnswer = await get(gateway, `/public/v1/fingerprints/${direct.fingerprint}/receipt`);
        const signedIn = await get(
            gateway,
            `/v1/fingerprints/${direct.fingerprint}/receipt`,
            await gateway.auth({ roles: ['auditor'] }),
        );
        expect(publicAnswer.statusCode).toBe(200);
        // issuedAt is when each copy was assembled; everything else is the same document.
        const withoutIssuedAt = (receipt: Receipt): Receipt => ({ ...receipt, issuedAt: undefined });
        const publicReceipt = withoutIssuedAt(publicAnswer.json<Receipt>());
        expect(publicReceipt).toEqual(withoutIssuedAt(signedIn.json<Receipt>()));
        expect(publicReceipt.block.bytes).toBe(direct.block.bytes);
        expect(gateway.ledger.evaluated[0]).toMatchObject({ identity: OTHER_USER, name: 'Evidence:Get' });
    });

    it('ignores an Authorization header: a bad token is neither read nor refused', async () => {
        const gateway = await gatewayWith();
        const answer = await get(gateway, `/public/v1/fingerprints/${direct.fingerprint}/receipt`, {
            authorization: 'Bearer not.a.token',
        });
        expect(answer.statusCode).toBe(200);
    });

    it('answers one not-found, identical in every member a caller sees, for an absent and a forbidden fingerprint', async () => {
        const gateway = await gatewayWith();
        const absent = await get(gateway, `/public/v1/fingerprints/${ABSENT}/receipt`);
        gateway.ledger.on('Evidence:Get', () => {
            throw rejection('ACCESS_DENIED', 'the caller may not read this record');
        });
        const forbidden = await get(gateway, `/public/v1/fingerprints/${ABSENT}/receipt`);
        const notInBatch = await get(
            gateway,
            `/public/v1/fingerprints/${ABSENT}/receipt?sealedBatch=${'cd'.repeat(32)}`,
        );
        expect(shapeOf(absent)).toEqual(shapeOf(forbidden));
        expect(shapeOf(absent)).toEqual(shapeOf(notInBatch));
        expect(absent.json()).toMatchObject({ status: 404, code: 'PUBLIC_RECEIPT_NOT_FOUND', fingerprint: ABSENT });
        expect(absent.body).not.toMatch(/EVIDENCE_NOT_FOUND|ACCESS_DENIED|may not read/);
    });

    it('makes the same ledger reads for an absent and a forbidden fingerprint before answering', async () => {
        const gateway = await gatewayWith();
        const readsOf = async (): Promise<string[]> => {
            gateway.ledger.evaluated.length = 0;
            const answer = await get(gateway, `/public/v1/fingerprints/${ABSENT}/receipt`);
            expect(answer.statusCode).toBe(404);
            return gateway.ledger.evaluated.map((call) => call.name);
        };
        const absent = await readsOf();
        gateway.ledger.on('Evidence:Get', () => {
            throw rejection('ACCESS_DENIED', 'the caller may not read this record');
        });
        const forbidden = await readsOf();
        expect(absent).toEqual(['Evidence:Get', 'Anchor:GetProof']);
        expect(forbidden).toEqual(absent);
    });

    it('looks only at sealed batches it holds: an unknown ?sealedBatch= is a not-found with no ledger read or fetch', async () => {
        const gateway = await gatewayWith();
        gateway.ledger.evaluated.length = 0;
        const answer = await get(gateway, `/public/v1/fingerprints/${ABSENT}/receipt?sealedBatch=${'cd'.repeat(32)}`);
        expect(answer.json()).toMatchObject({ status: 404, code: 'PUBLIC_RECEIPT_NOT_FOUND' });
        // Fetching a batch reads its anchor (Anchor:GetSealed) before calling the sealer.
        expect(gateway.ledger.evaluated).toEqual([]);
    });

    it('answers a ledger failure with the fixed 503 PUBLIC_LOOKUP_UNAVAILABLE and Retry-After only', async () => {
        const gateway = await gatewayWith();
        gateway.ledger.on('Evidence:Get', () => {
            throw rejection('SOME_NEW_CODE', 'peer0.bank.example says MSP BankMSP is unhappy');
        });
        const answer = await get(gateway, `/public/v1/fingerprints/${ABSENT}/receipt`);
        expect(answer.statusCode).toBe(503);
        expect(answer.headers['retry-after']).toMatch(/^\d+$/);
        expect(answer.body).not.toMatch(/SOME_NEW_CODE|BankMSP|peer0/);
    });

    it('runs at most web.publicMaxInFlight public requests at once: the next is 503 with Retry-After, not queued', async () => {
        const gateway = await gatewayWith({ web: { publicReader: OTHER_USER, publicMaxInFlight: 2 } });
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let started = 0;
        gateway.ledger.on('Evidence:Get', async () => {
            started++;
            await held;
            throw rejection('EVIDENCE_NOT_FOUND');
        });
        const url = `/public/v1/fingerprints/${ABSENT}/receipt`;
        const running = [get(gateway, url), get(gateway, url)];
        await expect.poll(() => started).toBe(2);
        const refused = await get(gateway, url);
        expect(refused.statusCode).toBe(503);
        expect(refused.json()).toMatchObject({ code: 'PUBLIC_LOOKUP_UNAVAILABLE' });
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        release();
        expect((await Promise.all(running)).map((answer) => answer.statusCode)).toEqual([404, 404]);
        expect((await get(gateway, url)).statusCode).toBe(404);
    });

    it('serves the roots bundle byte for byte with its pin, as GET /v1/roots does', async () => {
        const gateway = await gatewayWith();
        const publicRoots = await get(gateway, '/public/v1/roots');
        const signedIn = await get(gateway, '/v1/roots', await gateway.auth({ roles: ['auditor'] }));
        expect(publicRoots.statusCode).toBe(200);
        expect(publicRoots.body).toBe(readFileSync(ROOTS_PATH, 'utf8'));
        expect(publicRoots.headers['roots-body-sha256']).toMatch(/^[0-9a-f]{64}$/);
        expect(publicRoots.headers['roots-body-sha256']).toBe(signedIn.headers['roots-body-sha256']);
        const again = await get(gateway, '/public/v1/roots', { 'if-none-match': String(publicRoots.headers.etag) });
        expect(again.statusCode).toBe(304);
    });

    it('answers 404 PUBLIC_LOOKUP_DISABLED on every public route when web.publicReader is empty', async () => {
        const gateway = await gatewayWith({ web: { publicReader: '' } });
        const answers = [
            await get(gateway, `/public/v1/fingerprints/${direct.fingerprint}/receipt`),
            await get(gateway, '/public/v1/roots'),
        ];
        expect(answers.map((answer) => [answer.statusCode, answer.json<{ code: string }>().code])).toEqual([
            [404, 'PUBLIC_LOOKUP_DISABLED'],
            [404, 'PUBLIC_LOOKUP_DISABLED'],
        ]);
        expect(gateway.ledger.evaluated).toEqual([]);
    });

    it('limits each client address to web.publicRateLimitMax look-ups per window: then 429 problem+json with Retry-After', async () => {
        const gateway = await gatewayWith({
            web: { publicReader: OTHER_USER, publicRateLimitMax: 2 },
            limits: { maxEventLoopDelayMs: 0, addressRateLimitMax: 1_000 },
        });
        const url = `/public/v1/fingerprints/${ABSENT}/receipt`;
        const answers = [await get(gateway, url), await get(gateway, '/public/v1/roots'), await get(gateway, url)];
        const elsewhere = await get(gateway, url, {}, '192.0.2.8');
        expect(answers.map((answer) => answer.statusCode)).toEqual([404, 200, 429]);
        const limited = answers[2]!;
        expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', budget: 'public', limit: 2 });
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        expect(elsewhere.statusCode).toBe(404);
    });

    it('keeps its budget apart from the signed-in API: exhausting the public one leaves /v1 answering', async () => {
        const gateway = await gatewayWith({ web: { publicReader: OTHER_USER, publicRateLimitMax: 1 } });
        await get(gateway, '/public/v1/roots');
        expect((await get(gateway, '/public/v1/roots')).statusCode).toBe(429);
        expect((await get(gateway, '/v1/roots', await gateway.auth({ roles: ['auditor'] }))).statusCode).toBe(200);
    });

    it('answers any path and query with 200, 304 or a 4xx problem, never a 5xx, and reaches the ledger only with a canonical fingerprint', async () => {
        const gateway = await gatewayWith({ web: { publicReader: OTHER_USER, publicRateLimitMax: 100_000 } });
        const segment = fc.oneof(
            fc.constantFrom(
                direct.fingerprint,
                direct.fingerprint.toUpperCase(),
                `${direct.fingerprint} `,
                'sha256:',
                `sm3:${'0'.repeat(64)}`,
                '..%2F..%2Fv1%2Froots',
                '%00',
                '%E0%A4%A',
                '__proto__',
                'a'.repeat(5_000),
            ),
            fc.string().map(encodeURIComponent),
            fc.string({ unit: 'binary' }).map(encodeURIComponent),
        );
        const query = fc.oneof(
            fc.constant(''),
            fc.constantFrom(
                `?sealedBatch=${'cd'.repeat(32)}`,
                `?sealedBatch=${'CD'.repeat(32)}`,
                '?sealedBatch=',
                '?sealedBatch=1&sealedBatch=2',
                '?other=1',
                '?__proto__=1',
            ),
            fc
                .tuple(fc.string(), fc.string({ unit: 'binary' }))
                .map(([name, value]) => `?${encodeURIComponent(name)}=${encodeURIComponent(value)}`),
        );
        await fc.assert(
            fc.asyncProperty(segment, query, async (path, search) => {
                gateway.ledger.evaluated.length = 0;
                const answer = await get(gateway, `/public/v1/fingerprints/${path}/receipt${search}`);
                expect(answer.statusCode).toBeLessThan(500);
                if (answer.statusCode >= 400) {
                    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
                    expect(answer.json<{ status: number }>().status).toBe(answer.statusCode);
                }
                for (const call of gateway.ledger.evaluated.filter((c) => c.name === 'Evidence:Get')) {
                    expect(JSON.parse(call.args[0]!)).toEqual({
                        id: expect.stringMatching(/^(sha256|sm3):[0-9a-f]{64}$/),
                    });
                }
            }),
            { numRuns: 150 },
        );
    });
});
