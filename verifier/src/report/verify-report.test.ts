import 'reflect-metadata';
import { createPrivateKey } from 'node:crypto';
import { canonicalJson as canonical } from '@lendledger/domain';
import * as x509 from '@peculiar/x509';
import { base64url, CompactSign, decodeProtectedHeader, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RootsBundle } from '../roots/roots-bundle.js';
import { sha256 } from '../crypto/sha256.js';
import { testTsa, trustingAlso, type TestTsa } from '../testing/timestamp-forgery.js';
import { fixtureReceipt, fixtureRoots, rootsOf, withRoots } from '../testing/fixtures.js';
import { verifyReceipt } from '../verify-receipt.js';
import { buildReportPayload } from './build-report-payload.js';
import { type ReportCheckName } from './report-check.js';
import { ReportBuildError } from './report-build-error.js';
import { reportIssuer } from './report-issuer.js';
import { REPORT_JWS_TYPE, type NotaryReportPayload } from './report-payload.js';
import { signReport, type ReportSigner } from './sign-report.js';
import { verifyReport, type ReportVerification } from './verify-report.js';

x509.cryptoProvider.set(crypto);

const CA_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const VALIDITY = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2049-12-31T00:00:00Z') };

interface TestCa {
    readonly keys: { readonly publicKey: CryptoKey; readonly privateKey: CryptoKey };
    readonly certificate: x509.X509Certificate;
}

interface TestMember extends ReportSigner {
    readonly cryptoKey: CryptoKey;
    readonly pkcs8: string;
}

/** A throwaway CA; Fabric's are ECDSA P-256 like this one. */
async function newCa(name: string): Promise<TestCa> {
    const keys = await crypto.subtle.generateKey(CA_ALGORITHM, true, ['sign', 'verify']);
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: '01',
        name,
        ...VALIDITY,
        keys,
        signingAlgorithm: CA_ALGORITHM,
        extensions: [
            new x509.BasicConstraintsExtension(true, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature, true),
            await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        ],
    });
    return { keys, certificate };
}

/** A member certificate the CA issued, like a Fabric CA enrolment certificate, with an extractable key. */
async function newMember(ca: TestCa, name: string, curve: 'P-256' | 'P-384' = 'P-256'): Promise<TestMember> {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: curve }, true, ['sign', 'verify']);
    const certificate = await x509.X509CertificateGenerator.create({
        serialNumber: '02',
        subject: name,
        issuer: ca.certificate.subject,
        ...VALIDITY,
        signingKey: ca.keys.privateKey,
        publicKey: keys.publicKey,
        signingAlgorithm: CA_ALGORITHM,
        extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
            await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
        ],
    });
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
    const body = Buffer.from(pkcs8)
        .toString('base64')
        .replace(/(.{64})/g, '$1\n');
    return {
        privateKey: keys.privateKey,
        cryptoKey: keys.privateKey,
        pkcs8: `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`,
        certificate: certificate.toString('pem'),
    };
}

/** A time-stamping authority the test roots trust besides the fixture network's. */
let reportTsa: TestTsa;

beforeAll(async () => {
    reportTsa = await testTsa({ commonName: 'Report Test TSA' });
});

/** {@link verifyReport} with a token from {@link reportTsa} over exactly the JWS given, as the gateway hands out. */
async function verifyStamped(jws: string, roots: RootsBundle): Promise<ReportVerification> {
    const token = await reportTsa.stamp(sha256(new TextEncoder().encode(jws.trim())));
    return verifyReport(jws, roots, { timestamp: token });
}

/** The fixture network's roots (and TSA) with test CAs added to some MSPs, and {@link reportTsa}. */
function rootsWith(extra: Readonly<Record<string, TestCa>>): RootsBundle {
    let roots = fixtureRoots();
    for (const [mspId, ca] of Object.entries(extra)) {
        roots = withRoots(roots, mspId, [...rootsOf(roots, mspId), ca.certificate.toString('pem')]);
    }
    return trustingAlso(roots, 'Report Test TSA', reportTsa.rootPem);
}

