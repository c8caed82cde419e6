import { fromUtf8 } from '../encoding/bytes.js';
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
