/**
 * Reads the height from the bytes of a Fabric `common.BlockchainInfo` (what qscc GetChainInfo answers): field 1,
 * a uint64 varint. The other fields (block hashes, snapshot info) are skipped, so the gateway needs no protobuf
 * library for this one number.
 *
 * @throws RangeError for bytes that are not a BlockchainInfo with a height.
 * @example heightOfChainInfo(await qscc.evaluateTransaction('GetChainInfo', 'lending')) // 42n
 */
export function heightOfChainInfo(bytes: Uint8Array): bigint {
    const cursor = { offset: 0 };
    let height: bigint | undefined;
    while (cursor.offset < bytes.length) {
        const key = readVarint(bytes, cursor);
        const wireType = Number(key & 7n);
        if (key >> 3n === 1n && wireType === 0) {
            height = readVarint(bytes, cursor);
        } else if (wireType === 0) {
            readVarint(bytes, cursor);
        } else if (wireType === 2) {
            const length = Number(readVarint(bytes, cursor));
            cursor.offset += length;
        } else {
            throw new RangeError(`BlockchainInfo: unexpected wire type ${wireType}`);
        }
    }
    if (height === undefined || cursor.offset !== bytes.length) {
        throw new RangeError('BlockchainInfo: no height');
    }
    return height;
}

function readVarint(bytes: Uint8Array, cursor: { offset: number }): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
        const byte = bytes[cursor.offset++];
        if (byte === undefined) {
            throw new RangeError('BlockchainInfo: truncated varint');
        }
        value |= BigInt(byte & 0x7f) << shift;
        if ((byte & 0x80) === 0) {
            return value;
        }
    }
    throw new RangeError('BlockchainInfo: varint too long');
}