async function payloadFor(certificatePem: string, roots: RootsBundle): Promise<NotaryReportPayload> {
    const entries = await Promise.all(
        (['direct', 'anchored'] as const).map(async (kind) => {
            const receipt = fixtureReceipt(kind);
            return { result: await verifyReceipt(receipt, { roots }), receipt };
        }),
    );
    return buildReportPayload(entries, {
        reportId: 'NR-2026-0042',
        issuedAt: '2026-11-23T09:00:00Z',
        issuer: reportIssuer(certificatePem),
        roots,
    });
}

function failed(verification: ReportVerification): ReportCheckName[] {
    return verification.checks
        .filter((c) => c.status === 'fail')
        .map((c) => c.name)
        .sort();
}

function reason(verification: ReportVerification, name: ReportCheckName): string {
    return verification.checks.find((c) => c.name === name)!.reason;
}

/** A JWS with any header and payload text, signed by `key` (jose signs whatever header it is given). */
async function compose(header: Record<string, unknown>, payloadText: string, key: CryptoKey): Promise<string> {
    return new CompactSign(new TextEncoder().encode(payloadText))
        .setProtectedHeader({ alg: 'ES256', ...header })
        .sign(key);
}

function replacePayload(jws: string, payloadText: string): string {
    const [header, , signature] = jws.split('.');
    return `${header}.${base64url.encode(payloadText)}.${signature}`;
}

