import { ANCHOR_OBJECT_TYPES } from '@lendledger/domain';
import { type KeyWrite } from '../decode/endorser-action.js';
import { fromUtf8 } from '../encoding/bytes.js';
import { type Verdict } from '../verdict.js';
import { HASH_PATTERN } from './receipt.js';
import { jsonMembers, readableKey } from './written-member.js';

/** What the transaction's endorsed writes say about a batch's tree: signed bytes, unlike the receipt's proof. */
export interface RecordedTree {
    /** `anchor` (leaves and per-fingerprint index on the ledger) or `sealed` (root and size only). */
    readonly kind: 'anchor' | 'sealed';
    readonly anchorId: string;
    readonly root: string;
    /** The number of leaves, as the batch's record holds it. */
    readonly size: number;
    /** The fingerprint's leaf index, as the anchor's index entry holds it; sealed batches record none. */
    readonly index: number | undefined;
}

/** The recorded tree, or why the transaction records none for this write. */
export type RecordedTreeResult =
    { readonly ok: true; readonly tree: RecordedTree } | { readonly ok: false; readonly reason: string };

/** A composite key (`\0type\0attr\0…\0`), as the shim builds it. */
function compositeKey(objectType: string, attributes: readonly string[]): string {
    return `\u0000${[objectType, ...attributes].map((part) => `${part}\u0000`).join('')}`;
}

function objectTypeOf(key: string): string | undefined {
    return key.startsWith('\u0000') ? key.split('\u0000')[1] : undefined;
}

function liveWrite(writes: readonly KeyWrite[], namespace: string, key: string): KeyWrite | undefined {
    return writes.find((w) => w.namespace === namespace && w.key === key && !w.isDelete);
}

/**
 * Reads, from a transaction's endorsed writes, the batch record at `key` (the write holding the root) and, for an
 * anchor, the leaf index it recorded for `fingerprint`. A root written anywhere else (a probe, say) has no size on
 * the ledger, so no proof into it can be exact: the result says so. The batch layout is the domain's
 * `ANCHOR_OBJECT_TYPES`, which the chaincode keys by; the recorded fixtures come from the real chaincode, so their
 * tests fail if the layout moves.
 */
export function recordedTree(
    writes: readonly KeyWrite[],
    namespace: string,
    key: string,
    fingerprint: string,
): RecordedTreeResult {
    const type = objectTypeOf(key);
    const kind =
        type === ANCHOR_OBJECT_TYPES.anchor ? 'anchor' : type === ANCHOR_OBJECT_TYPES.sealedBatch ? 'sealed' : null;
    if (kind === null) {
        return {
            ok: false,
            reason: `${readableKey(key)} is not an anchor or a sealed batch, so the ledger records no tree size for it`,
        };
    }
    const head = batchRecord(liveWrite(writes, namespace, key), key);
    if (!head.ok || kind === 'sealed') {
        return head.ok ? { ok: true, tree: { kind, ...head.record, index: undefined } } : head;
    }
    const { anchorId, size } = head.record;
    const entry = liveWrite(writes, namespace, compositeKey(ANCHOR_OBJECT_TYPES.anchorIndex, [fingerprint, anchorId]));
    const index = entry === undefined ? undefined : leafIndexOf(entry.value, size);
    if (index === undefined) {
        return { ok: false, reason: `the anchor's transaction records no leaf index for ${fingerprint}` };
    }
    return { ok: true, tree: { kind, ...head.record, index } };
}

type BatchRecord = Pick<RecordedTree, 'anchorId' | 'root' | 'size'>;

/** The members of a batch record a proof is held to, or why the write holds no usable record. */
function batchRecord(
    write: KeyWrite | undefined,
    key: string,
): { readonly ok: true; readonly record: BatchRecord } | { readonly ok: false; readonly reason: string } {
    const record = write === undefined ? undefined : jsonMembers(write.value);
    if (record === undefined) {
        return { ok: false, reason: `the transaction writes no batch record under ${readableKey(key)}` };
    }
    const { anchorId, root, size, treeAlgorithm, leafEncoding } = record;
    if (typeof root !== 'string' || !HASH_PATTERN.test(root) || typeof anchorId !== 'string') {
        return { ok: false, reason: `the batch record ${readableKey(key)} holds no hex root and anchor ID` };
    }
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) {
        return { ok: false, reason: `the batch record ${readableKey(key)} holds no tree size` };
    }
    if (treeAlgorithm !== 'rfc9162-sha256' || leafEncoding !== 'utf8-canonical-fingerprint') {
        return {
            ok: false,
            reason: `the batch record is a ${String(treeAlgorithm)} tree of ${String(leafEncoding)} leaves`,
        };
    }
    return { ok: true, record: { anchorId, root, size } };
}

/** An index entry's value: a bare JSON integer inside the tree. */
function leafIndexOf(value: Uint8Array, size: number): number | undefined {
    const text = fromUtf8(value);
    const index = /^(?:0|[1-9][0-9]*)$/.test(text) ? Number(text) : Number.NaN;
    return Number.isSafeInteger(index) && index < size ? index : undefined;
}

/** The proof's claims about its tree, as a receipt or `Anchor:GetProof` states them. */
export interface ClaimedPosition {
    readonly anchorId: string;
    readonly index: number;
    readonly treeSize: number;
    readonly root: string;
}

/**
 * Whether a proof claims the tree the ledger recorded: the same root and anchor ID, the recorded size, and, for an
 * anchor, the recorded leaf index. RFC 9162 verification alone cannot tell: it reads only the index and the size to
 * pick each step's side, so one audit path reaches the same root at every (index, size) making the same choices
 * (leaf 6 of 7 and leaf 3 of 4, say). With the size fixed, each leaf has its own choices, so the path then pins the
 * index of a sealed batch too (two leaves holding the same fingerprint aside, where both claims are true).
 */
export function claimMatchesLedger(claim: ClaimedPosition, tree: RecordedTree, fingerprint: string): Verdict {
    if (claim.root !== tree.root) {
        return { ok: false, reason: `the proof names root ${claim.root}, the ledger recorded ${tree.root}` };
    }
    if (claim.anchorId !== tree.anchorId) {
        return { ok: false, reason: `the proof names anchor ${claim.anchorId}, the ledger recorded ${tree.anchorId}` };
    }
    if (claim.treeSize !== tree.size) {
        return {
            ok: false,
            reason: `the proof claims a tree of ${claim.treeSize} leaves, the ledger recorded ${tree.size}`,
        };
    }
    if (tree.index !== undefined && claim.index !== tree.index) {
        return {
            ok: false,
            reason: `the proof claims leaf ${claim.index}, the ledger recorded ${fingerprint} as leaf ${tree.index}`,
        };
    }
    return { ok: true };
}
