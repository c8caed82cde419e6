import { SignJWT, UnsecuredJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER, startTestGateway, type TestGateway } from '../../testing/test-gateway.js';

describe('authentication', () => {
    let gateway: TestGateway;

    beforeAll(async () => {
        gateway = await startTestGateway();
    });

    afterAll(async () => {
        await gateway.close();
    });

    async function probe(headers: Record<string, string>, method: 'GET' | 'PUT' = 'GET') {
        const response = await gateway.app.inject({
            method,
            url: '/v1/probes/p1',
            headers,
            ...(method === 'PUT' ? { payload: { value: 'v' } } : {}),
        });
        return { status: response.statusCode, type: response.headers['content-type'], body: response.json() };
    }

    function bearer(token: string): Record<string, string> {
        return { authorization: `Bearer ${token}` };
    }

    it('accepts a valid token and signs with the identity of its subject', async () => {
        const answer = await probe(await gateway.auth({ subject: 'User2', roles: ['auditor'] }));
        expect(answer.status).toBe(200);
        expect(gateway.ledger.evaluated.at(-1)?.identity).toBe('User2');
    });

    it('refuses a request without a token with 401 TOKEN_MISSING', async () => {
        const answer = await probe({});
        expect(answer).toMatchObject({
            status: 401,
            type: 'application/problem+json; charset=utf-8',
            body: { code: 'TOKEN_MISSING', status: 401 },
        });
    });

    it('refuses an expired token with 401 TOKEN_EXPIRED', async () => {
        const token = await gateway.token({ expiresAt: Math.floor(Date.now() / 1000) - 3600 });
        expect((await probe(bearer(token))).body).toMatchObject({ code: 'TOKEN_EXPIRED', status: 401 });
    });

    it('refuses a token from another issuer with 401 TOKEN_INVALID naming the claim', async () => {
        const token = await gateway.token({ issuer: 'https://evil.test' });
        expect((await probe(bearer(token))).body).toMatchObject({ code: 'TOKEN_INVALID', claim: 'iss' });
    });

    it('refuses a token for another audience with 401 TOKEN_INVALID naming the claim', async () => {
        const token = await gateway.token({ audience: 'someone-else' });
        expect((await probe(bearer(token))).body).toMatchObject({ code: 'TOKEN_INVALID', claim: 'aud' });
    });

    it('refuses an algorithm that is not pinned', async () => {
        const { privateKey } = await generateKeyPair('ES384');
        const token = await gateway.token({ alg: 'ES384', privateKey });
        expect(await probe(bearer(token))).toMatchObject({ status: 401, body: { code: 'TOKEN_INVALID' } });
    });

    it('refuses an HMAC token signed with the public key as secret', async () => {
        const token = await new SignJWT({ org: 'bank', roles: ['admin'] })
            .setProtectedHeader({ alg: 'HS256', kid: gateway.issuer.kid })
            .setIssuer(ISSUER)
            .setAudience(AUDIENCE)
            .setSubject('User1')
            .setExpirationTime('5m')
            .sign(new TextEncoder().encode('0123456789abcdef0123456789abcdef'));
        expect(await probe(bearer(token))).toMatchObject({ status: 401, body: { code: 'TOKEN_INVALID' } });
    });

    it('refuses an unsigned token (alg none)', async () => {
        const token = new UnsecuredJWT({ org: 'bank', roles: ['admin'] })
            .setIssuer(ISSUER)
            .setAudience(AUDIENCE)
            .setSubject('User1')
            .setExpirationTime('5m')
            .encode();
        expect(await probe(bearer(token))).toMatchObject({ status: 401, body: { code: 'TOKEN_INVALID' } });
    });

    it('refuses a token signed by an unknown key', async () => {
        const { privateKey } = await generateKeyPair('ES256');
        expect(await probe(bearer(await gateway.token({ privateKey })))).toMatchObject({ status: 401 });
    });

    it('refuses a token without expiry', async () => {
        const token = await new SignJWT({ org: 'bank', roles: ['submitter'] })
            .setProtectedHeader({ alg: 'ES256', kid: gateway.issuer.kid })
            .setIssuer(ISSUER)
            .setAudience(AUDIENCE)
            .setSubject('User1')
            .sign(gateway.issuer.privateKey);
        expect((await probe(bearer(token))).body).toMatchObject({ code: 'TOKEN_INVALID', claim: 'exp' });
    });

    it('refuses garbage in the Authorization header with 401', async () => {
        expect((await probe({ authorization: 'Bearer not.a.jwt' })).status).toBe(401);
        expect((await probe({ authorization: 'Basic dXNlcjpwdw==' })).body).toMatchObject({ code: 'TOKEN_MISSING' });
    });

    it("refuses another organisation's token with 403 WRONG_ORGANISATION", async () => {
        const answer = await probe(await gateway.auth({ org: 'platform' }));
        expect(answer).toMatchObject({ status: 403, body: { code: 'WRONG_ORGANISATION', expected: 'bank' } });
    });

    it('accepts the org claim as an MSP ID', async () => {
        expect((await probe(await gateway.auth({ org: 'BankMSP' }))).status).toBe(200);
    });

    it('refuses a subject without a Fabric identity with 403 IDENTITY_NOT_FOUND', async () => {
        const answer = await probe(await gateway.auth({ subject: 'Mallory' }));
        expect(answer).toMatchObject({ status: 403, body: { code: 'IDENTITY_NOT_FOUND' } });
    });

    it('refuses a write to an auditor with 403 ROLE_REQUIRED', async () => {
        const answer = await probe(await gateway.auth({ roles: ['auditor'] }), 'PUT');
        expect(answer).toMatchObject({
            status: 403,
            body: { code: 'ROLE_REQUIRED', requiredRoles: ['submitter', 'admin'] },
        });
        expect(gateway.ledger.endorsed).toHaveLength(0);
    });

    it('refuses a token without any known role with 403 ROLE_REQUIRED', async () => {
        expect((await probe(await gateway.auth({ roles: ['superuser'] }))).body).toMatchObject({
            code: 'ROLE_REQUIRED',
        });
    });

    it('lets an admin write', async () => {
        expect((await probe(await gateway.auth({ roles: ['admin'] }), 'PUT')).status).toBe(200);
    });

    it('reads roles from a space-separated claim', async () => {
        const token = await gateway.token({ roles: [], claims: { roles: 'auditor submitter' } });
        expect((await probe(bearer(token), 'PUT')).status).toBe(200);
    });

    it('tells the caller who it is at /v1/me', async () => {
        const response = await gateway.app.inject({
            method: 'GET',
            url: '/v1/me',
            headers: await gateway.auth({ roles: ['auditor', 'submitter'] }),
        });
        expect(response.json()).toEqual({
            subject: 'User1',
            org: 'bank',
            mspId: 'BankMSP',
            roles: ['submitter', 'auditor'],
        });
    });
});
