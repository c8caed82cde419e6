/**
 * Offline verification of LendLedger receipts: no Fabric SDK, no network, no Node built-ins, so the same code runs
 * in Node and in browsers. The main entry is the union of its audiences' entries, `./verify` (check receipts),
 * `./build` (make receipts), `./report` (notary reports) and `./package` (case packages); Node-only helpers (files,
 * OpenSSL-backed ECDSA) are in `./node`.
 */
export * from './build.js';
export * from './package.js';
export * from './report.js';
export * from './verify.js';
