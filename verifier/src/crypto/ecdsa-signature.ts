import { fromHex } from '../encoding/bytes.js';
import { childrenOf, contentOf, DER_TAGS, DerError, expectTag, readNode, type DerNode } from '../x509/der.js';

/** An ECDSA signature's two integers, as minimal unsigned big-endian bytes (no leading zero byte). */
export interface EcdsaSignature {
    readonly r: Uint8Array;
    readonly s: Uint8Array;
}

/** Order n of the P-256 group. */
export const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

// Both are 32 bytes without a leading zero byte, the minimal form compareUnsigned expects.
const ORDER_BYTES = fromHex(P256_ORDER.toString(16).padStart(64, '0'));
const HALF_ORDER_BYTES = fromHex((P256_ORDER >> 1n).toString(16).padStart(64, '0'));

/**
 * Reads a DER `SEQUENCE { r INTEGER, s INTEGER }` the way Fabric's `bccsp/utils.UnmarshalECDSASignature` does
 * (Go's encoding/asn1: minimal integers, r and s positive, bytes after the sequence ignored).
 *
 * @returns the integers, or undefined when the bytes are not such a signature.
 */
export function parseDerSignature(der: Uint8Array): EcdsaSignature | undefined {
    try {
        const [r, s] = childrenOf(expectTag(readNode(der, 0), DER_TAGS.sequence, 'signature'));
        const value = { r: positiveInteger(r), s: positiveInteger(s) };
        return value.r === undefined || value.s === undefined ? undefined : (value as EcdsaSignature);
    } catch (error) {
        if (error instanceof DerError) {
            return undefined;
        }
        throw error;
    }
}

// Compared as bytes rather than BigInt: this runs for every signature of every receipt.
function positiveInteger(node: DerNode | undefined): Uint8Array | undefined {
    const content = contentOf(expectTag(node, DER_TAGS.integer, 'integer'));
    if (content.length === 0 || content[0]! & 0x80) {
        return undefined;
    }
    if (content[0] === 0 && (content.length === 1 || content[1]! < 0x80)) {
        // Zero, or a leading zero that was not needed: Go refuses both (zero as "must be larger than zero").
        return undefined;
    }
    return content[0] === 0 ? content.subarray(1) : content;
}

/**
 * True when s is at most half the group order. Fabric refuses other signatures ("Invalid S. Must be smaller than
 * half the order", fabric-lib-go `bccsp/sw/ecdsa.go` verifyECDSA) so that a signature cannot be re-shaped into a
 * second valid one.
 */
export function isLowS(signature: EcdsaSignature): boolean {
    return compareUnsigned(signature.s, HALF_ORDER_BYTES) <= 0;
}

/** IEEE P1363 form (r ‖ s, 32 bytes each), what WebCrypto expects for P-256; undefined when r or s ≥ n. */
export function toP1363(signature: EcdsaSignature): Uint8Array | undefined {
    if (compareUnsigned(signature.r, ORDER_BYTES) >= 0 || compareUnsigned(signature.s, ORDER_BYTES) >= 0) {
        return undefined;
    }
    const out = new Uint8Array(64);
    out.set(signature.r, 32 - signature.r.length);
    out.set(signature.s, 64 - signature.s.length);
    return out;
}

function compareUnsigned(a: Uint8Array, b: Uint8Array): number {
    if (a.length !== b.length) {
        return a.length - b.length;
    }
    for (let i = 0; i < a.length; i++) {
        if (a[i] !== b[i]) {
            return a[i]! - b[i]!;
        }
    }
    return 0;
}
