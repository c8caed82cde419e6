import { FabricDecodeError } from '../decode/decode-error.js';
import { WireMessage } from '../decode/wire.js';

/**
 * The transaction envelope inside fabric-gateway's prepared transaction (`Transaction.getBytes()`, a
 * gateway.PreparedTransaction: transaction_id 1, envelope 2): what a receipt's validity witness carries, so that the
 * verifier reads it as any other Fabric transaction.
 *
 * @throws {@link FabricDecodeError} when the bytes are not a prepared transaction holding an envelope with a payload.
 * @example const witness = witnessEnvelopeOf((await contract.newProposal(name, options).endorse()).getBytes());
 */
export function witnessEnvelopeOf(preparedTransaction: Uint8Array): Uint8Array {
    const envelope = WireMessage.decode('gateway.PreparedTransaction', preparedTransaction).optionalBytes(2);
    // Envelope: payload 1, signature 2. A prepared transaction without a payload cannot be a witness.
    const payload =
        envelope === undefined ? undefined : WireMessage.decode('common.Envelope', envelope).optionalBytes(1);
    if (payload === undefined) {
        throw new FabricDecodeError('gateway.PreparedTransaction', 'no transaction envelope with a payload');
    }
    // Only the payload: a never-submitted witness needs no creator's signature (its endorsements bind its header and
    // proposal), and bytes that no check reads could be changed without failing one. The verifier refuses a witness
    // carrying a signature, so every byte of a witness is checked.
    return envelopeOfPayload(payload);
}

/** A common.Envelope holding only `payload` (field 1, length-delimited), in protobuf's canonical encoding. */
function envelopeOfPayload(payload: Uint8Array): Uint8Array {
    const length: number[] = [];
    for (let rest = payload.length; ; rest = Math.floor(rest / 128)) {
        if (rest < 128) {
            length.push(rest);
            break;
        }
        length.push((rest % 128) | 0x80);
    }
    const envelope = new Uint8Array(1 + length.length + payload.length);
    envelope.set([0x0a, ...length]);
    envelope.set(payload, 1 + length.length);
    return envelope;
}
