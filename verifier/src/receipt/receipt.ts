/** Format tag of the receipts this verifier reads: version 2 adds the validity witness and the time-stamp token. */
export const RECEIPT_FORMAT = 'lendledger-receipt/2';

/** A fingerprint in canonical form, `<algorithm>:<lower-case hex digest>`. */
export const FINGERPRINT_PATTERN = /^(?:sha256|sm3):[0-9a-f]{64}$/;

/** A SHA-256 digest in lower-case hex: transaction IDs, Merkle leaf hashes, audit path steps and roots. */
export const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** An organisation member as a person reads it. */
export interface ReceiptIdentity {
    /** MSP ID; empty for a BFT consenter named only by number (the summary was built without the consenter set). */
    readonly mspId: string;
    /** Subject DN of the certificate, RFC 4514 order (`CN=…,OU=…,…`). */
    readonly subject: string;
    /** NodeOU role (client, peer, admin, orderer) when the certificate carries one. */
    readonly role?: string;
}

/** Where the fingerprint (or the anchor root holding it) sits in the transaction's writes. */
export interface ReceiptWrite {
    /** World-state key exactly as written (composite keys keep their U+0000 separators). */
    readonly key: string;
    /** Top-level member of the written JSON value that holds the fingerprint or anchor root. */
    readonly member: string;
}

/** RFC 9162 inclusion proof of the fingerprint in an anchored batch (the shape `Anchor:GetProof` answers). */
export interface ReceiptAnchor {
    readonly anchorId: string;
    readonly treeAlgorithm: 'rfc9162-sha256';
    readonly leafEncoding: 'utf8-canonical-fingerprint';
    readonly index: number;
    readonly treeSize: number;
    /** SHA-256(0x00 ‖ UTF-8 fingerprint), hex. */
    readonly leafHash: string;
    /** Sibling hashes from the leaf upwards, hex. */
    readonly auditPath: readonly string[];
    /** Merkle root, hex: the value the transaction wrote. */
    readonly root: string;
}

/**
 * A validity witness: a transaction that peers of several organisations endorsed and nobody submitted, a
 * `Witness:Read` of the receipt's key whose signed read set holds the key's committed version.
 */
export interface ReceiptWitness {
    /** The serialized common.Envelope of the endorsed transaction, base64. */
    readonly envelope: string;
}

/** The human-readable account of what the receipt proves; recomputed and compared by the `summary` check. */
export interface ReceiptSummary {
    readonly statement: string;
    readonly channel: string;
    readonly chaincode: string;
    readonly function: string | null;
    readonly blockNumber: number;
    readonly transactionIndex: number;
    readonly transactionId: string;
    /** The transaction's timestamp as its submitting client asserted it, ISO-8601. */
    readonly time: string | null;
    readonly writtenBy: ReceiptIdentity;
    readonly endorsedBy: readonly ReceiptIdentity[];
    readonly orderedBy: readonly ReceiptIdentity[];
    /** The committing peer's validation code, e.g. `VALID`. */
    readonly validation: string;
    /** The written key in readable form (`probe/name`). */
    readonly key: string;
    readonly member: string;
}

/** An RFC 3161 time-stamp token over the receipt block's header bytes. */
export interface ReceiptTimestamp {
    /** The DER TimeStampToken (CMS SignedData over a TSTInfo), base64. */
    readonly token: string;
}

/** A self-contained, offline-checkable proof that a fingerprint was written to the ledger. */
export interface Receipt {
    readonly format: typeof RECEIPT_FORMAT;
    /** `<algorithm>:<hex digest>` of the (salted) document. */
    readonly fingerprint: string;
    readonly channel: string;
    readonly chaincode: string;
    readonly transaction: { readonly id: string; readonly index: number };
    readonly write: ReceiptWrite;
    /** Present when the fingerprint was anchored in a batch. */
    readonly anchor?: ReceiptAnchor;
    /** The block holding the transaction: its number and its serialized common.Block, base64. */
    readonly block: { readonly number: number; readonly bytes: string };
    /** Proof that the transaction committed valid; required for a receipt to verify (check `validity-witness`). */
    readonly witness?: ReceiptWitness;
    readonly summary: ReceiptSummary;
    /** The RFC 3161 time-stamp of the block (imprint: SHA-256 of its header's DER); checked by `trusted-time`. */
    readonly timestamp?: ReceiptTimestamp;
    /** When the receipt was assembled; informational, not covered by any signature. */
    readonly issuedAt?: string;
}
