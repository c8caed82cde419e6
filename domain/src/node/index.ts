// Node-only parts of the domain: the SHA-256 of node:crypto and what the chaincode and the gateway compute with it
// (RFC 9162 trees, anchor chunks, case-package roots, evidence link hashes, the loan tape's frontier). The package's
// main entry holds no Node built-in; browsers inject their own hasher into its `rfc9162` code instead.
export { chunkedInclusionProof, chunkRoots } from './anchor-tree.js';
export { evidenceLinkHash } from './evidence-link-hash.js';
export { fingerprintLeafHash, fingerprintTreeRoot } from './fingerprint-tree.js';
export {
    consistencyProof,
    inclusionProof,
    leafHash,
    merkleRoot,
    nodeHash,
    rootOfLeafHashes,
    verifyConsistency,
    verifyInclusion,
} from './merkle.js';
export { sha256, SHA256_TREE_HASHER } from './sha256.js';
export { appendToFrontier, type CompletedSubtree, frontierRoot } from './tape-frontier.js';
