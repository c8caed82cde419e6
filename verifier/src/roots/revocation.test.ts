import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSignatureVerifier } from '../crypto/default-verifier.js';
import {
    draftBundle,
    newCrl,
    newTestConsortium,
    type TestConsortium,
    type TestMember,
} from '../testing/test-consortium.js';
import { parsePemCertificate } from '../x509/certificate.js';
import { TrustStore } from './trust-store.js';

const REVOKED_AT = new Date('2026-03-01T12:00:00Z');
let consortium: TestConsortium;
let bank: TestMember;

beforeAll(async () => {
    consortium = await newTestConsortium();
    bank = consortium.member('BankMSP');
});

async function storeWithCrl(crl: string): Promise<TrustStore> {
    return new TrustStore(draftBundle(consortium, { crls: { BankMSP: [crl] } }), defaultSignatureVerifier());
}

async function judgePeerAt(store: TrustStore, evidenceTime: Date): Promise<{ ok: boolean; reason: string }> {
    const certificate = parsePemCertificate(bank.identities.peer.pem);
    return store.validateCertificate('BankMSP', certificate, evidenceTime, evidenceTime);
}

describe('revocation as of the evidence’s time', () => {
    it('fails a signer revoked before the evidence’s time, naming the certificate, serial and date', async () => {
        const store = await storeWithCrl(
            await newCrl(bank.ca, [{ serial: bank.identities.peer.serial, at: REVOKED_AT }]),
        );

        const verdict = await judgePeerAt(store, new Date('2026-03-02T00:00:00Z'));

        expect(verdict.ok).toBe(false);
        expect(verdict.reason).toContain(`CN=peer.bankmsp.test`);
        expect(verdict.reason).toContain(`serial ${bank.identities.peer.serial}`);
        expect(verdict.reason).toContain('revoked on 2026-03-01T12:00:00.000Z');
    });

    it('keeps evidence made before a later revocation (and at no other time of the same signer)', async () => {
        const store = await storeWithCrl(
            await newCrl(bank.ca, [{ serial: bank.identities.peer.serial, at: REVOKED_AT }]),
        );

        expect((await judgePeerAt(store, new Date('2026-02-28T00:00:00Z'))).ok).toBe(true);
        expect((await judgePeerAt(store, REVOKED_AT)).ok).toBe(false);
    });

    it('is revoked exactly when the revocation date is at or before the evidence’s time (any two times)', async () => {
        const times = fc
            .integer({ min: Date.parse('2024-01-01'), max: Date.parse('2048-01-01') })
            .map((ms) => new Date(Math.floor(ms / 1000) * 1000));
        await fc.assert(
            fc.asyncProperty(times, times, async (revokedAt, evidenceAt) => {
                const store = await storeWithCrl(
                    await newCrl(bank.ca, [{ serial: bank.identities.peer.serial, at: revokedAt }]),
                );
                expect((await judgePeerAt(store, evidenceAt)).ok).toBe(revokedAt > evidenceAt);
            }),
            { numRuns: 25 },
        );
    });

    it('does not touch another certificate of the same CA', async () => {
        const store = await storeWithCrl(
            await newCrl(bank.ca, [{ serial: bank.identities.admin.serial, at: REVOKED_AT }]),
        );

        expect((await judgePeerAt(store, new Date('2027-01-01T00:00:00Z'))).ok).toBe(true);
    });

    it('refuses to judge by a CRL in the CA’s name that the CA did not sign', async () => {
        const forged = await newCrl(bank.ca, [], consortium.member('PlatformMSP').ca);
        const store = await storeWithCrl(forged);

        const verdict = await judgePeerAt(store, new Date('2026-01-01T00:00:00Z'));

        expect(verdict.ok).toBe(false);
        expect(verdict.reason).toMatch(/CRL of .* is not signed by that CA .*refused/);
        expect(await store.checkRevocationLists()).toEqual({
            ok: false,
            reason: expect.stringMatching(/a CRL of BankMSP .* is not signed by a BankMSP CA/) as unknown,
        });
    });
});
