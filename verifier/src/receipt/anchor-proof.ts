import { rfc9162 } from '@lendledger/domain';
import { bytesEqual, fromHex, toHex, utf8 } from '../encoding/bytes.js';
import { SHA256_TREE } from '../merkle/sha256-tree.js';
import { type Verdict } from '../verdict.js';
import { HASH_PATTERN, type ReceiptAnchor } from './receipt.js';

/** An anchor inclusion proof as the chaincode's `Anchor:GetProof` answers it (domain `AnchorInclusionProof`). */
export interface AnchorProofInput {
    readonly fingerprint?: string;
    readonly anchorId: string;
    readonly index: number;
    readonly treeSize: number;
    readonly leafHash?: string;
    readonly auditPath: readonly string[];
    readonly root: string;
}

/**
 * Checks an RFC 9162 inclusion proof of `fingerprint` (leaf = its UTF-8 bytes) against the proof's root: whether it
 * leads there, or why it leads nowhere.
 */
export function checkInclusion(fingerprint: string, anchor: Omit<AnchorProofInput, 'fingerprint'>): Verdict {
    const leaf = SHA256_TREE.hashLeaf(utf8(fingerprint));
    if (anchor.leafHash !== undefined && anchor.leafHash !== toHex(leaf)) {
        return {
            ok: false,
            reason: `the proof's leaf hash ${anchor.leafHash} is not the fingerprint's ${toHex(leaf)}`,
        };
    }
    let path: Uint8Array[];
    try {
        path = anchor.auditPath.map(fromHex);
    } catch {
        return { ok: false, reason: 'an audit path step is not hexadecimal' };
    }
    const root = rfc9162.rootFromInclusionProof(SHA256_TREE, leaf, anchor.index, anchor.treeSize, path);
    if (root === undefined) {
        return {
            ok: false,
            reason: `${path.length} steps cannot prove leaf ${anchor.index} of a tree of ${anchor.treeSize}`,
        };
    }
    if (!HASH_PATTERN.test(anchor.root) || !bytesEqual(root, fromHex(anchor.root))) {
        return { ok: false, reason: `the proof leads to root ${toHex(root)}, not to ${anchor.root}` };
    }
    return { ok: true };
}

/** The receipt's anchor section for a proof input. */
export function receiptAnchorOf(fingerprint: string, input: AnchorProofInput): ReceiptAnchor {
    return {
        anchorId: input.anchorId,
        treeAlgorithm: 'rfc9162-sha256',
        leafEncoding: 'utf8-canonical-fingerprint',
        index: input.index,
        treeSize: input.treeSize,
        leafHash: toHex(SHA256_TREE.hashLeaf(utf8(fingerprint))),
        auditPath: [...input.auditPath],
        root: input.root,
    };
}
