/**
 * The hashes a Merkle tree is built from, kept apart from the tree algorithms so that each runtime brings its own
 * hash function: Node's OpenSSL in the chaincode and the gateway (`@lendledger/domain/node`), a pure-JS or
 * WebCrypto-free one in browsers (the verifier). transparency-dev/merkle's `LogHasher` splits it the same way.
 */

/** A synchronous hash of the concatenation of byte strings (SHA-256 in LendLedger's trees). */
export type Digest = (...parts: readonly Uint8Array[]) => Uint8Array;

/** The three hashes of an RFC 9162 tree. */
export interface TreeHasher {
    /** Root of the tree with no leaves: HASH of the empty string. */
    emptyRoot(): Uint8Array;
    /** Leaf hash: HASH(0x00 ‖ leaf). */
    hashLeaf(leaf: Uint8Array): Uint8Array;
    /** Interior node hash: HASH(0x01 ‖ left ‖ right). */
    hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array;
}

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/**
 * The RFC 9162 §2.1 tree hasher over a digest; the prefixes keep a leaf from ever hashing like an interior node.
 *
 * @example const SHA256_TREE = rfc9162Hasher(sha256); SHA256_TREE.hashLeaf(new TextEncoder().encode('leaf'))
 */
export function rfc9162Hasher(digest: Digest): TreeHasher {
    return Object.freeze({
        emptyRoot: () => digest(),
        hashLeaf: (leaf: Uint8Array) => digest(LEAF_PREFIX, leaf),
        hashChildren: (left: Uint8Array, right: Uint8Array) => digest(NODE_PREFIX, left, right),
    });
}
