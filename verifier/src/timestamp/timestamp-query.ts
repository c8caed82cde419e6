import { CodedError } from '@lendledger/domain';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { failuresOf, type TspFailure } from './tsp-failure.js';
import { TSP_OIDS } from './tsp-oids.js';
import { asWebCryptoBytes } from '../crypto/webcrypto-types.js';

/** The media types of RFC 3161 §3.4 (time-stamp protocol over HTTP). */
export const TIMESTAMP_QUERY_TYPE = 'application/timestamp-query';
export const TIMESTAMP_REPLY_TYPE = 'application/timestamp-reply';

/** What a time-stamp request asks for. */
export interface TimestampQueryOptions {
    /** A positive integer the TSA must echo, so that an old or foreign reply is recognised. */
    readonly nonce?: bigint;
    /** Ask the TSA to put its certificate in the token, so the token can be checked with the roots alone. */
    readonly certReq?: boolean;
    /** The TSA policy asked for; any policy of the TSA when absent. */
    readonly policy?: string;
}

/**
 * A DER TimeStampReq (RFC 3161 §2.4.1) for a SHA-256 imprint.
 *
 * @throws RangeError when the imprint is not 32 bytes long.
 */
export function timestampQuery(sha256Imprint: Uint8Array, options: TimestampQueryOptions = {}): Uint8Array {
    if (sha256Imprint.length !== 32) {
        throw new RangeError(`a SHA-256 imprint is 32 bytes, not ${sha256Imprint.length}`);
    }
    const request = new pkijs.TimeStampReq({
        version: 1,
        messageImprint: new pkijs.MessageImprint({
            hashAlgorithm: new pkijs.AlgorithmIdentifier({
                algorithmId: TSP_OIDS.sha256,
                algorithmParams: new asn1js.Null(),
            }),
            hashedMessage: new asn1js.OctetString({ valueHex: sha256Imprint }),
        }),
        certReq: options.certReq ?? true,
        ...(options.nonce === undefined ? {} : { nonce: asn1js.Integer.fromBigInt(options.nonce) }),
        ...(options.policy === undefined ? {} : { reqPolicy: options.policy }),
    });
    return new Uint8Array(request.toSchema().toBER());
}

/** A TSA's answer (TimeStampResp, RFC 3161 §2.4.2): its status and, when granted, the token. */
export interface TimestampReply {
    /** PKIStatus: 0 granted, 1 granted with modifications, 2 rejection, … */
    readonly status: number;
    readonly statusText: readonly string[];
    readonly failures: readonly TspFailure[];
    /** The DER TimeStampToken (a CMS ContentInfo) when the status grants one. */
    readonly token?: Uint8Array;
}

/** A reply that is not a DER TimeStampResp. */
export class TimestampReplyError extends CodedError {
    constructor(message: string) {
        super('TIMESTAMP_REPLY_INVALID', message);
    }
}

/**
 * Reads a TSA's reply.
 *
 * @throws {@link TimestampReplyError} when the bytes are not a TimeStampResp.
 */
export function parseTimestampReply(der: Uint8Array): TimestampReply {
    let reply: pkijs.TimeStampResp;
    try {
        reply = pkijs.TimeStampResp.fromBER(asWebCryptoBytes(der));
    } catch (error) {
        throw new TimestampReplyError(`not a time-stamp reply: ${(error as Error).message}`);
    }
    const { status, statusStrings, failInfo } = reply.status;
    const granted = status === pkijs.PKIStatus.granted || status === pkijs.PKIStatus.grantedWithMods;
    return {
        status,
        statusText: (statusStrings ?? []).map((text) => text.valueBlock.value),
        failures: failInfo ? failuresOf(failInfo.valueBlock.valueHexView) : [],
        ...(granted && reply.timeStampToken ? { token: new Uint8Array(reply.timeStampToken.toSchema().toBER()) } : {}),
    };
}
