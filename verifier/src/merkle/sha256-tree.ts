import { rfc9162Hasher, type TreeHasher } from '@lendledger/domain';
import { sha256 } from '../crypto/sha256.js';

/**
 * The anchors' RFC 9162 tree hasher over SHA-256, on @noble/hashes so that it runs in a browser. The tree code itself
 * is the domain's (`rfc9162` of `@lendledger/domain`), the same the chaincode builds anchors with.
 */
export const SHA256_TREE: TreeHasher = rfc9162Hasher(sha256);
