import { describe, expect, it } from 'vitest';
import { type EcPublicKey } from '../x509/certificate.js';
import { type EcdsaSignature } from './ecdsa-signature.js';
import { rememberingVerifier } from './remembering-verifier.js';
import { type SignatureVerifier } from './signature-verifier.js';

function counting(valid: boolean): SignatureVerifier & { calls: number } {
    const inner = {
        name: 'counting',
        calls: 0,
        verify() {
            inner.calls++;
            return valid;
        },
    };
    return inner;
}

const key = { id: 'key-1' } as EcPublicKey;
const signature = {} as EcdsaSignature;
const der = new Uint8Array([0x30, 1, 2]);

describe('rememberingVerifier', () => {
    it('verifies a valid signature once per key, signature and message', async () => {
        const inner = counting(true);
        const verifier = rememberingVerifier(inner);
        const message = new TextEncoder().encode('block header');
        expect(await verifier.verify(key, message, signature, der)).toBe(true);
        expect(await verifier.verify(key, message, signature, der)).toBe(true);
        expect(inner.calls).toBe(1);
        await verifier.verify(key, new TextEncoder().encode('block headeR'), signature, der);
        await verifier.verify({ id: 'key-2' } as EcPublicKey, message, signature, der);
        await verifier.verify(key, message, signature, new Uint8Array([0x30, 1, 3]));
        expect(inner.calls).toBe(4);
    });

    it('never remembers a signature that failed', async () => {
        const inner = counting(false);
        const verifier = rememberingVerifier(inner);
        const message = new TextEncoder().encode('forged');
        expect(await verifier.verify(key, message, signature, der)).toBe(false);
        expect(await verifier.verify(key, message, signature, der)).toBe(false);
        expect(inner.calls).toBe(2);
    });
});
