import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { p256, p384 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { newOpenSslSigner } from './openssl-signer.js';

const N256 = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** r and s of a DER ECDSA signature. */
function parts(der: Uint8Array): { r: bigint; s: bigint } {
    const bytes = Buffer.from(der);
    expect(bytes[0]).toBe(0x30);
    const rLength = bytes[3]!;
    const r = BigInt(`0x${bytes.subarray(4, 4 + rLength).toString('hex')}`);
    const sLength = bytes[5 + rLength]!;
    const s = BigInt(`0x${bytes.subarray(6 + rLength, 6 + rLength + sLength).toString('hex')}`);
    return { r, s };
}

describe('OpenSSL-backed Fabric signer', () => {
    it('signs P-256 in low-S DER form that OpenSSL and noble (fabric-gateway’s own library) both verify', async () => {
        const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
        const signer = newOpenSslSigner(privateKey);
        const publicRaw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-65);
        for (let i = 0; i < 64; i++) {
            const message = Buffer.from(`proposal ${i}`);
            const signature = await signer(message);
            const { s } = parts(signature);
            expect(s <= N256 >> 1n).toBe(true);
            expect(verify('sha256', message, publicKey, signature)).toBe(true);
            const digest = createHash('sha256').update(message).digest();
            expect(p256.verify(signature, digest, publicRaw, { prehash: false, format: 'der', lowS: true })).toBe(true);
        }
    });

    it('signs P-384 with SHA-384 and Ed25519 as is, and refuses other keys', async () => {
        const ec384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
        const message = Buffer.from('transaction');
        const signature = await newOpenSslSigner(ec384.privateKey)(message);
        expect(verify('sha384', message, ec384.publicKey, signature)).toBe(true);
        const raw384 = ec384.publicKey.export({ format: 'der', type: 'spki' }).subarray(-97);
        const digest = createHash('sha384').update(message).digest();
        expect(p384.verify(signature, digest, raw384, { prehash: false, format: 'der', lowS: true })).toBe(true);

        const ed = generateKeyPairSync('ed25519');
        expect(verify(null, message, ed.publicKey, await newOpenSslSigner(ed.privateKey)(message))).toBe(true);

        expect(() => newOpenSslSigner(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey)).toThrow(
            /P-256, P-384 or Ed25519/,
        );
    });
});
