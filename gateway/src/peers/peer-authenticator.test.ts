import 'reflect-metadata';
import { KeyObject, type webcrypto } from 'node:crypto';
import { MEMBER_MSP_IDS } from '@lendledger/domain';
import { ROOTS_FORMAT, trustStoreFor, type RootsBundle } from '@lendledger/verifier';
import * as x509 from '@peculiar/x509';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProblemError } from '../errors/problem-error.js';
import { newOpenSslSigner } from '../fabric/openssl-signer.js';
import { PeerAuthenticator, type PeerRequest } from './peer-authenticator.js';
import { PEER_HEADERS, signPeerRequest, type PeerIdentity } from './signed-request.js';

x509.cryptoProvider.set(crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const VALIDITY = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2049-12-31T00:00:00Z') };
const NOW = Date.parse('2026-06-01T12:00:00Z');
const SKEW_MS = 60_000;
const PATH = '/v1/peer/sealed/ab12/leaves';
/** The gateway addressed in these tests. */
const AUDIENCE = 'PlatformMSP';

interface TestCa {
    readonly keys: { readonly publicKey: webcrypto.CryptoKey; readonly privateKey: webcrypto.CryptoKey };
    readonly certificate: x509.X509Certificate;
}

async function newCa(name: string): Promise<TestCa> {
    const keys = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: '01',
        name,
        ...VALIDITY,
        keys,
        signingAlgorithm: ALGORITHM,
        extensions: [
            new x509.BasicConstraintsExtension(true, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature, true),
            await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        ],
    });
    return { keys, certificate };
}

/** An identity the CA issued, with the NodeOU role in its subject (none when `ou` is empty). */
async function newIdentity(ca: TestCa, mspId: string, ou: string): Promise<PeerIdentity> {
    const keys = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
    const certificate = await x509.X509CertificateGenerator.create({
        serialNumber: '02',
        subject: `CN=gateway@${mspId}${ou ? `,OU=${ou}` : ''},O=${mspId}`,
        issuer: ca.certificate.subject,
        ...VALIDITY,
        signingKey: ca.keys.privateKey,
        publicKey: keys.publicKey,
        signingAlgorithm: ALGORITHM,
        extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
            await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
        ],
    });
    return {
        mspId,
        certificate: certificate.toString('pem'),
        sign: newOpenSslSigner(KeyObject.from(keys.privateKey)),
    };
}

let bankCa: TestCa;
let ordererCa: TestCa;
let orderer: PeerIdentity;
let bank: Record<'client' | 'peer' | 'admin' | 'orderer' | 'none', PeerIdentity>;
let outsider: PeerIdentity;
let clock: number;
let authenticator: PeerAuthenticator;

beforeAll(async () => {
    bankCa = await newCa('CN=ca.bank.test,O=bank.test');
    const outsiderCa = await newCa('CN=ca.outsider.test,O=outsider.test');
    bank = {
        client: await newIdentity(bankCa, 'BankMSP', 'client'),
        peer: await newIdentity(bankCa, 'BankMSP', 'peer'),
        admin: await newIdentity(bankCa, 'BankMSP', 'admin'),
        orderer: await newIdentity(bankCa, 'BankMSP', 'orderer'),
        none: await newIdentity(bankCa, 'BankMSP', ''),
    };
    outsider = await newIdentity(outsiderCa, 'BankMSP', 'client');
    ordererCa = await newCa('CN=ca.orderer.test,O=orderer.test');
    orderer = await newIdentity(ordererCa, 'OrdererMSP', 'orderer');
});

/** A fresh authenticator (no nonces seen) whose clock reads `clock`. */
function freshAuthenticator(maxNonces?: number): PeerAuthenticator {
    clock = NOW;
    const bankRoot = bankCa.certificate.toString('pem');
    const roots: RootsBundle = {
        format: ROOTS_FORMAT,
        version: 1,
        network: 'peer-authenticator-test',
        channel: 'lending',
        chaincode: 'lendledger',
        endorsementPolicy: { outOf: 1, members: ['BankMSP'], endorserRole: 'peer', writerRoles: ['client', 'admin'] },
        members: [{ mspId: 'BankMSP', purpose: 'bank', roots: [bankRoot], intermediates: [], crls: [] }],
        orderers: [
            {
                mspId: 'OrdererMSP',
                role: 'orderer',
                roots: [ordererCa.certificate.toString('pem')],
                intermediates: [],
                crls: [],
            },
        ],
        timestampAuthorities: [],
        issuedAt: '2026-01-01T00:00:00.000Z',
        signatures: [],
    };
    return new PeerAuthenticator({
        mspId: AUDIENCE,
        members: MEMBER_MSP_IDS,
        trust: trustStoreFor(roots),
        maxSkewMs: SKEW_MS,
        now: () => clock,
        ...(maxNonces === undefined ? {} : { maxNonces }),
    });
}

