import { BLOCK_METADATA_INDEX, type DecodedBlock } from './block.js';
import { decodeIdentity, type SerializedIdentity } from './identity.js';
import { FabricDecodeError } from './decode-error.js';
import { WireMessage } from './wire.js';

export { TX_VALID, validationCodeName } from './validation-codes.js';

/** One orderer signature from the block's SIGNATURES metadata. */
export interface BlockSignature {
    /** The serialized SignatureHeader; signed as part of the message when present. */
    readonly signatureHeader: Uint8Array;
    /** The signer, or undefined when the signature carries only a consenter number (SmartBFT identifier header). */
    readonly signer: SerializedIdentity | undefined;
    /**
     * The serialized IdentifierHeader (identifier 1, nonce 2) a SmartBFT consenter signs instead of a signature
     * header; empty otherwise.
     */
    readonly identifierHeader: Uint8Array;
    /**
     * The consenter number the identifier header names, when the signature header is empty and an identifier header
     * is present: the only case in which Fabric looks the signer up in the channel's consenter set.
     */
    readonly consenterId: number | undefined;
    readonly signature: Uint8Array;
}

/** The SIGNATURES metadata: the common value every signature covers, and the signatures. */
export interface BlockSignatures {
    readonly value: Uint8Array;
    readonly signatures: readonly BlockSignature[];
}

/**
 * Decodes the SIGNATURES metadata: a common.Metadata (value 1, signatures 2) of common.MetadataSignature
 * (signature_header 1, signature 2, identifier_header 3) whose SignatureHeader names the signer (creator 1), or,
 * for a SmartBFT consenter, whose IdentifierHeader names it by number (`protoutil.BlockSignatureVerifier`).
 *
 * @throws {@link FabricDecodeError} when it or a signature header is malformed.
 */
export function blockSignaturesOf(block: DecodedBlock): BlockSignatures {
    const bytes = block.metadata[BLOCK_METADATA_INDEX.signatures] ?? new Uint8Array();
    const metadata = WireMessage.decode('common.Metadata', bytes);
    return {
        value: metadata.bytes(1),
        signatures: metadata.repeatedBytes(2).map((entryBytes) => {
            const entry = WireMessage.decode('common.MetadataSignature', entryBytes);
            const signatureHeader = entry.bytes(1);
            const identifierHeader = entry.bytes(3);
            const byNumber = signatureHeader.length === 0 && identifierHeader.length > 0;
            const creator = WireMessage.decode('common.SignatureHeader', signatureHeader).bytes(1);
            return {
                signatureHeader,
                signer: signatureHeader.length === 0 ? undefined : decodeIdentity(creator),
                identifierHeader,
                consenterId: byNumber ? consenterIdOf(identifierHeader) : undefined,
                signature: entry.bytes(2),
            };
        }),
    };
}

/** The identifier (a uint32 consenter number) of a serialized common.IdentifierHeader. */
function consenterIdOf(identifierHeader: Uint8Array): number {
    const identifier = WireMessage.decode('common.IdentifierHeader', identifierHeader).integer(1);
    if (identifier < 0n || identifier > 0xffffffffn) {
        throw new FabricDecodeError('common.IdentifierHeader', 'the identifier is not a uint32');
    }
    return Number(identifier);
}

/**
 * The committing peer's validation code for the transaction at `index` (TRANSACTIONS_FILTER metadata, one byte per
 * transaction), or undefined when the block carries none for it.
 */
export function validationCodeOf(block: DecodedBlock, index: number): number | undefined {
    const filter = block.metadata[BLOCK_METADATA_INDEX.transactionsFilter];
    return filter !== undefined && filter.length === block.data.length ? filter[index] : undefined;
}