describe('signReport and verifyReport', () => {
    let notaryCa: TestCa;
    let notary: TestMember;
    let roots: RootsBundle;
    let payload: NotaryReportPayload;
    let jws: string;

    beforeAll(async () => {
        notaryCa = await newCa('CN=ca.notary.test,O=notary.test,C=US');
        notary = await newMember(notaryCa, 'CN=Admin@notary.test,OU=admin,O=notary.test,C=US');
        roots = rootsWith({ NotaryMSP: notaryCa });
        payload = await payloadFor(notary.certificate, roots);
        jws = await signReport(payload, { privateKey: notary.pkcs8, certificate: notary.certificate });
    });

    it('verifies a report it signed, returning the payload and every check passed', async () => {
        const verification = await verifyStamped(jws, roots);

        expect(failed(verification)).toEqual([]);
        expect(verification.ok).toBe(true);
        expect(verification.payload).toEqual(payload);
        expect(verification.checks.map((c) => c.name)).toEqual([
            'jws-format',
            'algorithm',
            'signature',
            'certificate-chain',
            'issuer-organisation',
            'canonical-payload',
            'report-format',
            'report-time',
        ]);
        expect(reason(verification, 'certificate-chain')).toMatch(/issued under NotaryMSP root .*CN=ca\.notary\.test/);
    });

    it('puts alg ES256, its type and the signer certificate in the protected header', () => {
        const header = decodeProtectedHeader(jws);
        const der = Buffer.from(header.x5c![0]!, 'base64');

        expect(header).toMatchObject({ alg: 'ES256', typ: REPORT_JWS_TYPE });
        expect(new x509.X509Certificate(der).toString('pem')).toBe(notary.certificate);
    });

    it('signs with a WebCrypto key or a Node KeyObject as well as a PKCS#8 PEM', async () => {
        const fromCryptoKey = await signReport(payload, {
            privateKey: notary.cryptoKey,
            certificate: notary.certificate,
        });
        const keyObject = createPrivateKey(notary.pkcs8);
        const fromKeyObject = await signReport(payload, { privateKey: keyObject, certificate: notary.certificate });

        expect((await verifyStamped(fromCryptoKey, roots)).ok).toBe(true);
        expect((await verifyStamped(fromKeyObject, roots)).ok).toBe(true);
    });

    it('signs ES384 when the notary key is P-384', async () => {
        const member = await newMember(notaryCa, 'CN=User1@notary.test,OU=client,O=notary.test,C=US', 'P-384');
        const signed = await signReport(await payloadFor(member.certificate, roots), {
            privateKey: member.pkcs8,
            certificate: member.certificate,
        });

        expect(decodeProtectedHeader(signed).alg).toBe('ES384');
        const verification = await verifyStamped(signed, roots);
        expect(failed(verification)).toEqual([]);
    });

    it('fails signature when the payload is altered after signing', async () => {
        const altered = canonical({ ...payload, reportId: 'NR-2026-9999' });

        const verification = await verifyStamped(replacePayload(jws, altered), roots);

        expect(failed(verification)).toEqual(['signature']);
        expect(verification.ok).toBe(false);
    });

    it('fails canonical-payload when the signed payload is not canonical JSON', async () => {
        const pretty = await compose(header(notary), JSON.stringify(payload, null, 2), notary.cryptoKey);

        const verification = await verifyStamped(pretty, roots);

        expect(failed(verification)).toEqual(['canonical-payload']);
    });

    it('fails report-format when a signed verdict contradicts its checks', async () => {
        const [first, ...rest] = payload.items;
        const contradicted = {
            ...payload,
            items: [{ ...first!, creation: { ...first!.creation, verdict: 'not-established' } }, ...rest],
        };
        const signed = await compose(header(notary), canonical(contradicted), notary.cryptoKey);

        const verification = await verifyStamped(signed, roots);

        expect(failed(verification)).toEqual(['report-format']);
        expect(reason(verification, 'report-format')).toContain('$.items[0].creation.verdict');
    });

    it('fails signature when the x5c is swapped for another certificate', async () => {
        const other = await newMember(notaryCa, 'CN=User2@notary.test,OU=client,O=notary.test,C=US');
        const [, body, signature] = jws.split('.');
        const swapped = `${base64url.encode(JSON.stringify(header(other)))}.${body}.${signature}`;

        const verification = await verifyStamped(swapped, roots);

        expect(failed(verification)).toEqual(['issuer-organisation', 'signature']);
    });

    it('fails certificate-chain for a certificate outside the consortium roots', async () => {
        const outsiderCa = await newCa('CN=ca.outsider.example,C=US');
        const outsider = await newMember(outsiderCa, 'CN=Admin@notary.test,OU=admin,O=notary.test,C=US');
        const signed = await signReport(await payloadFor(outsider.certificate, roots), {
            privateKey: outsider.pkcs8,
            certificate: outsider.certificate,
        });

        const verification = await verifyStamped(signed, roots);

        expect(failed(verification)).toEqual(['certificate-chain', 'issuer-organisation']);
        expect(reason(verification, 'certificate-chain')).toContain('NotaryMSP: not issued by any NotaryMSP root');
    });

    it('fails issuer-organisation for a member of another organisation', async () => {
        const bankCa = await newCa('CN=ca.bank.test,O=bank.test,C=US');
        const banker = await newMember(bankCa, 'CN=User1@bank.test,OU=client,O=bank.test,C=US');
        const bankRoots = rootsWith({ NotaryMSP: notaryCa, BankMSP: bankCa });
        const signed = await signReport(await payloadFor(banker.certificate, bankRoots), {
            privateKey: banker.pkcs8,
            certificate: banker.certificate,
        });

        const verification = await verifyStamped(signed, bankRoots);

        expect(failed(verification)).toEqual(['issuer-organisation']);
        expect(reason(verification, 'issuer-organisation')).toBe('the certificate belongs to BankMSP, not NotaryMSP');
    });

    it('fails algorithm, and does not check the signature, for alg none', async () => {
        const unsigned = `${base64url.encode(JSON.stringify({ ...header(notary), alg: 'none' }))}.${jws.split('.')[1]}.`;

        const verification = await verifyStamped(unsigned, roots);

        expect(failed(verification)).toEqual(['algorithm', 'signature']);
        expect(reason(verification, 'algorithm')).toContain('"none" is refused');
    });

    it('fails algorithm for an HMAC signature', async () => {
        const secret = new TextEncoder().encode('a shared secret of thirty-two bytes!');
        const hmac = await new CompactSign(new TextEncoder().encode(canonical(payload)))
            .setProtectedHeader({ ...header(notary), alg: 'HS256' })
            .sign(secret);

        const verification = await verifyStamped(hmac, roots);

        expect(failed(verification)).toEqual(['algorithm', 'signature']);
    });

    it('fails jws-format, and every later check, for a token of another type', async () => {
        const other = await compose({ ...header(notary), typ: 'JWT' }, canonical(payload), notary.cryptoKey);

        const verification = await verifyStamped(other, roots);

        expect(failed(verification)).toHaveLength(7);
        expect(reason(verification, 'jws-format')).toContain('typ is "JWT"');
        expect(verification.payload).toBeUndefined();
    });

    it('refuses to sign with a key that is not the certificate’s', async () => {
        const other = await newMember(notaryCa, 'CN=User3@notary.test,OU=client,O=notary.test,C=US');

        await expect(signReport(payload, { privateKey: other.pkcs8, certificate: notary.certificate })).rejects.toThrow(
            expect.objectContaining({ name: ReportBuildError.name, field: 'signer.privateKey' }),
        );
    });

    it('refuses to sign a payload naming another issuer than the certificate', async () => {
        const renamed = { ...payload, issuer: { ...payload.issuer, subject: 'CN=someone.else' } };

        await expect(
            signReport(renamed, { privateKey: notary.pkcs8, certificate: notary.certificate }),
        ).rejects.toThrow(expect.objectContaining({ name: ReportBuildError.name, field: 'issuer.subject' }));
    });
});

