import {
    FINGERPRINT_PATTERN,
    HASH_PATTERN,
    RECEIPT_FORMAT,
    type Receipt,
    type ReceiptAnchor,
    type ReceiptSummary,
    type ReceiptWitness,
    type ReceiptTimestamp,
} from './receipt.js';
import { ReceiptFormatError } from './receipt-format-error.js';

type Json = Record<string, unknown>;

/**
 * Checks that a parsed JSON value has the shape of a `lendledger-receipt/2` receipt. Only the shape: whether the
 * bytes prove anything is for the checks.
 *
 * @throws {@link ReceiptFormatError} naming the first field that is missing or of the wrong type.
 */
export function parseReceipt(value: unknown): Receipt {
    const receipt = object(value, '$');
    if (receipt.format !== RECEIPT_FORMAT) {
        throw new ReceiptFormatError('$.format', `must be "${RECEIPT_FORMAT}"`);
    }
    const transaction = object(receipt.transaction, '$.transaction');
    const write = object(receipt.write, '$.write');
    const block = object(receipt.block, '$.block');
    return {
        format: RECEIPT_FORMAT,
        fingerprint: matching(receipt.fingerprint, '$.fingerprint', FINGERPRINT_PATTERN),
        channel: text(receipt.channel, '$.channel'),
        chaincode: text(receipt.chaincode, '$.chaincode'),
        transaction: {
            id: matching(transaction.id, '$.transaction.id', HASH_PATTERN),
            index: count(transaction.index, '$.transaction.index'),
        },
        write: { key: text(write.key, '$.write.key'), member: text(write.member, '$.write.member') },
        ...(receipt.anchor === undefined ? {} : { anchor: parseAnchor(receipt.anchor) }),
        block: {
            number: count(block.number, '$.block.number'),
            // Decoding checks the alphabet; a regular expression over megabytes of base64 would only repeat it.
            bytes: text(block.bytes, '$.block.bytes'),
        },
        // Absent, the witness fails its own check rather than the format: the rest of the receipt is still examined.
        ...(receipt.witness === undefined ? {} : { witness: parseWitness(receipt.witness) }),
        summary: object(receipt.summary, '$.summary') as unknown as ReceiptSummary,
        ...(receipt.timestamp === undefined ? {} : { timestamp: parseTimestamp(receipt.timestamp) }),
        ...(typeof receipt.issuedAt === 'string' ? { issuedAt: receipt.issuedAt } : {}),
    };
}

function parseWitness(value: unknown): ReceiptWitness {
    const witness = object(value, '$.witness');
    return { envelope: text(witness.envelope, '$.witness.envelope') };
}

function parseAnchor(value: unknown): ReceiptAnchor {
    const anchor = object(value, '$.anchor');
    if (anchor.treeAlgorithm !== 'rfc9162-sha256' || anchor.leafEncoding !== 'utf8-canonical-fingerprint') {
        throw new ReceiptFormatError('$.anchor', 'only rfc9162-sha256 trees of utf8-canonical-fingerprint leaves');
    }
    const path = anchor.auditPath;
    if (!Array.isArray(path)) {
        throw new ReceiptFormatError('$.anchor.auditPath', 'must be an array of hex hashes');
    }
    return {
        anchorId: text(anchor.anchorId, '$.anchor.anchorId'),
        treeAlgorithm: 'rfc9162-sha256',
        leafEncoding: 'utf8-canonical-fingerprint',
        index: count(anchor.index, '$.anchor.index'),
        treeSize: count(anchor.treeSize, '$.anchor.treeSize'),
        leafHash: matching(anchor.leafHash, '$.anchor.leafHash', HASH_PATTERN),
        auditPath: path.map((step, i) => matching(step, `$.anchor.auditPath[${i}]`, HASH_PATTERN)),
        root: matching(anchor.root, '$.anchor.root', HASH_PATTERN),
    };
}

function parseTimestamp(value: unknown): ReceiptTimestamp {
    const timestamp = object(value, '$.timestamp');
    // Decoding the token checks its base64 and DER; a malformed token fails `trusted-time`, not the format.
    return { token: text(timestamp.token, '$.timestamp.token') };
}

function object(value: unknown, field: string): Json {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new ReceiptFormatError(field, 'must be an object');
    }
    return value as Json;
}

function text(value: unknown, field: string): string {
    if (typeof value !== 'string' || value.length === 0) {
        throw new ReceiptFormatError(field, 'must be a non-empty string');
    }
    return value;
}

function matching(value: unknown, field: string, pattern: RegExp): string {
    if (typeof value !== 'string' || !pattern.test(value)) {
        throw new ReceiptFormatError(field, `must match ${pattern.source}`);
    }
    return value;
}

function count(value: unknown, field: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
        throw new ReceiptFormatError(field, 'must be a non-negative integer');
    }
    return value;
}
