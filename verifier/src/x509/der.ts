import { CodedError } from '@lendledger/domain';

/**
 * A strict DER reader (ITU-T X.690 §10): definite, minimally encoded lengths only, because certificates are signed
 * over their exact bytes and anything looser lets two readers disagree about what was signed.
 */

/** Thrown when bytes are not well-formed DER or not the structure expected. */
export class DerError extends CodedError {
    readonly offset: number;

    constructor(message: string, offset: number) {
        super('DER_INVALID', `${message} (at byte ${offset})`);
        this.offset = offset;
    }
}

/** One TLV element, located inside the bytes it was read from (nothing is copied). */
export interface DerNode {
    readonly bytes: Uint8Array;
    readonly tag: number;
    /** Offset of the tag byte. */
    readonly start: number;
    /** Offset of the first content byte. */
    readonly contentStart: number;
    /** Offset just past the element. */
    readonly end: number;
}

/** Universal tags used by X.509. */
export const DER_TAGS = Object.freeze({
    boolean: 0x01,
    integer: 0x02,
    bitString: 0x03,
    octetString: 0x04,
    null: 0x05,
    oid: 0x06,
    utf8String: 0x0c,
    printableString: 0x13,
    ia5String: 0x16,
    utcTime: 0x17,
    generalizedTime: 0x18,
    sequence: 0x30,
    set: 0x31,
} as const);

/**
 * Reads the element starting at `offset`.
 *
 * @throws {@link DerError} for multi-byte tags, indefinite or non-minimal lengths and elements overrunning `limit`.
 */
export function readNode(bytes: Uint8Array, offset = 0, limit = bytes.length): DerNode {
    if (offset + 2 > limit) {
        throw new DerError('truncated element', offset);
    }
    const tag = bytes[offset]!;
    if ((tag & 0x1f) === 0x1f) {
        throw new DerError('multi-byte tags are not used by X.509', offset);
    }
    const { length, contentStart } = readLength(bytes, offset, limit);
    const end = contentStart + length;
    if (end > limit) {
        throw new DerError('element overruns its container', offset);
    }
    return { bytes, tag, start: offset, contentStart, end };
}

function readLength(bytes: Uint8Array, offset: number, limit: number): { length: number; contentStart: number } {
    const first = bytes[offset + 1]!;
    if ((first & 0x80) === 0) {
        return { length: first, contentStart: offset + 2 };
    }
    const count = first & 0x7f;
    const start = offset + 2;
    if (count === 0 || count > 4) {
        throw new DerError('indefinite or oversized length', offset);
    }
    if (start + count > limit) {
        throw new DerError('truncated length', offset);
    }
    let length = 0;
    for (let i = 0; i < count; i++) {
        length = length * 256 + bytes[start + i]!;
    }
    if (length < 0x80 || bytes[start] === 0) {
        throw new DerError('length not minimally encoded', offset);
    }
    return { length, contentStart: start + count };
}

/** Reads a whole buffer as exactly one element. */
export function readRoot(bytes: Uint8Array): DerNode {
    const node = readNode(bytes, 0);
    if (node.end !== bytes.length) {
        throw new DerError('trailing bytes after the element', node.end);
    }
    return node;
}

/** The elements inside a constructed element, in order. */
export function childrenOf(node: DerNode): DerNode[] {
    const children: DerNode[] = [];
    let offset = node.contentStart;
    while (offset < node.end) {
        const child = readNode(node.bytes, offset, node.end);
        children.push(child);
        offset = child.end;
    }
    return children;
}

/** The content bytes of an element (a view, not a copy). */
export function contentOf(node: DerNode): Uint8Array {
    return node.bytes.subarray(node.contentStart, node.end);
}

/** The whole encoding of an element, tag and length included (a view). */
export function encodingOf(node: DerNode): Uint8Array {
    return node.bytes.subarray(node.start, node.end);
}

/** Requires the element to carry the given tag. */
export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
    if (node === undefined) {
        throw new DerError(`missing ${what}`, 0);
    }
    if (node.tag !== tag) {
        throw new DerError(`${what}: expected tag 0x${tag.toString(16)}, found 0x${node.tag.toString(16)}`, node.start);
    }
    return node;
}

/** Dotted form of an OBJECT IDENTIFIER. */
export function readOid(node: DerNode): string {
    const content = contentOf(expectTag(node, DER_TAGS.oid, 'object identifier'));
    const arcs: number[] = [];
    let value = 0;
    for (const byte of content) {
        value = value * 128 + (byte & 0x7f);
        if ((byte & 0x80) === 0) {
            arcs.push(value);
            value = 0;
        }
    }
    const first = arcs.shift() ?? 0;
    const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
    return [...head, ...arcs].join('.');
}

/** Content of a BIT STRING that has no unused bits (keys and signatures always do). */
export function readBitString(node: DerNode): Uint8Array {
    const content = contentOf(expectTag(node, DER_TAGS.bitString, 'bit string'));
    if (content.length === 0 || content[0] !== 0) {
        throw new DerError('bit string with unused bits', node.start);
    }
    return content.subarray(1);
}

const LATIN1 = new TextDecoder('latin1');
const UTF8 = new TextDecoder('utf-8');

/** A string-valued element (UTF8String, PrintableString, IA5String and the like) as text. */
export function readString(node: DerNode): string {
    const content = contentOf(node);
    return node.tag === DER_TAGS.utf8String ? UTF8.decode(content) : LATIN1.decode(content);
}

/** UTCTime (years 1950-2049, RFC 5280 §4.1.2.5.1) or GeneralizedTime, both in Zulu time. */
export function readTime(node: DerNode): Date {
    const text = LATIN1.decode(contentOf(node));
    const match = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    const isUtc = node.tag === DER_TAGS.utcTime;
    if (!match || (isUtc ? match[1]!.length !== 2 : match[1]!.length !== 4)) {
        throw new DerError(`malformed time "${text}"`, node.start);
    }
    let year = Number(match[1]);
    if (isUtc) {
        year += year < 50 ? 2000 : 1900;
    }
    const [month, day, hour, minute, second] = match.slice(2).map(Number) as [number, number, number, number, number];
    return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}
