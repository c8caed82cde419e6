/** Node-only helpers: reading and exporting roots bundles, and an OpenSSL-backed signature verifier. */
export { exportRootsBundle, mspIdOfDomain, type ExportRootsOptions } from './export-roots.js';
export { loadRootsBundle } from './load-roots.js';
export { newNodeVerifier } from './node-verifier.js';
