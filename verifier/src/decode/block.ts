import { FabricDecodeError, required } from './decode-error.js';
import { WireMessage } from './wire.js';

/** Positions in `Block.metadata.metadata` (common.BlockMetadataIndex). */
export const BLOCK_METADATA_INDEX = Object.freeze({
    signatures: 0,
    lastConfig: 1,
    transactionsFilter: 2,
    orderer: 3,
    commitHash: 4,
} as const);

/** A block split into the parts the checks work on; every byte array is exactly what the block carried. */
export interface DecodedBlock {
    readonly number: number;
    readonly previousHash: Uint8Array;
    readonly dataHash: Uint8Array;
    /** The data entries: each a serialized common.Envelope. */
    readonly data: readonly Uint8Array[];
    /** The metadata entries, indexed by {@link BLOCK_METADATA_INDEX}. */
    readonly metadata: readonly Uint8Array[];
}

/**
 * Decodes a serialized common.Block (header 1, data 2, metadata 3; header: number 1, previous_hash 2, data_hash 3).
 *
 * @throws {@link FabricDecodeError} when the bytes are not a block with a header, data and metadata.
 */
export function decodeBlock(bytes: Uint8Array): DecodedBlock {
    const block = WireMessage.decode('common.Block', bytes);
    const header = required(block.message(1, 'common.BlockHeader'), 'common.Block', 'header');
    const data = required(block.message(2, 'common.BlockData'), 'common.Block', 'data');
    const metadata = required(block.message(3, 'common.BlockMetadata'), 'common.Block', 'metadata');
    const number = header.safeInteger(1);
    if (number < 0) {
        throw new FabricDecodeError('common.BlockHeader', `block number ${number} is out of range`);
    }
    return {
        number,
        previousHash: header.bytes(2),
        dataHash: header.bytes(3),
        data: data.repeatedBytes(1),
        metadata: metadata.repeatedBytes(1),
    };
}
