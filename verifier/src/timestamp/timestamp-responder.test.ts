import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../crypto/sha256.js';
import { asWebCryptoBytes, type WebCryptoKeyPair } from '../crypto/webcrypto-types.js';
import { utf8 } from '../encoding/bytes.js';
import { parseTimestampReply, timestampQuery } from './timestamp-query.js';
import { decodeTimestampToken } from './timestamp-token.js';
import { TimestampResponder } from './timestamp-responder.js';
import { createTsaCredentials, type TsaCredentials } from './tsa-credentials.js';
import { LENDLEDGER_TSA_POLICY, oidAsDecoded, TSP_OIDS } from './tsp-oids.js';
import { verifyTimestampToken } from './verify-timestamp-token.js';

const DATA = utf8('a block header');
/** A clock reading with milliseconds, within the test certificate's validity. */
const SECOND = Math.floor(Date.now() / 1000) * 1000;
const CLOCK = new Date(SECOND + 789);

let credentials: TsaCredentials;
let responder: TimestampResponder;

beforeAll(async () => {
    credentials = await createTsaCredentials({ organisation: 'Test Notary', commonName: 'Test TSA' });
    responder = new TimestampResponder({
        privateKey: credentials.privateKey,
        certificatePem: credentials.certificatePem,
        policy: LENDLEDGER_TSA_POLICY,
        accuracySeconds: 1,
        now: () => CLOCK,
    });
});

/** A TimeStampReq built field by field, for the requests {@link timestampQuery} never makes. */
function request(fields: {
    version?: number;
    algorithm?: string;
    imprint?: Uint8Array;
    policy?: string;
    extensions?: pkijs.Extension[];
}): Uint8Array {
    return new Uint8Array(
        new pkijs.TimeStampReq({
            version: fields.version ?? 1,
            messageImprint: new pkijs.MessageImprint({
                hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: fields.algorithm ?? TSP_OIDS.sha256 }),
                hashedMessage: new asn1js.OctetString({ valueHex: fields.imprint ?? sha256(DATA) }),
            }),
            certReq: true,
            ...(fields.policy ? { reqPolicy: fields.policy } : {}),
            ...(fields.extensions ? { extensions: fields.extensions } : {}),
        })
            .toSchema()
            .toBER(),
    );
}

describe('TimestampResponder', () => {
    it('grants a token echoing the nonce, with its certificate when certReq asks, that verifies', async () => {
        const reply = parseTimestampReply(
            await responder.respond(timestampQuery(sha256(DATA), { nonce: 0x1234_5678_9abcn, certReq: true })),
        );
        expect([reply.status, reply.failures]).toEqual([0, []]);
        const token = decodeTimestampToken(reply.token!);
        expect(token.tstInfo.nonce?.toBigInt()).toBe(0x1234_5678_9abcn);
        expect(token.certificates).toHaveLength(1);
        expect(token.imprint).toEqual({ algorithm: TSP_OIDS.sha256, hashedMessage: sha256(DATA) });
        const verdict = await verifyTimestampToken(reply.token!, DATA, [
            { name: 'test', certificates: [credentials.rootPem] },
        ]);
        expect(verdict).toMatchObject({ ok: true, authority: 'test', subject: 'CN=Test TSA,O=Test Notary' });
    });

    it('leaves its certificate out when certReq is false', async () => {
        const reply = parseTimestampReply(await responder.respond(timestampQuery(sha256(DATA), { certReq: false })));
        expect(decodeTimestampToken(reply.token!).certificates).toEqual([]);
    });

    it('names its policy, states one second of accuracy and cuts genTime to the second of its clock', async () => {
        const reply = parseTimestampReply(await responder.respond(timestampQuery(sha256(DATA))));
        const { tstInfo, policy, genTime } = decodeTimestampToken(reply.token!);
        expect(policy).toBe(oidAsDecoded(LENDLEDGER_TSA_POLICY));
        expect(tstInfo.accuracy?.seconds).toBe(1);
        expect(genTime.getTime()).toBe(SECOND);
        expect(tstInfo.ordering ?? false).toBe(false);
    });

    it('grants a request that asks for its own policy', async () => {
        const reply = parseTimestampReply(await responder.respond(request({ policy: LENDLEDGER_TSA_POLICY })));
        expect(reply.status).toBe(0);
    });

    it('gives every token its own serial number', async () => {
        const serials = new Set<string>();
        for (let i = 0; i < 50; i++) {
            const reply = parseTimestampReply(await responder.respond(timestampQuery(sha256(DATA))));
            serials.add(decodeTimestampToken(reply.token!).serial);
        }
        expect(serials.size).toBe(50);
    });

    it('signs with the ESS signing-certificate attribute naming its certificate', async () => {
        const reply = parseTimestampReply(await responder.respond(timestampQuery(sha256(DATA))));
        const attributes = decodeTimestampToken(reply.token!).signedData.signerInfos[0]!.signedAttrs!.attributes;
        expect(attributes.map((a) => a.type)).toEqual([
            TSP_OIDS.contentType,
            TSP_OIDS.messageDigest,
            TSP_OIDS.signingCertificateV2,
        ]);
    });

    it.each([
        ['bytes that are not DER', 'badDataFormat', new Uint8Array([1, 2, 3])],
        ['an empty body', 'badDataFormat', new Uint8Array(0)],
        ['a SHA-1 imprint', 'badAlg', request({ algorithm: TSP_OIDS.sha1, imprint: new Uint8Array(20) })],
        ['an MD5 imprint', 'badAlg', request({ algorithm: '1.2.840.113549.2.5', imprint: new Uint8Array(16) })],
        ['a SHA-256 imprint of 31 bytes', 'badDataFormat', request({ imprint: new Uint8Array(31) })],
        ['a SHA-384 imprint of 32 bytes', 'badDataFormat', request({ algorithm: TSP_OIDS.sha384 })],
        ['version 2', 'badRequest', request({ version: 2 })],
        ['another policy', 'unacceptedPolicy', request({ policy: '1.2.3.4.5' })],
        [
            'an extension',
            'unacceptedExtension',
            request({
                extensions: [
                    new pkijs.Extension({ extnID: '1.2.3.4', critical: false, extnValue: new ArrayBuffer(2) }),
                ],
            }),
        ],
    ] as const)('rejects %s with status rejection and failure %s', async (_what, failure, query) => {
        const reply = parseTimestampReply(await responder.respond(query));
        expect(reply.status).toBe(2);
        expect(reply.failures).toEqual([failure]);
        expect(reply.token).toBeUndefined();
        expect(reply.statusText.length).toBe(1);
    });

    it('answers systemFailure, not an exception, when it cannot sign', async () => {
        const verifyOnly = await crypto.subtle.importKey(
            'spki',
            asWebCryptoBytes(new Uint8Array(await crypto.subtle.exportKey('spki', (await newVerifyKey()).publicKey))),
            { name: 'ECDSA', namedCurve: 'P-256' },
            true,
            ['verify'],
        );
        const broken = new TimestampResponder({
            privateKey: verifyOnly,
            certificatePem: credentials.certificatePem,
            policy: LENDLEDGER_TSA_POLICY,
            accuracySeconds: 1,
        });
        const reply = parseTimestampReply(await broken.respond(timestampQuery(sha256(DATA))));
        expect([reply.status, reply.failures]).toEqual([2, ['systemFailure']]);
    });
});

function newVerifyKey(): Promise<WebCryptoKeyPair> {
    return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
}
