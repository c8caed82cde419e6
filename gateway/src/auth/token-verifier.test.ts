import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenVerifier } from './token-verifier.js';

async function issuer(maxTokenLifetimeSeconds = 0, clockToleranceSeconds = 0) {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
    const verifier = createTokenVerifier({
        issuer: 'https://issuer.test',
        audience: 'lendledger-gateway',
        algorithms: ['ES256'],
        extraKeys: { keys: [jwk] },
        clockToleranceSeconds,
        maxTokenLifetimeSeconds,
        jwksTimeoutMs: 1_000,
    });
    const token = (expiresAt: number, issuedAt?: number) => {
        const jwt = new SignJWT({ org: 'bank' })
            .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
            .setIssuer('https://issuer.test')
            .setAudience('lendledger-gateway')
            .setSubject('User1')
            .setExpirationTime(expiresAt);
        return (issuedAt === undefined ? jwt : jwt.setIssuedAt(issuedAt)).sign(privateKey);
    };
    return { verifier, token };
}

describe('token verifier', () => {
    afterEach(() => {
        vi.useRealTimers();
    });

    it('reuses a verification only until the token expires', async () => {
        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(new Date('2026-12-01T10:00:00Z'));
        const { verifier, token } = await issuer();
        const bearer = await token(Date.parse('2026-12-01T10:00:30Z') / 1000);
        expect((await verifier.verify(bearer)).sub).toBe('User1');
        vi.setSystemTime(new Date('2026-12-01T10:00:20Z'));
        expect((await verifier.verify(bearer)).sub).toBe('User1');
        vi.setSystemTime(new Date('2026-12-01T10:00:31Z'));
        await expect(verifier.verify(bearer)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    });

    it('never remembers a token that failed, so a tampered copy of a good one is still refused', async () => {
        const { verifier, token } = await issuer();
        const bearer = await token(Math.floor(Date.now() / 1000) + 600);
        await verifier.verify(bearer);
        const [header, , signature] = bearer.split('.');
        const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'Admin', org: 'bank', exp: 9e9 })).toString('base64url')}.${signature}`;
        await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
        await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    });

    it('refuses a token issued in the future beyond the clock tolerance', async () => {
        const now = Math.floor(Date.now() / 1000);
        const { verifier, token } = await issuer(0, 30);
        await expect(verifier.verify(await token(now + 7_200, now + 3_600))).rejects.toMatchObject({
            code: 'TOKEN_INVALID',
            fields: { claim: 'iat' },
        });
        expect((await verifier.verify(await token(now + 600, now + 20))).sub).toBe('User1');
    });

    it('refuses a token living longer than maxTokenLifetimeSeconds, and one without iat when a maximum is set', async () => {
        const now = Math.floor(Date.now() / 1000);
        const { verifier, token } = await issuer(86_400);
        await expect(verifier.verify(await token(now + 10 * 365 * 86_400, now))).rejects.toMatchObject({
            code: 'TOKEN_INVALID',
            fields: { claim: 'exp' },
        });
        await expect(verifier.verify(await token(now + 600))).rejects.toMatchObject({
            code: 'TOKEN_INVALID',
            fields: { claim: 'iat' },
        });
        expect((await verifier.verify(await token(now + 86_400, now))).sub).toBe('User1');
    });

    it('accepts any lifetime and a missing iat when maxTokenLifetimeSeconds is 0', async () => {
        const now = Math.floor(Date.now() / 1000);
        const { verifier, token } = await issuer(0);
        expect((await verifier.verify(await token(now + 10 * 365 * 86_400, now))).sub).toBe('User1');
        expect((await verifier.verify(await token(now + 600))).sub).toBe('User1');
    });
});
