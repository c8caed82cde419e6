import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRootsBundle, rootsBodyHash } from '@lendledger/verifier';
import { Value } from 'typebox/value';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';
import { RootsBundle } from './roots-route.js';

const ROOTS_PATH = join(import.meta.dirname, '..', '..', '..', '..', 'verifier', 'src', 'fixtures', 'roots.json');

describe('GET /v1/roots', () => {
    let gateway: TestGateway | undefined;

    afterEach(async () => {
        await gateway?.close();
        gateway = undefined;
    });

    it('serves the configured bundle byte for byte, to every role, with its digest, version and pin', async () => {
        // Spacing and member order the serializer would change: only the file's own bytes keep its hash.
        const original = readFileSync(ROOTS_PATH, 'utf8');
        const path = join(await mkdtemp(join(tmpdir(), 'roots-route-')), 'roots.json');
        await writeFile(path, `${JSON.stringify(JSON.parse(original), null, 7)}\n\n`);
        const bytes = readFileSync(path);
        gateway = await startTestGateway({ roots: { path } });
        const sha256 = createHash('sha256').update(bytes).digest('hex');

        for (const role of ['submitter', 'auditor', 'admin']) {
            const response = await gateway.app.inject({
                method: 'GET',
                url: '/v1/roots',
                headers: await gateway.auth({ roles: [role] }),
            });
            expect(response.statusCode).toBe(200);
            expect(response.headers['content-type']).toMatch(/^application\/json/);
            expect(Buffer.from(response.rawPayload).equals(bytes)).toBe(true);
            expect(response.headers).toMatchObject({
                etag: `"sha256-${sha256}"`,
                'repr-digest': `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`,
                'roots-version': '1',
                'roots-body-sha256': rootsBodyHash(parseRootsBundle(original)),
            });
        }
    });

    it('answers 304 to If-None-Match naming the bundle, and the bundle to another tag', async () => {
        gateway = await startTestGateway({ roots: { path: ROOTS_PATH } });
        const first = await gateway.app.inject({ method: 'GET', url: '/v1/roots', headers: await gateway.auth() });
        const etag = String(first.headers.etag);
        const again = await gateway.app.inject({
            method: 'GET',
            url: '/v1/roots',
            headers: { ...(await gateway.auth()), 'if-none-match': `"other", ${etag}` },
        });
        const other = await gateway.app.inject({
            method: 'GET',
            url: '/v1/roots',
            headers: { ...(await gateway.auth()), 'if-none-match': '"sha256-00"' },
        });
        expect(again.statusCode).toBe(304);
        expect(again.rawPayload).toHaveLength(0);
        expect(other.statusCode).toBe(200);
        expect(Buffer.from(other.rawPayload).equals(readFileSync(ROOTS_PATH))).toBe(true);
    });

    it('still serves a bundle configured under the older name package.rootsPath', async () => {
        gateway = await startTestGateway({ package: { rootsPath: ROOTS_PATH } });
        const response = await gateway.app.inject({ method: 'GET', url: '/v1/roots', headers: await gateway.auth() });
        expect(response.statusCode).toBe(200);
        expect(Buffer.from(response.rawPayload).equals(readFileSync(ROOTS_PATH))).toBe(true);
    });

    it('answers ROOTS_NOT_CONFIGURED 404 without a bundle, and 401 without a token', async () => {
        gateway = await startTestGateway();
        const none = await gateway.app.inject({ method: 'GET', url: '/v1/roots', headers: await gateway.auth() });
        const anonymous = await gateway.app.inject({ method: 'GET', url: '/v1/roots' });
        expect(none.statusCode).toBe(404);
        expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(none.json()).toMatchObject({ code: 'ROOTS_NOT_CONFIGURED', status: 404 });
        expect(anonymous.statusCode).toBe(401);
        expect(anonymous.json()).toMatchObject({ code: 'TOKEN_MISSING' });
    });

    it('refuses to start with a roots.path that is not a roots bundle, naming the setting', async () => {
        gateway = await startTestGateway();
        const path = join(gateway.dataDir, 'not-roots.json');
        await writeFile(path, '{"format":"lendledger-roots/1"}');
        await expect(startTestGateway({ roots: { path } })).rejects.toThrow(
            /roots\.path \(GATEWAY_ROOTS_PATH\): .*not-roots\.json: invalid roots bundle/,
        );
    });
});

describe('the roots bundle schema', () => {
    const ordering = RootsBundle.properties.ordering;
    const consenter = (id: number): object => ({ id, mspId: 'BankMSP', identity: 'PEM' });

    it('describes the ordering history and a consenter number as a uint32, as the verifier reads them', () => {
        const earlier = [
            { untilBlock: 0, consensus: 'etcdraft', mspId: 'OrdererMSP' },
            { untilBlock: 40, consensus: 'BFT', consenters: [consenter(1)] },
        ];

        expect(Value.Check(ordering, { consensus: 'BFT', consenters: [consenter(4294967295)], earlier })).toBe(true);
        expect(Value.Check(ordering, { consensus: 'BFT', consenters: [consenter(4294967296)] })).toBe(false);
        expect(Value.Check(ordering, { consensus: 'BFT', consenters: [consenter(0)] })).toBe(false);
        expect(
            Value.Check(ordering, {
                consensus: 'BFT',
                consenters: [],
                earlier: [{ untilBlock: -1, consensus: 'etcdraft', mspId: 'O' }],
            }),
        ).toBe(false);
    });
});
