import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { pemCertificates } from '../x509/pem.js';
import { signingCertificateV2Attribute } from './signing-certificate.js';
import { failureBits, type TspFailure } from './tsp-failure.js';
import { imprintHashOf, oidAsDecoded, TSP_OIDS } from './tsp-oids.js';
import { asWebCryptoBytes, type WebCryptoKey } from '../crypto/webcrypto-types.js';

/** What a {@link TimestampResponder} signs with and states in every token. */
export interface TimestampResponderOptions {
    readonly privateKey: WebCryptoKey;
    /** PEM of the signing certificate (id-kp-timeStamping, critical), then any intermediates. */
    readonly certificatePem: string;
    /** The TSA policy OID every token names. */
    readonly policy: string;
    /** The accuracy stated in every token, in whole seconds (RFC 3161 §2.4.2 `accuracy`). */
    readonly accuracySeconds: number;
    /** The clock; the system's by default. */
    readonly now?: () => Date;
}

/**
 * The token-issuing side of RFC 3161: turns a DER TimeStampReq into a DER TimeStampResp. A request it cannot
 * serve gets a rejection naming the PKIFailureInfo (bad algorithm, bad data format, unaccepted policy or
 * extension), never an exception. Serial numbers are 128 random bits, unique per token without shared state.
 */
export class TimestampResponder {
    readonly #key: WebCryptoKey;
    readonly #certificates: readonly pkijs.Certificate[];
    readonly #signerDer: Uint8Array;
    readonly #policy: string;
    readonly #policyAsDecoded: string;
    readonly #accuracySeconds: number;
    readonly #now: () => Date;

    constructor(options: Readonly<TimestampResponderOptions>) {
        const ders = pemCertificates(options.certificatePem);
        if (ders.length === 0) {
            throw new Error('the TSA certificate PEM holds no certificate');
        }
        this.#key = options.privateKey;
        this.#signerDer = ders[0]!;
        this.#certificates = ders.map((der) => pkijs.Certificate.fromBER(asWebCryptoBytes(der)));
        this.#policy = options.policy;
        this.#policyAsDecoded = oidAsDecoded(options.policy);
        this.#accuracySeconds = options.accuracySeconds;
        this.#now = options.now ?? (() => new Date());
    }

    /** The TimeStampResp for a request: a token when the request is one this TSA serves, else a rejection. */
    async respond(query: Uint8Array): Promise<Uint8Array> {
        let request: pkijs.TimeStampReq;
        try {
            request = pkijs.TimeStampReq.fromBER(asWebCryptoBytes(query));
        } catch {
            return rejection('badDataFormat', 'the request is not a DER TimeStampReq');
        }
        const refusal = this.#refusal(request);
        if (refusal !== undefined) {
            return rejection(refusal.failure, refusal.text);
        }
        try {
            return await this.#grant(request);
        } catch (error) {
            return rejection('systemFailure', `the TSA could not sign: ${(error as Error).message}`);
        }
    }

    #refusal(request: pkijs.TimeStampReq): { failure: TspFailure; text: string } | undefined {
        if (request.version !== 1) {
            return { failure: 'badRequest', text: `version ${request.version} is not 1` };
        }
        const { hashAlgorithm, hashedMessage } = request.messageImprint;
        const hash = imprintHashOf(hashAlgorithm.algorithmId);
        if (hash === undefined) {
            return { failure: 'badAlg', text: `imprints over ${hashAlgorithm.algorithmId} are not accepted` };
        }
        if (hashedMessage.valueBlock.valueHexView.length !== hash.length) {
            return { failure: 'badDataFormat', text: `a ${hash.name} imprint is ${hash.length} bytes long` };
        }
        if (request.reqPolicy !== undefined && request.reqPolicy !== this.#policyAsDecoded) {
            return { failure: 'unacceptedPolicy', text: `this TSA issues under policy ${this.#policy} only` };
        }
        if (request.extensions !== undefined && request.extensions.length > 0) {
            return { failure: 'unacceptedExtension', text: 'this TSA accepts no request extensions' };
        }
        return undefined;
    }

    async #grant(request: pkijs.TimeStampReq): Promise<Uint8Array> {
        // Whole seconds: the stated accuracy is in seconds, and DER GeneralizedTime must not end in zero fractions.
        const genTime = new Date(Math.floor(this.#now().getTime() / 1000) * 1000);
        const serial = crypto.getRandomValues(new Uint8Array(16));
        serial[0] = (serial[0]! & 0x7f) | 0x40;
        const tstInfo = new pkijs.TSTInfo({
            version: 1,
            policy: this.#policy,
            messageImprint: request.messageImprint,
            serialNumber: new asn1js.Integer({ valueHex: serial }),
            genTime,
            accuracy: new pkijs.Accuracy({ seconds: this.#accuracySeconds }),
            ...(request.nonce ? { nonce: request.nonce } : {}),
        });
        const content = new Uint8Array(tstInfo.toSchema().toBER());
        const signer = this.#certificates[0]!;
        const signedData = new pkijs.SignedData({
            version: 3,
            encapContentInfo: new pkijs.EncapsulatedContentInfo({
                eContentType: TSP_OIDS.tstInfo,
                eContent: new asn1js.OctetString({ valueHex: content }),
            }),
            signerInfos: [
                new pkijs.SignerInfo({
                    version: 1,
                    sid: new pkijs.IssuerAndSerialNumber({
                        issuer: signer.issuer,
                        serialNumber: signer.serialNumber,
                    }),
                    signedAttrs: new pkijs.SignedAndUnsignedAttributes({
                        type: 0,
                        attributes: [
                            new pkijs.Attribute({
                                type: TSP_OIDS.contentType,
                                values: [new asn1js.ObjectIdentifier({ value: TSP_OIDS.tstInfo })],
                            }),
                            new pkijs.Attribute({
                                type: TSP_OIDS.messageDigest,
                                values: [
                                    new asn1js.OctetString({
                                        valueHex: await crypto.subtle.digest('SHA-256', asWebCryptoBytes(content)),
                                    }),
                                ],
                            }),
                            signingCertificateV2Attribute(this.#signerDer),
                        ],
                    }),
                }),
            ],
            ...(request.certReq ? { certificates: [...this.#certificates] } : {}),
        });
        await signedData.sign(this.#key, 0, 'SHA-256');
        const token = new pkijs.ContentInfo({ contentType: TSP_OIDS.signedData, content: signedData.toSchema(true) });
        return grantedReply(new Uint8Array(token.toSchema().toBER()));
    }
}

/** A TimeStampResp granting `token` (a DER TimeStampToken). */
export function grantedReply(token: Uint8Array): Uint8Array {
    const reply = new pkijs.TimeStampResp({
        status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
        timeStampToken: pkijs.ContentInfo.fromBER(asWebCryptoBytes(token)),
    });
    return new Uint8Array(reply.toSchema().toBER());
}

/** A TimeStampResp that refuses, with the failure bit and a text a person reads. */
export function rejection(failure: TspFailure, text: string): Uint8Array {
    const bits = failureBits(failure);
    const reply = new pkijs.TimeStampResp({
        status: new pkijs.PKIStatusInfo({
            status: pkijs.PKIStatus.rejection,
            statusStrings: [new asn1js.Utf8String({ value: text })],
            failInfo: new asn1js.BitString({ valueHex: bits.bytes, unusedBits: bits.unusedBits }),
        }),
    });
    return new Uint8Array(reply.toSchema().toBER());
}
