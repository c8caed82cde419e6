import { FabricDecodeError, required } from './decode-error.js';
import { decodeEndorserAction, type EndorserAction } from './endorser-action.js';
import { decodeIdentity, type SerializedIdentity } from './identity.js';
import { WireMessage } from './wire.js';

/** common.HeaderType values the verifier meets. */
export const HEADER_TYPE = Object.freeze({ config: 1, endorserTransaction: 3 } as const);

/** The fields of a common.ChannelHeader a receipt is checked against. */
export interface ChannelHeader {
    readonly type: number;
    readonly channelId: string;
    readonly txId: string;
    /** Client-asserted transaction time, ISO-8601 with milliseconds. */
    readonly time: string | undefined;
    /** Serialized peer.ChaincodeHeaderExtension for endorser transactions. */
    readonly extension: Uint8Array;
}

/** The parts of a transaction envelope a receipt is checked against. */
export interface DecodedTransaction {
    /** The signed bytes: the serialized common.Payload. */
    readonly payload: Uint8Array;
    /** The creator's signature over {@link payload}. */
    readonly signature: Uint8Array;
    readonly channelHeaderBytes: Uint8Array;
    readonly signatureHeaderBytes: Uint8Array;
    readonly type: number;
    readonly channelId: string;
    readonly txId: string;
    /** Client-asserted transaction time (the channel header timestamp), ISO-8601 with milliseconds. */
    readonly time: string | undefined;
    readonly creator: SerializedIdentity;
    readonly nonce: Uint8Array;
    /** Chaincode named in the channel header extension (endorser transactions only). */
    readonly chaincodeName: string | undefined;
    /** The endorsed action of an endorser transaction; undefined for other transaction types. */
    readonly action: EndorserAction | undefined;
}

interface EnvelopeParts {
    readonly payload: Uint8Array;
    readonly signature: Uint8Array;
    readonly channelHeaderBytes: Uint8Array;
    readonly signatureHeaderBytes: Uint8Array;
    readonly data: Uint8Array;
}

// Envelope: payload 1, signature 2. Payload: header 1, data 2. Header: channel_header 1, signature_header 2.
function envelopeParts(envelopeBytes: Uint8Array): EnvelopeParts {
    const envelope = WireMessage.decode('common.Envelope', envelopeBytes);
    const payloadBytes = envelope.bytes(1);
    const payload = WireMessage.decode('common.Payload', payloadBytes);
    const header = required(payload.message(1, 'common.Header'), 'common.Payload', 'header');
    return {
        payload: payloadBytes,
        signature: envelope.bytes(2),
        channelHeaderBytes: header.bytes(1),
        signatureHeaderBytes: header.bytes(2),
        data: payload.bytes(2),
    };
}

/**
 * Decodes a serialized common.Envelope down to its read-write set.
 *
 * @throws {@link FabricDecodeError} when any nested message is malformed or missing.
 */
export function decodeTransaction(envelopeBytes: Uint8Array): DecodedTransaction {
    const parts = envelopeParts(envelopeBytes);
    const channelHeader = decodeChannelHeader(parts.channelHeaderBytes);
    // SignatureHeader: creator 1, nonce 2.
    const signatureHeader = WireMessage.decode('common.SignatureHeader', parts.signatureHeaderBytes);
    const isEndorser = channelHeader.type === HEADER_TYPE.endorserTransaction;
    return {
        payload: parts.payload,
        signature: parts.signature,
        channelHeaderBytes: parts.channelHeaderBytes,
        signatureHeaderBytes: parts.signatureHeaderBytes,
        type: channelHeader.type,
        channelId: channelHeader.channelId,
        txId: channelHeader.txId,
        time: channelHeader.time,
        creator: decodeIdentity(signatureHeader.bytes(1)),
        nonce: signatureHeader.bytes(2),
        chaincodeName: isEndorser ? chaincodeNameOf(channelHeader.extension) : undefined,
        action: isEndorser ? decodeEndorserAction(parts.data) : undefined,
    };
}

/**
 * Decodes a serialized common.ChannelHeader (type 1, timestamp 3, channel_id 4, tx_id 5, extension 7).
 *
 * @throws {@link FabricDecodeError} when the bytes are not one.
 */
function decodeChannelHeader(bytes: Uint8Array): ChannelHeader {
    const header = WireMessage.decode('common.ChannelHeader', bytes);
    return {
        type: header.safeInteger(1),
        channelId: header.string(4),
        txId: header.string(5),
        time: timeOf(header.message(3, 'google.protobuf.Timestamp')),
        extension: header.bytes(7),
    };
}

/** The channel header of a serialized envelope, read no deeper. */
export function channelHeaderOfEnvelope(envelopeBytes: Uint8Array): ChannelHeader {
    return decodeChannelHeader(envelopeParts(envelopeBytes).channelHeaderBytes);
}

/** The transaction ID of a serialized envelope, or undefined when it does not decode. */
export function channelHeaderTxId(envelopeBytes: Uint8Array): string | undefined {
    try {
        return channelHeaderOfEnvelope(envelopeBytes).txId;
    } catch {
        return undefined;
    }
}

// Timestamp: seconds 1, nanos 2.
function timeOf(timestamp: WireMessage | undefined): string | undefined {
    if (timestamp === undefined) {
        return undefined;
    }
    const millis = timestamp.safeInteger(1) * 1000 + Math.floor(timestamp.safeInteger(2) / 1e6);
    if (!Number.isFinite(millis) || Math.abs(millis) > 8.64e15) {
        throw new FabricDecodeError('common.ChannelHeader', 'timestamp out of range');
    }
    return new Date(millis).toISOString();
}

// ChaincodeHeaderExtension: chaincode_id 2. ChaincodeID: name 2.
function chaincodeNameOf(extension: Uint8Array): string | undefined {
    const header = WireMessage.decode('protos.ChaincodeHeaderExtension', extension);
    return header.message(2, 'protos.ChaincodeID')?.string(2);
}
