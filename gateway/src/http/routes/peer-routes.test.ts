import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRootsBundle, trustStoreFor } from '@lendledger/verifier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';

const ROOTS_PATH = join(import.meta.dirname, '..', '..', '..', '..', 'verifier', 'src', 'fixtures', 'roots.json');
const LEAVES_URL = `/v1/peer/sealed/${'ab'.repeat(32)}/leaves`;

describe('GET /v1/peer/sealed/{root}/leaves', () => {
    let gateway: TestGateway;

    beforeAll(async () => {
        gateway = await startTestGateway(
            { limits: { addressRateLimitMax: 3 } },
            { peers: { trust: trustStoreFor(parseRootsBundle(readFileSync(ROOTS_PATH, 'utf8'))) } },
        );
    });

    afterAll(async () => {
        await gateway.close();
    });

    it('refuses a request without a signature 401 PEER_AUTH_MISSING, a bearer token being no substitute', async () => {
        const response = await gateway.app.inject({ method: 'GET', url: LEAVES_URL, headers: await gateway.auth() });

        expect(response.statusCode).toBe(401);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json()).toMatchObject({ code: 'PEER_AUTH_MISSING', status: 401 });
    });

    it('limits requests per client address before checking any signature, as the token routes do', async () => {
        // One request above went already; the address limit of the test gateway is 3 per window.
        const codes: string[] = [];
        for (let i = 0; i < 4; i++) {
            const response = await gateway.app.inject({ method: 'GET', url: LEAVES_URL });
            codes.push((response.json() as { code: string }).code);
        }

        expect(codes).toEqual(['PEER_AUTH_MISSING', 'PEER_AUTH_MISSING', 'RATE_LIMITED', 'RATE_LIMITED']);
    });
});
