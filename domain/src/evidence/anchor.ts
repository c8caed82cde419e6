import { type MemberRole } from '../membership/roles.js';
import { MSP_IDS, type OrgMspId } from '../orgs.js';
import { type Submitter } from './evidence-record.js';
import { type Fingerprint, type FingerprintInput } from './fingerprint.js';

/**
 * Organisations that may create anchors and seal batches (`Anchor:Create`, `Anchor:Seal`). The chaincode enforces
 * it; a gateway checks it before reading a batch, so a refused organisation costs it no body, memory or disk.
 */
export const ANCHOR_WRITERS: readonly OrgMspId[] = [MSP_IDS.platform, MSP_IDS.bank];

/**
 * Roles whose members may create anchors and seal batches: every platform and every bank of the registry. The
 * chaincode's rule; {@link ANCHOR_WRITERS} names the development network's holders of these roles.
 */
export const ANCHOR_WRITER_ROLES: readonly MemberRole[] = ['platform', 'bank'];

/**
 * Leaves per stored chunk of an anchor, a power of two, so that every chunk is a subtree of the RFC 9162 tree and a
 * proof needs one chunk of leaves and the chunk roots (`@lendledger/domain/node`'s `chunkedInclusionProof`).
 */
export const ANCHOR_CHUNK_SIZE = 1024;

/**
 * The world-state object types (composite-key prefixes) of anchors and sealed batches. The chaincode keys its
 * records under them (chaincode/src/evidence/ledger-keys.ts); the verifier finds a batch's root, size and leaf index
 * among a transaction's endorsed writes by them. One definition, so a verifier cannot read a layout the chaincode
 * no longer writes.
 */
export const ANCHOR_OBJECT_TYPES = Object.freeze({
    /** [anchorId] → AnchorRecord: heads an `Anchor:Create` batch, whose leaves are on the ledger. */
    anchor: 'anchor',
    /** [anchorId, chunk] → JSON array of the chunk's canonical fingerprints, in leaf order. */
    anchorLeaves: 'anchor.leaves',
    /** [fingerprint, anchorId] → leaf index (a JSON number), written in the anchor's transaction. */
    anchorIndex: 'anchor.fp',
    /** [root] → SealedBatchRecord: heads an `Anchor:Seal` batch, whose leaves are not on the ledger. */
    sealedBatch: 'anchor.sealed',
} as const);

/** Most fingerprints one `Anchor:Create` transaction accepts (about 6 MB of transaction at this size). */
export const MAX_ANCHOR_BATCH = 20_000;

/** `Anchor:Create`: fingerprints in leaf order; no fingerprint may appear twice. */
export interface CreateAnchorRequest {
    readonly fingerprints: readonly FingerprintInput[];
}

/**
 * A bulk anchor: an RFC 9162 SHA-256 Merkle tree whose leaves are the UTF-8 bytes of canonical fingerprints, in the
 * order submitted. Its identifier is the root in hex, so anchoring the same list twice is one anchor.
 */
export interface AnchorRecord {
    readonly anchorId: string;
    /** Merkle root, lower-case hex. */
    readonly root: string;
    /** Number of leaves. */
    readonly size: number;
    /** Leaves per stored chunk; chunk i holds leaves [i·chunkSize, (i+1)·chunkSize). */
    readonly chunkSize: number;
    /** Root (hex) of each chunk's subtree; the tree over these is the anchor's tree. */
    readonly chunkRoots: readonly string[];
    /** How leaves are encoded and hashed, so a verifier needs no other document. */
    readonly leafEncoding: 'utf8-canonical-fingerprint';
    readonly treeAlgorithm: 'rfc9162-sha256';
    readonly submitter: Submitter;
    readonly txId: string;
    readonly time: string;
}

/**
 * Most leaves a sealed batch may declare. The leaves never reach the ledger, so this bounds nothing on the ledger;
 * it keeps a tree's audit paths at 24 steps or fewer.
 */
export const MAX_SEALED_BATCH = 16_777_216;

