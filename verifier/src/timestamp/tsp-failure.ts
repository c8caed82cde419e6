/**
 * The PKIFailureInfo bits of RFC 3161 §2.4.2 a TSA answers with, by name. A rejection names exactly one of them, so
 * the client can tell a request it must fix from a TSA that cannot serve it now.
 */
export const TSP_FAILURES = Object.freeze({
    /** Unrecognised or unsupported algorithm identifier (e.g. an imprint over SHA-1). */
    badAlg: 0,
    /** Transaction not permitted or supported. */
    badRequest: 2,
    /** The data submitted has the wrong format. */
    badDataFormat: 5,
    /** The TSA's time source is not available. */
    timeNotAvailable: 14,
    /** The requested TSA policy is not supported by the TSA. */
    unacceptedPolicy: 15,
    /** The requested extension is not supported by the TSA. */
    unacceptedExtension: 16,
    /** The request cannot be handled due to system failure. */
    systemFailure: 25,
});

export type TspFailure = keyof typeof TSP_FAILURES;

/** The DER bits of a PKIFailureInfo naming one failure: bit 0 is the high bit of the first byte. */
export function failureBits(failure: TspFailure): { bytes: Uint8Array; unusedBits: number } {
    const bit = TSP_FAILURES[failure];
    const bytes = new Uint8Array(Math.floor(bit / 8) + 1);
    bytes[bytes.length - 1] = 0x80 >> (bit % 8);
    // DER drops trailing zero bits of a named bit list.
    return { bytes, unusedBits: 7 - (bit % 8) };
}

/** The failure names a PKIFailureInfo's bits set. */
export function failuresOf(bytes: Uint8Array): TspFailure[] {
    return (Object.keys(TSP_FAILURES) as TspFailure[]).filter((name) => {
        const bit = TSP_FAILURES[name];
        const byte = bytes[Math.floor(bit / 8)];
        return byte !== undefined && (byte & (0x80 >> (bit % 8))) !== 0;
    });
}
