/** Node-only helpers: reading, drawing up and signing roots bundles, and an OpenSSL-backed signature verifier. */
export { exportRootsBundle, mspIdOfDomain, type ExportRootsOptions } from './export-roots.js';
export { loadRootsBundle } from './load-roots.js';
export { newNodeVerifier } from './node-verifier.js';
export { signRootsBundle, type RootsSigner } from './sign-roots.js';
export { loadEffectiveRoots, type RootsFiles } from './effective-roots.js';
export { loadReportFont, REPORT_FONT_ENV } from './report-font.js';
