import { sha256 } from '../crypto/sha256.js';
import { blockHeaderBytes } from '../decode/block-header-bytes.js';
import { decodeBlock } from '../decode/block.js';

/** What a TSA is asked to date for a block: SHA-256 of its header's DER, and the block's number. */
export interface BlockImprint {
    readonly number: number;
    /** The header's DER, what the token dates. */
    readonly header: Uint8Array;
    /** SHA-256 of the header's DER (Fabric's block hash), the imprint of the block's time-stamp token. */
    readonly sha256: Uint8Array;
}

/**
 * The time-stamp imprint of a serialized common.Block.
 *
 * @throws {@link FabricDecodeError} when the bytes are not a block.
 */
export function blockImprint(block: Uint8Array): BlockImprint {
    const decoded = decodeBlock(block);
    const header = blockHeaderBytes(decoded);
    return { number: decoded.number, header, sha256: sha256(header) };
}
