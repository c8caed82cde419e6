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
    // Envelope: payload 1. A prepared transaction without one cannot be a witness.
    if (envelope === undefined || WireMessage.decode('common.Envelope', envelope).optionalBytes(1) === undefined) {
        throw new FabricDecodeError('gateway.PreparedTransaction', 'no transaction envelope with a payload');
    }
    return envelope;
}
