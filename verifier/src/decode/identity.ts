import { fromUtf8, utf8 } from '../encoding/bytes.js';
import { WireMessage } from './wire.js';

/** A Fabric identity as transactions carry it: the MSP it claims and its certificate in PEM. */
export interface SerializedIdentity {
    readonly mspId: string;
    /** `id_bytes`: for X.509 MSPs the PEM certificate. */
    readonly idBytes: Uint8Array;
    /** The exact serialized bytes (what endorsement signatures cover and what the transaction ID hashes). */
    readonly bytes: Uint8Array;
    /** A map key for caches: MSP ID and certificate text. */
    readonly key: string;
}

/**
 * Decodes a serialized msp.SerializedIdentity (mspid 1, id_bytes 2).
 *
 * @throws {@link FabricDecodeError} when the bytes are not one.
 */
export function decodeIdentity(bytes: Uint8Array): SerializedIdentity {
    const identity = WireMessage.decode('msp.SerializedIdentity', bytes);
    const mspId = identity.string(1);
    const idBytes = identity.bytes(2);
    return { mspId, idBytes, bytes, key: `${mspId}\u0000${fromUtf8(idBytes)}` };
}

/**
 * The msp.SerializedIdentity of an MSP ID and PEM certificate, encoded as Fabric's `searchConsenterIdentityByID`
 * does for a consenter of the channel's ConsenterMapping: what a BFT consenter that names itself only by number
 * signs as.
 */
export function consenterIdentity(mspId: string, pem: string): SerializedIdentity {
    const idBytes = utf8(pem);
    const field = (tag: number, value: Uint8Array): number[] => [tag, ...varint(value.length), ...value];
    const bytes = Uint8Array.from([...field(0x0a, utf8(mspId)), ...field(0x12, idBytes)]);
    return { mspId, idBytes, bytes, key: `${mspId}\u0000${pem}` };
}

function varint(value: number): number[] {
    const out: number[] = [];
    let rest = value;
    while (rest >= 0x80) {
        out.push((rest & 0x7f) | 0x80);
        rest >>>= 7;
    }
    out.push(rest);
    return out;
}
