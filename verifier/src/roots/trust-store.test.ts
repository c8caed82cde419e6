import { describe, expect, it } from 'vitest';
import { newNobleVerifier } from '../crypto/noble-verifier.js';
import { type SignatureVerifier } from '../crypto/signature-verifier.js';
import { decodeReceiptEvidence } from '../receipt/decode-receipt.js';
import { fixtureReceipt, fixtureRoots } from '../testing/fixtures.js';
import { outsiderCredential } from '../testing/outsider.js';
import { decodeIdentity } from '../decode/identity.js';
import { mspPb } from '../testing/protos.js';
import { TrustStore } from './trust-store.js';

const receipt = fixtureReceipt('direct');
const { transaction } = decodeReceiptEvidence(receipt.block.bytes, receipt.transaction.index);
const signedAt = new Date(transaction.time!);

function countingVerifier(): SignatureVerifier & { calls: number } {
    const inner = newNobleVerifier();
    const counter = {
        name: 'counting',
        calls: 0,
        verify: (...args: Parameters<SignatureVerifier['verify']>) => {
            counter.calls++;
            return inner.verify(...args);
        },
    };
    return counter;
}

describe('TrustStore', () => {
    it('validates a member identity and names its root', async () => {
        const store = new TrustStore(fixtureRoots(), newNobleVerifier());

        const verdict = await store.validate(transaction.creator, signedAt);

        expect(verdict).toMatchObject({ ok: true, mspId: 'PlatformMSP', role: 'client' });
        expect(verdict.reason).toMatch(/^issued under PlatformMSP root CN=ca\.platform\.lendledger\.test/);
    });

    it('verifies a certificate chain and its issuer’s CRL once however often the identity is validated', async () => {
        const verifier = countingVerifier();
        const store = new TrustStore(fixtureRoots(), verifier);
        const platformCrls = fixtureRoots().members.find((m) => m.mspId === 'PlatformMSP')!.crls.length;

        for (let i = 0; i < 5; i++) {
            expect((await store.validate(transaction.creator, signedAt)).ok).toBe(true);
        }

        // One signature for the leaf's link to its root, one per CRL of that CA.
        expect(platformCrls).toBe(1);
        expect(verifier.calls).toBe(1 + platformCrls);
    });

    it('refuses a certificate used outside its validity period', async () => {
        const store = new TrustStore(fixtureRoots(), newNobleVerifier());

        const verdict = await store.validate(transaction.creator, new Date('1999-01-01T00:00:00Z'));

        expect(verdict.ok).toBe(false);
        expect(verdict.reason).toContain('was not valid at 1999-01-01T00:00:00.000Z');
    });

    it('refuses an identity claiming another organisation’s MSP', async () => {
        const store = new TrustStore(fixtureRoots(), newNobleVerifier());
        const claimed = new mspPb.SerializedIdentity();
        claimed.setMspid('BankMSP');
        claimed.setIdBytes(transaction.creator.idBytes);

        const verdict = await store.validate(decodeIdentity(claimed.serializeBinary()), signedAt);

        expect(verdict.reason).toContain('not issued by any BankMSP root');
    });

    it('refuses a CA certificate acting as an identity', async () => {
        const outsider = await outsiderCredential({ commonName: 'x' });
        const outsiderMember = {
            mspId: 'OutsiderMSP',
            purpose: 'test',
            roots: [outsider.ca.certificatePem],
            intermediates: [],
            crls: [],
        };
        const bundle = { ...fixtureRoots(), members: [outsiderMember] };
        const store = new TrustStore(bundle, newNobleVerifier());
        const identity = new mspPb.SerializedIdentity();
        identity.setMspid('OutsiderMSP');
        identity.setIdBytes(new TextEncoder().encode(outsider.ca.certificatePem));

        const verdict = await store.validate(decodeIdentity(identity.serializeBinary()), signedAt);

        expect(verdict.reason).toBe('a CA certificate cannot act as a Fabric identity');
    });

    it('accepts a leaf of an outsider CA once that CA is in the bundle', async () => {
        const outsider = await outsiderCredential({ commonName: 'user', organisationalUnit: 'client' });
        const store = new TrustStore(
            {
                ...fixtureRoots(),
                members: [
                    {
                        mspId: 'OutsiderMSP',
                        purpose: 'test',
                        roots: [outsider.ca.certificatePem],
                        intermediates: [],
                        crls: [],
                    },
                ],
            },
            newNobleVerifier(),
        );
        const identity = new mspPb.SerializedIdentity();
        identity.setMspid('OutsiderMSP');
        identity.setIdBytes(new TextEncoder().encode(outsider.certificatePem));

        const verdict = await store.validate(decodeIdentity(identity.serializeBinary()), signedAt);

        expect(verdict).toMatchObject({ ok: true, role: 'client' });
    });
});