describe('the report time-stamp', () => {
    let roots: RootsBundle;
    let jws: string;

    beforeAll(async () => {
        const ca = await newCa('CN=ca.notary.test,O=notary.test,C=US');
        const notary = await newMember(ca, 'CN=Admin@notary.test,OU=admin,O=notary.test,C=US');
        roots = rootsWith({ NotaryMSP: ca });
        jws = await signReport(await payloadFor(notary.certificate, roots), {
            privateKey: notary.pkcs8,
            certificate: notary.certificate,
        });
    });

    const stampOf = (text: string): Promise<Uint8Array> => reportTsa.stamp(sha256(new TextEncoder().encode(text)));

    it('states the time as no later than genTime according to the TSA, from DER or base64', async () => {
        const token = await stampOf(jws);
        for (const timestamp of [token, Buffer.from(token).toString('base64')]) {
            const verification = await verifyReport(jws, roots, { timestamp });
            expect(failed(verification)).toEqual([]);
            expect(reason(verification, 'report-time')).toMatch(
                /^no later than \S+Z, according to TSA CN=Report Test TSA,O=Test/,
            );
            expect(verification.trustedTime?.authority).toBe('Report Test TSA');
        }
    });

    it('fails report-time alone without a token', async () => {
        const verification = await verifyReport(jws, roots);
        expect(failed(verification)).toEqual(['report-time']);
        expect(reason(verification, 'report-time')).toBe('no time-stamp token was given with the report');
    });

    it('fails report-time alone for a token over other bytes than the compact JWS', async () => {
        for (const other of [`${jws}.`, jws.slice(0, -1), 'another report']) {
            const verification = await verifyReport(jws, roots, { timestamp: await stampOf(other) });
            expect(failed(verification)).toEqual(['report-time']);
            expect(reason(verification, 'report-time')).toMatch(/is not the SHA-256 of the compact JWS/);
        }
    });

    it('fails report-time alone for a token from a TSA the bundle does not name', async () => {
        const outsider = await testTsa({ commonName: 'Outside TSA' });
        const token = await outsider.stamp(sha256(new TextEncoder().encode(jws)));
        const verification = await verifyReport(jws, roots, { timestamp: token });
        expect(failed(verification)).toEqual(['report-time']);
        expect(reason(verification, 'report-time')).toMatch(/does not chain to a time-stamping authority/);
    });

    it('fails report-time alone for bytes that are not base64 or not a token', async () => {
        for (const timestamp of ['not base64!', 'AAAA', new Uint8Array([0x30, 0x00])]) {
            const verification = await verifyReport(jws, roots, { timestamp });
            expect(failed(verification)).toEqual(['report-time']);
        }
    });
});

function header(member: ReportSigner): Record<string, unknown> {
    const der = new x509.X509Certificate(member.certificate).rawData;
    return { alg: 'ES256', typ: REPORT_JWS_TYPE, x5c: [Buffer.from(der).toString('base64')] };
}