/** `Anchor:Seal`: the root and size of a Merkle tree whose leaves the submitter keeps off the ledger. */
export interface SealBatchRequest {
    /** RFC 9162 root over the UTF-8 bytes of canonical fingerprints, lower-case hex. */
    readonly root: string;
    readonly size: number;
}

/**
 * A sealed batch: only the root and size of an RFC 9162 tree are on the ledger; the submitting organisation keeps
 * the leaves and hands each fingerprint's owner its inclusion proof. A proof leading to this root proves the
 * fingerprint existed when the transaction committed, exactly as a proof into an {@link AnchorRecord} does; what
 * the ledger cannot do here is list the leaves or find a fingerprint's batch. It is the path for very large
 * volumes, where writing every leaf would cap throughput (chaincode/docs/evidence-api.md, "Sealed batches").
 */
export interface SealedBatchRecord {
    readonly anchorId: string;
    readonly root: string;
    readonly size: number;
    readonly leafEncoding: 'utf8-canonical-fingerprint';
    readonly treeAlgorithm: 'rfc9162-sha256';
    /** Where the leaves are: with the submitter, not on the ledger. */
    readonly leaves: 'OFF_LEDGER';
    readonly submitter: Submitter;
    readonly txId: string;
    readonly time: string;
}

/** The answer to `Anchor:Seal`. */
export interface SealWriteResult {
    readonly created: boolean;
    readonly batch: SealedBatchRecord;
}

/** The answer to `Anchor:Create`. */
export interface AnchorWriteResult {
    readonly created: boolean;
    readonly anchor: AnchorRecord;
}

/** `Anchor:Get`. */
export interface AnchorIdRequest {
    readonly anchorId: string;
}

/** `Anchor:GetLeaves`: one stored chunk of an anchor's leaves. */
export interface AnchorLeavesRequest {
    readonly anchorId: string;
    readonly chunk: number;
}

/** The answer to `Anchor:GetLeaves`. */
export interface AnchorLeaves {
    readonly anchorId: string;
    readonly chunk: number;
    /** Index of the chunk's first leaf in the tree. */
    readonly firstIndex: number;
    readonly leaves: readonly Fingerprint[];
}

/** `Anchor:GetProof`, `Anchor:FindByFingerprint`. Without `anchorId` the earliest anchor holding the item is used. */
export interface AnchorProofRequest {
    readonly fingerprint: FingerprintInput;
    readonly anchorId?: string;
}

/** Where a fingerprint sits in an anchor. */
export interface AnchorLocation {
    readonly anchorId: string;
    readonly index: number;
    readonly size: number;
    readonly time: string;
    readonly txId: string;
}

/** The answer to `Anchor:FindByFingerprint`: every anchor holding the fingerprint, earliest first. */
export interface AnchorLocations {
    readonly fingerprint: Fingerprint;
    readonly anchors: readonly AnchorLocation[];
}

/**
 * The answer to `Anchor:GetProof`, checkable with RFC 9162 §2.1.3.2:
 * `verifyInclusion(leafHash(utf8(fingerprint)), index, treeSize, auditPath, root)`.
 */
export interface AnchorInclusionProof {
    readonly fingerprint: Fingerprint;
    readonly anchorId: string;
    readonly index: number;
    readonly treeSize: number;
    /** RFC 9162 leaf hash of the fingerprint's leaf, hex. */
    readonly leafHash: string;
    /** Sibling hashes from the leaf upwards, hex. */
    readonly auditPath: readonly string[];
    readonly root: string;
    readonly txId: string;
    readonly time: string;
}

/** `Anchor:List`. */
export interface AnchorListRequest {
    readonly pageSize?: number;
    readonly bookmark?: string;
}

/** Payload of the `anchor.created` event. The leaves are not repeated here; `Anchor:GetLeaves` returns them. */
export interface AnchorEventPayload {
    readonly anchorId: string;
    readonly root: string;
    readonly size: number;
    readonly mspId: string;
    readonly txId: string;
}
