// Node-only parts of the domain: the SHA-256 tree hasher over node:crypto. Browsers inject their own hasher into the
// RFC 9162 code of `@lendledger/domain/portable` instead.
export { sha256, SHA256_TREE_HASHER } from './sha256.js';