async function signed(
    identity: PeerIdentity,
    options: { method?: string; path?: string; audience?: string; at?: number } = {},
): Promise<PeerRequest> {
    const method = options.method ?? 'GET';
    const path = options.path ?? PATH;
    const headers = await signPeerRequest(
        identity,
        { method, path, audience: options.audience ?? AUDIENCE },
        options.at ?? NOW,
    );
    return { method, path, headers };
}

async function refusal(request: PeerRequest): Promise<{ code: string; status: number }> {
    try {
        await authenticator.authenticate(request);
    } catch (error) {
        if (error instanceof ProblemError) {
            return { code: error.code, status: error.status };
        }
        throw error;
    }
    throw new Error('the request was accepted');
}

describe('PeerAuthenticator', () => {
    beforeAll(() => {
        authenticator = freshAuthenticator();
    });

    it.each(['client', 'peer', 'admin'] as const)(
        'accepts a fresh request signed by a %s of a member',
        async (role) => {
            authenticator = freshAuthenticator();
            const caller = await authenticator.authenticate(await signed(bank[role]));
            expect([caller.mspId, caller.role]).toEqual(['BankMSP', role]);
            expect(caller.subject).toContain(`OU=${role}`);
        },
    );

    it.each(Object.values(PEER_HEADERS))('refuses a request without the %s header (401)', async (header) => {
        authenticator = freshAuthenticator();
        const request = await signed(bank.client);
        const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== header));
        expect(await refusal({ ...request, headers })).toEqual({ code: 'PEER_AUTH_MISSING', status: 401 });
    });

    it('accepts any time within the allowed skew and refuses any time beyond it, either way', async () => {
        await fc.assert(
            fc.asyncProperty(fc.integer({ min: -10 * SKEW_MS, max: 10 * SKEW_MS }), async (offset) => {
                authenticator = freshAuthenticator();
                const request = await signed(bank.client, { at: NOW + offset });
                if (Math.abs(offset) <= SKEW_MS) {
                    expect((await authenticator.authenticate(request)).mspId).toBe('BankMSP');
                } else {
                    expect(await refusal(request)).toEqual({ code: 'PEER_REQUEST_STALE', status: 401 });
                }
            }),
            { numRuns: 40 },
        );
    });

    it.each(['', 'soon', '1e12', '-5', '17000000000000000000'])(
        'refuses the time header "%s" as stale',
        async (time) => {
            authenticator = freshAuthenticator();
            const request = await signed(bank.client);
            const headers = { ...request.headers, [PEER_HEADERS.time]: time };
            const expected = time === '' ? 'PEER_AUTH_MISSING' : 'PEER_REQUEST_STALE';
            expect((await refusal({ ...request, headers })).code).toBe(expected);
        },
    );

    it('refuses a request received a second time, and it is stale once the window has passed', async () => {
        authenticator = freshAuthenticator();
        const request = await signed(bank.client);
        await authenticator.authenticate(request);
        expect(await refusal(request)).toEqual({ code: 'PEER_NONCE_REPLAYED', status: 401 });
        clock = NOW + SKEW_MS + 1;
        expect(await refusal(request)).toEqual({ code: 'PEER_REQUEST_STALE', status: 401 });
    });

    it('remembers at most maxNonces nonces: beyond, 429 until the window has passed, then room again', async () => {
        authenticator = freshAuthenticator(3);
        for (let i = 0; i < 3; i++) {
            await authenticator.authenticate(await signed(bank.client));
        }
        expect(await refusal(await signed(bank.client))).toEqual({ code: 'RATE_LIMITED', status: 429 });
        clock = NOW + SKEW_MS + 1;
        const later = await signed(bank.client, { at: clock });
        expect((await authenticator.authenticate(later)).mspId).toBe('BankMSP');
        // The nonce of the request just accepted is remembered still: its replay is refused, not let through.
        expect(await refusal(later)).toEqual({ code: 'PEER_NONCE_REPLAYED', status: 401 });
    });

    it('refuses a signature with any byte changed', async () => {
        const request = await signed(bank.client);
        const signature = Buffer.from(String(request.headers[PEER_HEADERS.signature]), 'base64');
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: 0, max: signature.length - 1 }),
                fc.integer({ min: 1, max: 255 }),
                async (at, xor) => {
                    authenticator = freshAuthenticator();
                    const forged = Buffer.from(signature);
                    forged[at] = forged[at]! ^ xor;
                    const headers = { ...request.headers, [PEER_HEADERS.signature]: forged.toString('base64') };
                    expect(await refusal({ ...request, headers })).toEqual({
                        code: 'PEER_SIGNATURE_INVALID',
                        status: 401,
                    });
                },
            ),
            { numRuns: 40 },
        );
    });

    it("refuses a member's certificate presented with another member's signature", async () => {
        authenticator = freshAuthenticator();
        const request = await signed(bank.client);
        const other = await signed(bank.admin);
        const headers = { ...request.headers, [PEER_HEADERS.signature]: other.headers[PEER_HEADERS.signature] };
        expect(await refusal({ ...request, headers })).toEqual({ code: 'PEER_SIGNATURE_INVALID', status: 401 });
    });

    it('refuses a signed request sent to another path, with another method or to another gateway', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.record({
                    method: fc.constantFrom('GET', 'POST', 'DELETE'),
                    path: fc.constantFrom(PATH, '/v1/peer/sealed/cd34/leaves', `${PATH}?x=1`, '/v1/anchors/sealed'),
                    audience: fc.constantFrom(AUDIENCE, 'NotaryMSP', 'CourtMSP'),
                }),
                async (sent) => {
                    fc.pre(sent.method !== 'GET' || sent.path !== PATH || sent.audience !== AUDIENCE);
                    authenticator = freshAuthenticator();
                    const request = await signed(bank.client, sent);
                    // The signature covers what was signed; the gateway checks it against what it received.
                    const received = { ...request, method: 'GET', path: PATH };
                    expect(await refusal(received)).toEqual({ code: 'PEER_SIGNATURE_INVALID', status: 401 });
                },
            ),
            { numRuns: 25 },
        );
    });

    it('refuses a certificate that does not chain to the root of the member it claims', async () => {
        authenticator = freshAuthenticator();
        expect(await refusal(await signed(outsider))).toEqual({ code: 'PEER_NOT_MEMBER', status: 403 });
        const claimingCourt = await signed({ ...bank.client, mspId: 'CourtMSP' });
        expect(await refusal(claimingCourt)).toEqual({ code: 'PEER_NOT_MEMBER', status: 403 });
    });

    it('refuses an organisation that is not a member, such as the orderer organisation', async () => {
        authenticator = freshAuthenticator();
        // The orderer's certificate chains to a root of the bundle, but the orderer organisation is no member.
        expect(await refusal(await signed(orderer))).toEqual({ code: 'PEER_NOT_MEMBER', status: 403 });
        const claimingOrderer = await signed({ ...bank.client, mspId: 'OrdererMSP' });
        expect(await refusal(claimingOrderer)).toEqual({ code: 'PEER_NOT_MEMBER', status: 403 });
    });

    it.each(['orderer', 'none'] as const)('refuses a member certificate with role %s (403)', async (role) => {
        authenticator = freshAuthenticator();
        expect(await refusal(await signed(bank[role]))).toEqual({ code: 'PEER_ROLE_NOT_ALLOWED', status: 403 });
    });

    it('does not spend a nonce on a request whose signature failed', async () => {
        authenticator = freshAuthenticator();
        const request = await signed(bank.client);
        const forged = { ...request, path: '/v1/peer/sealed/other/leaves' };
        expect((await refusal(forged)).code).toBe('PEER_SIGNATURE_INVALID');
        expect((await authenticator.authenticate(request)).mspId).toBe('BankMSP');
    });
});
