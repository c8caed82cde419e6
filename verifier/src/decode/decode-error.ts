import { CodedError } from '@lendledger/domain';

/** Thrown when bytes in a receipt do not decode as the Fabric message they must be. */
export class FabricDecodeError extends CodedError {
    /** The message being decoded, e.g. `common.Block` or `protos.ChaincodeActionPayload`. */
    readonly messageType: string;

    constructor(messageType: string, message: string, options?: ErrorOptions) {
        super('FABRIC_DECODE_FAILED', `${messageType}: ${message}`, options);
        this.messageType = messageType;
    }
}

/**
 * Requires a message field to be present.
 *
 * @throws {@link FabricDecodeError} naming the missing field.
 */
export function required<T>(value: T | undefined, messageType: string, field: string): T {
    if (value === undefined) {
        throw new FabricDecodeError(messageType, `missing ${field}`);
    }
    return value;
}
