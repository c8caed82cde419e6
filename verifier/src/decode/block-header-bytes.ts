import { derElement, derSequence, derUnsignedInteger } from '../x509/der-writer.js';
import { type DecodedBlock } from './block.js';

/**
 * The bytes orderers sign for a block header: Fabric's `protoutil.BlockHeaderBytes`, the ASN.1 DER encoding of
 * `SEQUENCE { Number INTEGER, PreviousHash OCTET STRING, DataHash OCTET STRING }` (Go's encoding/asn1 of the
 * `asn1Header` struct). SHA-256 of these bytes is the block hash the next block's `previous_hash` carries.
 */
export function blockHeaderBytes(block: Pick<DecodedBlock, 'number' | 'previousHash' | 'dataHash'>): Uint8Array {
    return derSequence(
        derUnsignedInteger(BigInt(block.number)),
        derElement(0x04, block.previousHash),
        derElement(0x04, block.dataHash),
    );
}
